/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-routing.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/visitors.hpp>
#include <limits>
#include <map>

namespace ns3
{

namespace
{
using SwitchGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
constexpr uint32_t UNREACHED = std::numeric_limits<uint32_t>::max();
} // namespace

FabricRouting::FabricRouting(const FabricTopology& topology)
{
    const auto& nodes = topology.GetNodes();
    const auto& links = topology.GetLinks();
    m_ordinal.resize(nodes.size());
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        if (nodes[n].role == FabricRole::GPU)
        {
            m_ordinal[n] = static_cast<uint32_t>(m_gpuNodes.size());
            m_gpuNodes.push_back(n);
        }
        else
        {
            m_ordinal[n] = static_cast<uint32_t>(m_switchNodes.size());
            m_switchNodes.push_back(n);
        }
    }
    m_gpuTargetStart.reserve(m_gpuNodes.size() + 1);
    m_scaleUpDomain.assign(m_gpuNodes.size(), -1);
    m_targetOfSwitch.assign(m_switchNodes.size(), -1);
    for (uint32_t g = 0; g < m_gpuNodes.size(); ++g)
    {
        m_gpuTargetStart.push_back(static_cast<uint32_t>(m_gpuTargetList.size()));
        for (uint32_t linkId : topology.GetPorts(m_gpuNodes[g]))
        {
            const TopoLink& link = links[linkId];
            const uint32_t other = link.Other(m_gpuNodes[g]);
            if (nodes[other].role == FabricRole::GPU)
            {
                continue;
            }
            if (nodes[other].role == FabricRole::NVSWITCH && m_scaleUpDomain[g] < 0)
            {
                m_scaleUpDomain[g] = other;
            }
            const uint32_t sw = m_ordinal[other];
            if (m_targetOfSwitch[sw] < 0)
            {
                m_targetOfSwitch[sw] = static_cast<int32_t>(m_targetSwitch.size());
                m_targetSwitch.push_back(sw);
            }
            m_gpuTargetList.push_back(static_cast<uint32_t>(m_targetOfSwitch[sw]));
        }
    }
    m_gpuTargetStart.push_back(static_cast<uint32_t>(m_gpuTargetList.size()));
    m_gpuSoleTarget.assign(m_gpuNodes.size(), -1);
    for (uint32_t g = 0; g < m_gpuNodes.size(); ++g)
    {
        if (m_gpuTargetStart[g + 1] == m_gpuTargetStart[g] + 1)
        {
            m_gpuSoleTarget[g] = static_cast<int32_t>(m_gpuTargetList[m_gpuTargetStart[g]]);
        }
    }
    m_tables.resize(m_switchNodes.size());
}

void
FabricRouting::Compute(const FabricTopology& topology)
{
    ++m_computations;
    const auto& nodes = topology.GetNodes();
    const auto& links = topology.GetLinks();
    const uint32_t nSwitches = GetNSwitches();

    SwitchGraph graph(nSwitches);
    for (const TopoLink& link : links)
    {
        if (link.up && nodes[link.a].role != FabricRole::GPU &&
            nodes[link.b].role != FabricRole::GPU)
        {
            boost::add_edge(m_ordinal[link.a], m_ordinal[link.b], graph);
        }
    }

    // Per switch: each distinct set's position in its port list.
    std::vector<std::map<std::vector<uint16_t>, uint32_t>> setIndex(nSwitches);
    for (uint32_t s = 0; s < nSwitches; ++s)
    {
        FabricForwardingTable& table = m_tables[s];
        table.targets.assign(m_targetSwitch.size(), FabricForwardingTable::Entry());
        table.ports.clear();
        table.attached.clear();
        const auto& ports = topology.GetPorts(m_switchNodes[s]);
        for (uint16_t p = 0; p < ports.size(); ++p)
        {
            const TopoLink& link = links[ports[p]];
            const uint32_t other = link.Other(m_switchNodes[s]);
            if (link.up && nodes[other].role == FabricRole::GPU)
            {
                table.attached.emplace_back(m_ordinal[other], p);
            }
        }
        // By GPU; a GPU with two links here keeps its last one, as a map assignment would.
        auto& att = table.attached;
        std::stable_sort(att.begin(), att.end(), [](const auto& x, const auto& y) {
            return x.first < y.first;
        });
        std::vector<std::pair<uint32_t, uint16_t>> unique;
        for (std::size_t i = 0; i < att.size(); ++i)
        {
            if (i + 1 == att.size() || att[i + 1].first != att[i].first)
            {
                unique.push_back(att[i]);
            }
        }
        att.swap(unique);
    }

    std::vector<uint32_t> dist(nSwitches);
    std::vector<uint16_t> hops;
    for (uint32_t t = 0; t < m_targetSwitch.size(); ++t)
    {
        const uint32_t root = m_targetSwitch[t];
        std::fill(dist.begin(), dist.end(), UNREACHED);
        dist[root] = 0;
        boost::breadth_first_search(
            graph,
            boost::vertex(root, graph),
            boost::visitor(boost::make_bfs_visitor(
                boost::record_distances(dist.data(), boost::on_tree_edge()))));
        for (uint32_t s = 0; s < nSwitches; ++s)
        {
            if (dist[s] == UNREACHED)
            {
                continue;
            }
            FabricForwardingTable& table = m_tables[s];
            table.targets[t].hops = static_cast<uint16_t>(dist[s]);
            if (s == root)
            {
                continue; // GPUs attached here: the attached map
            }
            hops.clear();
            const auto& ports = topology.GetPorts(m_switchNodes[s]);
            for (uint16_t p = 0; p < ports.size(); ++p)
            {
                const TopoLink& link = links[ports[p]];
                const uint32_t other = link.Other(m_switchNodes[s]);
                if (link.up && nodes[other].role != FabricRole::GPU &&
                    dist[m_ordinal[other]] + 1 == dist[s])
                {
                    hops.push_back(p);
                }
            }
            if (hops.empty())
            {
                continue;
            }
            auto inserted = setIndex[s].emplace(hops, static_cast<uint32_t>(table.ports.size()));
            if (inserted.second)
            {
                table.ports.insert(table.ports.end(), hops.begin(), hops.end());
            }
            table.targets[t].first = inserted.first->second;
            table.targets[t].count = static_cast<uint16_t>(hops.size());
        }
    }
}

FabricPortSet
FabricRouting::NextHops(uint32_t switchOrdinal, uint32_t gpu, int32_t& attachedPort) const
{
    attachedPort = -1;
    const FabricForwardingTable& table = m_tables[switchOrdinal];
    // The GPU's port, if it is attached to this switch.
    auto attachedHere = [&table, gpu, &attachedPort]() {
        const auto& att = table.attached;
        auto it = std::lower_bound(
            att.begin(),
            att.end(),
            gpu,
            [](const std::pair<uint32_t, uint16_t>& e, uint32_t g) { return e.first < g; });
        if (it != att.end() && it->first == gpu)
        {
            attachedPort = it->second;
        }
    };
    const int32_t sole = m_gpuSoleTarget[gpu];
    if (sole >= 0)
    {
        // One attachment (every GPU of a fat tree): its target's entry, one load fewer.
        if (m_targetSwitch[sole] == switchOrdinal)
        {
            attachedHere();
            return FabricPortSet{};
        }
        const FabricForwardingTable::Entry& e = table.targets[sole];
        return e.count > 0 ? table.SetOf(e) : FabricPortSet{};
    }
    const FabricForwardingTable::Entry* best = nullptr;
    uint32_t bestHops = UNREACHED;
    for (uint32_t i = m_gpuTargetStart[gpu]; i < m_gpuTargetStart[gpu + 1]; ++i)
    {
        const uint32_t t = m_gpuTargetList[i];
        if (m_targetSwitch[t] == switchOrdinal)
        {
            attachedHere();
            if (attachedPort >= 0)
            {
                return FabricPortSet{};
            }
            continue;
        }
        const FabricForwardingTable::Entry& e = table.targets[t];
        if (e.count > 0 && e.hops < bestHops)
        {
            bestHops = e.hops;
            best = &e;
        }
    }
    return best ? table.SetOf(*best) : FabricPortSet{};
}

const FabricForwardingTable&
FabricRouting::GetTable(uint32_t switchOrdinal) const
{
    return m_tables[switchOrdinal];
}

uint32_t
FabricRouting::GetNGpus() const
{
    return static_cast<uint32_t>(m_gpuNodes.size());
}

uint32_t
FabricRouting::GetNSwitches() const
{
    return static_cast<uint32_t>(m_switchNodes.size());
}

uint32_t
FabricRouting::GetGpuNode(uint32_t gpu) const
{
    return m_gpuNodes[gpu];
}

uint32_t
FabricRouting::GetSwitchNode(uint32_t sw) const
{
    return m_switchNodes[sw];
}

uint32_t
FabricRouting::GetOrdinal(uint32_t node) const
{
    return m_ordinal[node];
}

int64_t
FabricRouting::GetScaleUpDomain(uint32_t gpu) const
{
    return m_scaleUpDomain[gpu];
}

uint32_t
FabricRouting::GetComputations() const
{
    return m_computations;
}

} // namespace ns3
