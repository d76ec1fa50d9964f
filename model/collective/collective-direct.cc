/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Point-to-point decompositions: direct all-to-all and send-recv, and PXN's relayed
// all-to-all.

#include "collective-algorithms.h"

#include <algorithm>

namespace ns3
{

namespace
{
/**
 * \brief Cut one block for one peer into per-channel, per-chunk messages.
 * \param request the collective (channels, chunk size)
 * \param bytes the block's bytes
 * \param f called with (channel, message bytes) for every message
 */
template <typename F>
void
ForEachPiece(const CollectiveRequest& request, uint64_t bytes, F f)
{
    const std::vector<uint64_t> ch = CollectiveBuilder::Split(0, bytes, request.channels);
    for (uint32_t c = 0; c < request.channels; ++c)
    {
        for (uint64_t a = ch[c]; a < ch[c + 1]; a += request.chunkBytes)
        {
            f(c, std::min(ch[c + 1], a + request.chunkBytes) - a);
        }
    }
}
} // namespace

void
BuildDirect(const CollectiveRequest& request, uint32_t n, CollectiveSchedule& schedule)
{
    if (request.op == CollectiveOp::SEND_RECV)
    {
        ForEachPiece(request, request.bytes, [&](uint32_t c, uint64_t b) {
            schedule.Add(request.root, request.peer, b, c, 0, {});
        });
        return;
    }
    // Block j of every rank's buffer goes to rank j; peers in shifted order (rank i sends to
    // i+1 first) so that no rank is everybody's first destination.
    const std::vector<uint64_t> blocks = CollectiveBuilder::Split(0, request.bytes, n);
    for (uint32_t off = 1; off < n; ++off)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint32_t j = (i + off) % n;
            ForEachPiece(request, blocks[j + 1] - blocks[j], [&](uint32_t c, uint64_t b) {
                schedule.Add(i, j, b, c, 0, {});
            });
        }
    }
}

void
BuildPxn(const CollectiveRequest& request,
         const CollectiveLayout& layout,
         CollectiveSchedule& schedule)
{
    const uint32_t n = layout.GetRanks();
    const std::vector<uint64_t> blocks = CollectiveBuilder::Split(0, request.bytes, n);
    for (uint32_t off = 1; off < n; ++off)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint32_t j = (i + off) % n;
            // Inside the domain NVLink reaches j directly; a relay on j's leaf keeps the data
            // on j's rail; without one (e.g. another scalable unit) the data goes directly.
            const int64_t relay = layout.GetGroup(i) == layout.GetGroup(j) ? static_cast<int64_t>(i)
                                                                           : layout.FindRelay(i, j);
            ForEachPiece(request, blocks[j + 1] - blocks[j], [&](uint32_t c, uint64_t b) {
                if (relay < 0 || relay == i)
                {
                    schedule.Add(i, j, b, c, 0, {});
                }
                else
                {
                    const uint32_t hop = schedule.Add(i, relay, b, c, 0, {});
                    schedule.Add(relay, j, b, c, 1, {hop});
                }
            });
        }
    }
}

} // namespace ns3
