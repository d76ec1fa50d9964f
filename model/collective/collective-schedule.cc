/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-schedule.h"

#include "collective-tag.h"

#include "ns3/assert.h"
#include "ns3/fabric-config-error.h"

#include <algorithm>
#include <boost/container_hash/hash.hpp>

namespace ns3
{

std::size_t
CollectiveSchedule::KeyHash::operator()(const Key& k) const
{
    std::size_t seed = 0;
    boost::hash_combine(seed, k.src);
    boost::hash_combine(seed, k.dst);
    boost::hash_combine(seed, k.channel);
    boost::hash_combine(seed, k.step);
    return seed;
}

uint32_t
CollectiveSchedule::Add(uint32_t src,
                        uint32_t dst,
                        uint64_t bytes,
                        uint32_t channel,
                        uint32_t step,
                        const std::vector<uint32_t>& deps)
{
    NS_ASSERT_MSG(src != dst && bytes > 0, "a collective message crosses between two ranks");
    if (channel >= CollectiveTag::MAX_CHANNELS || step >= CollectiveTag::MAX_STEPS)
    {
        throw FabricConfigError("collective: channel " + std::to_string(channel) + " or step " +
                                std::to_string(step) + " exceeds what a message tag holds (" +
                                std::to_string(CollectiveTag::MAX_CHANNELS) + " channels, " +
                                std::to_string(CollectiveTag::MAX_STEPS) + " steps)");
    }
    std::vector<uint32_t>& chunks = m_byKey[Key{src, dst, channel, step}];
    if (chunks.size() >= CollectiveTag::MAX_CHUNKS)
    {
        throw FabricConfigError("collective: more than " +
                                std::to_string(CollectiveTag::MAX_CHUNKS) +
                                " messages from one rank to another in one step; raise "
                                "ChunkBytes");
    }
    const uint32_t index = static_cast<uint32_t>(m_transfers.size());
    CollectiveTransfer t;
    t.src = src;
    t.dst = dst;
    t.bytes = bytes;
    t.channel = channel;
    t.step = step;
    t.chunk = static_cast<uint32_t>(chunks.size());
    chunks.push_back(index);
    m_transfers.push_back(t);
    m_depCount.push_back(static_cast<uint32_t>(deps.size()));
    for (uint32_t d : deps)
    {
        NS_ASSERT_MSG(d < index, "dependencies come first");
        NS_ASSERT_MSG(m_transfers[d].dst == src,
                      "a message waits for data delivered at its sender");
        m_edges.emplace_back(d, index);
    }
    m_steps = std::max(m_steps, step + 1);
    m_totalBytes += bytes;
    return index;
}

void
CollectiveSchedule::Finalize()
{
    // Counting sort of the edges by dependency: compressed rows of dependents.
    m_dependentStart.assign(m_transfers.size() + 1, 0);
    for (const auto& e : m_edges)
    {
        ++m_dependentStart[e.first + 1];
    }
    for (std::size_t i = 1; i < m_dependentStart.size(); ++i)
    {
        m_dependentStart[i] += m_dependentStart[i - 1];
    }
    m_dependents.assign(m_edges.size(), 0);
    std::vector<uint32_t> fill(m_dependentStart.begin(), m_dependentStart.end() - 1);
    for (const auto& e : m_edges)
    {
        m_dependents[fill[e.first]++] = e.second;
    }
    m_edges.clear();
    m_edges.shrink_to_fit();
}

const std::vector<CollectiveTransfer>&
CollectiveSchedule::GetTransfers() const
{
    return m_transfers;
}

uint32_t
CollectiveSchedule::GetDependencyCount(uint32_t index) const
{
    return m_depCount.at(index);
}

std::vector<uint32_t>
CollectiveSchedule::GetDependents(uint32_t index) const
{
    std::vector<uint32_t> out;
    ForEachDependent(index, [&out](uint32_t d) { out.push_back(d); });
    return out;
}

int64_t
CollectiveSchedule::Find(uint32_t src,
                         uint32_t dst,
                         uint32_t channel,
                         uint32_t step,
                         uint32_t chunk) const
{
    const auto it = m_byKey.find(Key{src, dst, channel, step});
    if (it == m_byKey.end() || chunk >= it->second.size())
    {
        return -1;
    }
    return it->second[chunk];
}

uint32_t
CollectiveSchedule::GetSteps() const
{
    return m_steps;
}

uint64_t
CollectiveSchedule::GetTotalBytes() const
{
    return m_totalBytes;
}

} // namespace ns3
