/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Rabenseifner's halving-doubling: reduce-scatter by recursive halving, all-gather by recursive
// doubling.

#include "collective-algorithms.h"

namespace ns3
{

namespace
{
/**
 * \brief The segment a position holds after some halving steps: at step j the segment is cut
 * in two and the position keeps the upper half if bit n / 2^(j+1) of its index is set.
 * \param lo first byte of the whole range
 * \param hi one past its last byte
 * \param position the position
 * \param n positions (a power of two)
 * \param levels halving steps taken
 * \return the segment's two boundaries
 */
std::pair<uint64_t, uint64_t>
SegmentOf(uint64_t lo, uint64_t hi, uint32_t position, uint32_t n, uint32_t levels)
{
    for (uint32_t j = 0; j < levels; ++j)
    {
        const std::vector<uint64_t> half = CollectiveBuilder::Split(lo, hi, 2);
        if (position & (n >> (j + 1)))
        {
            lo = half[1];
        }
        else
        {
            hi = half[1];
        }
    }
    return {lo, hi};
}
} // namespace

void
BuildHalvingDoubling(const CollectiveRequest& request, uint32_t n, CollectiveBuilder& builder)
{
    uint32_t levels = 0;
    while ((1u << levels) < n)
    {
        ++levels;
    }
    const std::vector<uint64_t> ch = CollectiveBuilder::Split(0, request.bytes, request.channels);
    uint32_t step = 0;
    if (request.op != CollectiveOp::ALL_GATHER)
    {
        // Recursive halving: exchange with the partner at distance n/2, n/4, ..., 1, each
        // sending the half the partner keeps; the partner combines it into its own.
        for (uint32_t k = 0; k < levels; ++k, ++step)
        {
            for (uint32_t c = 0; c < request.channels; ++c)
            {
                for (uint32_t i = 0; i < n; ++i)
                {
                    const uint32_t partner = i ^ (n >> (k + 1));
                    const auto seg = SegmentOf(ch[c], ch[c + 1], partner, n, k + 1);
                    builder.Send(i, partner, seg.first, seg.second, c, step, true);
                }
            }
            builder.EndStep();
        }
    }
    if (request.op != CollectiveOp::REDUCE_SCATTER)
    {
        // Recursive doubling: exchange with the partner at distance 1, 2, ..., n/2, each
        // sending all it holds; both then hold the union.
        for (uint32_t k = 0; k < levels; ++k, ++step)
        {
            for (uint32_t c = 0; c < request.channels; ++c)
            {
                for (uint32_t i = 0; i < n; ++i)
                {
                    const uint32_t partner = i ^ (1u << k);
                    const auto seg = SegmentOf(ch[c], ch[c + 1], i, n, levels - k);
                    builder.Send(i, partner, seg.first, seg.second, c, step, false);
                }
            }
            builder.EndStep();
        }
    }
}

} // namespace ns3
