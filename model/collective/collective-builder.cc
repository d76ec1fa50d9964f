/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-builder.h"

#include "ns3/assert.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// A right-open byte interval.
typedef boost::icl::discrete_interval<uint64_t> Interval;
} // namespace

CollectiveBuilder::CollectiveBuilder(CollectiveSchedule& schedule,
                                     uint32_t ranks,
                                     uint64_t chunkBytes)
    : m_schedule(schedule),
      m_chunkBytes(chunkBytes),
      m_waits(ranks)
{
    NS_ASSERT(chunkBytes > 0);
}

void
CollectiveBuilder::Send(uint32_t src,
                        uint32_t dst,
                        uint64_t lo,
                        uint64_t hi,
                        uint32_t channel,
                        uint32_t step,
                        bool reduce)
{
    const WaitMap& waits = m_waits.at(src);
    for (uint64_t a = lo; a < hi; a += m_chunkBytes)
    {
        const uint64_t b = std::min(hi, a + m_chunkBytes);
        std::set<uint32_t> deps;
        const auto range = waits.equal_range(Interval::right_open(a, b));
        for (auto it = range.first; it != range.second; ++it)
        {
            deps.insert(it->second.begin(), it->second.end());
        }
        const uint32_t id = m_schedule.Add(src,
                                           dst,
                                           b - a,
                                           channel,
                                           step,
                                           std::vector<uint32_t>(deps.begin(), deps.end()));
        m_pending.push_back(Write{dst, a, b, id, reduce});
    }
}

void
CollectiveBuilder::EndStep()
{
    for (const Write& w : m_pending)
    {
        WaitMap& waits = m_waits.at(w.rank);
        const Interval range = Interval::right_open(w.lo, w.hi);
        if (!w.reduce)
        {
            waits.erase(range);
        }
        waits += std::make_pair(range, std::set<uint32_t>{w.id});
    }
    m_pending.clear();
}

std::vector<uint64_t>
CollectiveBuilder::Split(uint64_t lo, uint64_t hi, uint32_t parts)
{
    NS_ASSERT(parts > 0 && hi >= lo);
    const uint64_t size = hi - lo;
    const uint64_t base = size / parts;
    const uint64_t extra = size % parts;
    std::vector<uint64_t> bounds{lo};
    for (uint32_t p = 0; p < parts; ++p)
    {
        bounds.push_back(bounds.back() + base + (p < extra ? 1 : 0));
    }
    return bounds;
}

} // namespace ns3
