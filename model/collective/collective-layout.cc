/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-layout.h"

#include "ns3/fabric-config-error.h"
#include "ns3/fabric-network.h"

#include <map>
#include <numeric>
#include <set>

namespace ns3
{

CollectiveLayout::CollectiveLayout(std::vector<uint32_t> gpus,
                                   std::vector<int64_t> domains,
                                   std::vector<int64_t> leaves)
    : m_gpus(std::move(gpus)),
      m_domains(std::move(domains)),
      m_leaves(std::move(leaves))
{
    if (m_domains.size() != m_gpus.size() || m_leaves.size() != m_gpus.size())
    {
        throw FabricConfigError("collective layout: " + std::to_string(m_gpus.size()) +
                                " GPUs but " + std::to_string(m_domains.size()) + " domains and " +
                                std::to_string(m_leaves.size()) + " leaves");
    }
    std::set<uint32_t> seen;
    for (uint32_t g : m_gpus)
    {
        if (!seen.insert(g).second)
        {
            throw FabricConfigError("collective layout: GPU " + std::to_string(g) +
                                    " is given as two ranks");
        }
    }
    std::map<int64_t, std::size_t> groupOfDomain;
    m_groupOf.assign(m_gpus.size(), -1);
    m_localIndex.assign(m_gpus.size(), 0);
    for (uint32_t r = 0; r < m_gpus.size(); ++r)
    {
        if (m_domains[r] < 0)
        {
            continue;
        }
        auto it = groupOfDomain.find(m_domains[r]);
        if (it == groupOfDomain.end())
        {
            it = groupOfDomain.emplace(m_domains[r], m_groups.size()).first;
            m_groups.emplace_back();
        }
        m_groupOf[r] = static_cast<int64_t>(it->second);
        m_localIndex[r] = static_cast<uint32_t>(m_groups[it->second].size());
        m_groups[it->second].push_back(r);
    }
}

CollectiveLayout
CollectiveLayout::FromNetwork(const FabricNetwork& network, const std::vector<uint32_t>& gpus)
{
    std::vector<uint32_t> ranks = gpus;
    if (ranks.empty())
    {
        ranks.resize(network.GetNGpus());
        std::iota(ranks.begin(), ranks.end(), 0);
    }
    const FabricTopology& topo = network.GetTopology();
    Ptr<FabricRouting> routing = network.GetRouting();
    std::vector<int64_t> domains;
    std::vector<int64_t> leaves;
    for (uint32_t g : ranks)
    {
        if (g >= network.GetNGpus())
        {
            throw FabricConfigError("collective: GPU " + std::to_string(g) +
                                    " does not exist (the fabric has " +
                                    std::to_string(network.GetNGpus()) + " GPUs)");
        }
        domains.push_back(routing->GetScaleUpDomain(g));
        const uint32_t node = routing->GetGpuNode(g);
        int64_t leaf = -1;
        for (uint32_t l : topo.GetPorts(node))
        {
            const uint32_t other = topo.GetLinks()[l].Other(node);
            const FabricRole role = topo.GetNodes()[other].role;
            if (role != FabricRole::NVSWITCH && role != FabricRole::GPU)
            {
                leaf = other;
                break;
            }
        }
        leaves.push_back(leaf);
    }
    return CollectiveLayout(ranks, domains, leaves);
}

uint32_t
CollectiveLayout::GetRanks() const
{
    return static_cast<uint32_t>(m_gpus.size());
}

uint32_t
CollectiveLayout::GetGpu(uint32_t rank) const
{
    return m_gpus.at(rank);
}

const std::vector<uint32_t>&
CollectiveLayout::GetGpus() const
{
    return m_gpus;
}

int64_t
CollectiveLayout::GetDomain(uint32_t rank) const
{
    return m_domains.at(rank);
}

bool
CollectiveLayout::AllInDomains() const
{
    for (int64_t d : m_domains)
    {
        if (d < 0)
        {
            return false;
        }
    }
    return !m_domains.empty();
}

const std::vector<std::vector<uint32_t>>&
CollectiveLayout::GetDomainGroups() const
{
    return m_groups;
}

bool
CollectiveLayout::EqualGroups() const
{
    for (const auto& g : m_groups)
    {
        if (g.size() != m_groups.front().size())
        {
            return false;
        }
    }
    return !m_groups.empty();
}

int64_t
CollectiveLayout::GetGroup(uint32_t rank) const
{
    return m_groupOf.at(rank);
}

uint32_t
CollectiveLayout::GetLocalIndex(uint32_t rank) const
{
    return m_localIndex.at(rank);
}

int64_t
CollectiveLayout::GetLeaf(uint32_t rank) const
{
    return m_leaves.at(rank);
}

int64_t
CollectiveLayout::FindRelay(uint32_t src, uint32_t dst) const
{
    const int64_t group = m_groupOf.at(src);
    if (group < 0 || m_leaves.at(dst) < 0)
    {
        return -1;
    }
    for (uint32_t r : m_groups[group])
    {
        if (m_leaves[r] == m_leaves[dst])
        {
            return r;
        }
    }
    return -1;
}

} // namespace ns3
