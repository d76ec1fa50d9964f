/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The double binary tree all-reduce (NCCL's tree algorithm).

#include "collective-algorithms.h"

#include <algorithm>

namespace ns3
{

std::vector<int32_t>
BinaryTreeParents(uint32_t n)
{
    std::vector<int32_t> parent(n, -1);
    for (uint32_t p = 1; p < n; ++p)
    {
        // In-order tree over 1..n-1: a position whose lowest set bit is b sits at the level of b;
        // its parent is the neighbouring position at the level of 2b, on the side where bit 2b
        // is clear. When that parent does not exist (beyond n-1), the position hangs from
        // p - b, which is above it; the top of the tree (the largest power of two) hangs from
        // the root 0.
        const uint32_t b = p & (~p + 1);
        uint32_t up = (p & (b << 1)) ? p - b : p + b;
        if (up >= n)
        {
            up = p - b;
        }
        parent[p] = static_cast<int32_t>(up);
    }
    return parent;
}

std::vector<uint32_t>
DoubleBinaryTreeRanks(uint32_t n, uint32_t tree)
{
    std::vector<uint32_t> rank(n);
    for (uint32_t p = 0; p < n; ++p)
    {
        if (tree == 0)
        {
            rank[p] = p;
        }
        else
        {
            // Leaves of the first tree are odd positions; mirroring (n even) or shifting by one
            // (n odd) makes them even positions, i.e. inner nodes, of the second.
            rank[p] = n % 2 == 0 ? n - 1 - p : (p + 1) % n;
        }
    }
    return rank;
}

void
BuildDoubleBinaryTree(const CollectiveRequest& request, uint32_t n, CollectiveBuilder& builder)
{
    const std::vector<int32_t> parent = BinaryTreeParents(n);
    std::vector<uint32_t> depth(n, 0);
    uint32_t maxDepth = 0;
    for (uint32_t p = 1; p < n; ++p)
    {
        for (int32_t q = parent[p]; q >= 0; q = parent[q])
        {
            ++depth[p];
        }
        maxDepth = std::max(maxDepth, depth[p]);
    }
    const std::vector<std::vector<uint32_t>> ranks{DoubleBinaryTreeRanks(n, 0),
                                                   DoubleBinaryTreeRanks(n, 1)};
    const std::vector<uint64_t> ch = CollectiveBuilder::Split(0, request.bytes, request.channels);
    // Tree t of channel c carries half h[t]..h[t+1] of the channel's range.
    std::vector<std::vector<uint64_t>> halves;
    for (uint32_t c = 0; c < request.channels; ++c)
    {
        halves.push_back(CollectiveBuilder::Split(ch[c], ch[c + 1], 2));
    }
    // Reduce up, deepest level first: a node's chunk goes up once its children's have arrived.
    for (uint32_t level = maxDepth; level >= 1; --level)
    {
        for (uint32_t c = 0; c < request.channels; ++c)
        {
            for (uint32_t t = 0; t < 2; ++t)
            {
                for (uint32_t p = 1; p < n; ++p)
                {
                    if (depth[p] == level)
                    {
                        builder.Send(ranks[t][p],
                                     ranks[t][parent[p]],
                                     halves[c][t],
                                     halves[c][t + 1],
                                     c,
                                     maxDepth - level,
                                     true);
                    }
                }
            }
        }
        builder.EndStep();
    }
    // Broadcast down from the root: a node forwards each chunk once it has arrived.
    for (uint32_t level = 0; level < maxDepth; ++level)
    {
        for (uint32_t c = 0; c < request.channels; ++c)
        {
            for (uint32_t t = 0; t < 2; ++t)
            {
                for (uint32_t p = 1; p < n; ++p)
                {
                    if (depth[p] == level + 1)
                    {
                        builder.Send(ranks[t][parent[p]],
                                     ranks[t][p],
                                     halves[c][t],
                                     halves[c][t + 1],
                                     c,
                                     maxDepth + level,
                                     false);
                    }
                }
            }
        }
        builder.EndStep();
    }
}

} // namespace ns3
