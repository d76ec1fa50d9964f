/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ring algorithms: reduce-scatter, all-gather, all-reduce and the broadcast chain, and the
// hierarchical all-reduce built from rings inside and across scale-up domains.

#include "collective-algorithms.h"

#include <algorithm>
#include <numeric>

namespace ns3
{

namespace
{
/// One ring of a phase: its ranks in order and the byte range it works on.
struct RingSpec
{
    std::vector<uint32_t> order; //!< ranks around the ring
    uint64_t lo;                 //!< first byte
    uint64_t hi;                 //!< one past the last byte
    uint32_t channel;            //!< channel of its messages
};

/**
 * \brief Run rings side by side, step by step: a reduce-scatter (position i ends with block i
 * of its range combined over the ring) or an all-gather (position i starts with block i and
 * ends with all blocks).
 * \param builder output
 * \param rings the rings
 * \param reduce reduce-scatter if true, all-gather otherwise
 * \param firstStep step number of the first step
 * \return steps taken (n - 1 for the largest ring)
 */
uint32_t
RingPhase(CollectiveBuilder& builder,
          const std::vector<RingSpec>& rings,
          bool reduce,
          uint32_t firstStep)
{
    std::vector<std::vector<uint64_t>> blocks;
    uint32_t steps = 0;
    for (const RingSpec& ring : rings)
    {
        const uint32_t n = static_cast<uint32_t>(ring.order.size());
        blocks.push_back(CollectiveBuilder::Split(ring.lo, ring.hi, n));
        steps = std::max(steps, n - 1);
    }
    for (uint32_t s = 0; s < steps; ++s)
    {
        for (std::size_t r = 0; r < rings.size(); ++r)
        {
            const RingSpec& ring = rings[r];
            const uint32_t n = static_cast<uint32_t>(ring.order.size());
            if (s + 1 >= n)
            {
                continue;
            }
            for (uint32_t i = 0; i < n; ++i)
            {
                // Reduce-scatter: block b starts at position b + 1 and is complete at b after
                // n - 1 hops. All-gather: position i first sends its own block i.
                const uint32_t block = reduce ? (i + 2 * n - s - 1) % n : (i + n - s) % n;
                builder.Send(ring.order[i],
                             ring.order[(i + 1) % n],
                             blocks[r][block],
                             blocks[r][block + 1],
                             ring.channel,
                             firstStep + s,
                             reduce);
            }
        }
        builder.EndStep();
    }
    return steps;
}

/**
 * \brief Byte ranges of the channels.
 * \param request the collective
 * \return channels + 1 boundaries
 */
std::vector<uint64_t>
ChannelBounds(const CollectiveRequest& request)
{
    return CollectiveBuilder::Split(0, request.bytes, request.channels);
}
} // namespace

void
BuildRing(const CollectiveRequest& request, uint32_t ranks, CollectiveBuilder& builder)
{
    const std::vector<uint64_t> ch = ChannelBounds(request);
    std::vector<uint32_t> order(ranks);
    std::iota(order.begin(), order.end(), 0);
    std::vector<RingSpec> rings;
    for (uint32_t c = 0; c < request.channels; ++c)
    {
        rings.push_back(RingSpec{order, ch[c], ch[c + 1], c});
    }
    switch (request.op)
    {
    case CollectiveOp::ALL_REDUCE: {
        const uint32_t steps = RingPhase(builder, rings, true, 0);
        RingPhase(builder, rings, false, steps);
        break;
    }
    case CollectiveOp::REDUCE_SCATTER:
        RingPhase(builder, rings, true, 0);
        break;
    case CollectiveOp::ALL_GATHER:
        RingPhase(builder, rings, false, 0);
        break;
    case CollectiveOp::BROADCAST:
        // A chain from the root: hop s forwards each chunk as soon as it has arrived.
        for (uint32_t s = 0; s + 1 < ranks; ++s)
        {
            for (uint32_t c = 0; c < request.channels; ++c)
            {
                builder.Send((request.root + s) % ranks,
                             (request.root + s + 1) % ranks,
                             ch[c],
                             ch[c + 1],
                             c,
                             s,
                             false);
            }
            builder.EndStep();
        }
        break;
    default:
        break;
    }
}

void
BuildHierarchical(const CollectiveRequest& request,
                  const CollectiveLayout& layout,
                  CollectiveBuilder& builder)
{
    const std::vector<std::vector<uint32_t>>& groups = layout.GetDomainGroups();
    const uint32_t g = static_cast<uint32_t>(groups.front().size());
    const std::vector<uint64_t> ch = ChannelBounds(request);
    std::vector<RingSpec> inside;
    std::vector<RingSpec> across;
    for (uint32_t c = 0; c < request.channels; ++c)
    {
        for (const auto& group : groups)
        {
            inside.push_back(RingSpec{group, ch[c], ch[c + 1], c});
        }
        // After the reduce-scatter inside, local index l holds block l of the channel's range
        // (combined over its domain); the ring of index l across the domains all-reduces it.
        const std::vector<uint64_t> blocks = CollectiveBuilder::Split(ch[c], ch[c + 1], g);
        for (uint32_t l = 0; l < g; ++l)
        {
            std::vector<uint32_t> rail;
            for (const auto& group : groups)
            {
                rail.push_back(group[l]);
            }
            across.push_back(RingSpec{rail, blocks[l], blocks[l + 1], c});
        }
    }
    uint32_t step = RingPhase(builder, inside, true, 0);
    step += RingPhase(builder, across, true, step);
    step += RingPhase(builder, across, false, step);
    RingPhase(builder, inside, false, step);
}

} // namespace ns3
