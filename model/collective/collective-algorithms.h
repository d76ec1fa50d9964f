/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_ALGORITHMS_H
#define COLLECTIVE_ALGORITHMS_H

#include "collective-builder.h"
#include "collective-layout.h"
#include "collective-schedule.h"
#include "collective-types.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief One collective to decompose: what, how, how much, and how it is sliced.
 */
struct CollectiveRequest
{
    CollectiveOp op{CollectiveOp::ALL_REDUCE};                //!< the operation
    CollectiveAlgorithm algorithm{CollectiveAlgorithm::RING}; //!< the algorithm
    uint64_t bytes{0};                                        //!< nccl-tests size S, bytes
    uint32_t root{0};       //!< broadcast root, send-recv sender (rank)
    uint32_t peer{1};       //!< send-recv receiver (rank)
    uint32_t channels{1};   //!< parallel rings / trees; the data is split across them
    uint64_t chunkBytes{0}; //!< largest message (pipelining slice), bytes
};

/**
 * \brief Check that an algorithm can run an operation on a layout, naming the reason if not:
 * the pairs each algorithm supports, at least two ranks, halving-doubling's power-of-two rank
 * count, hierarchical's equal scale-up domains (at least two), pxn's scale-up domains, a root
 * and peer within the ranks, a size of at least one byte, and chunks and channels within what
 * a message tag holds.
 * \param request the collective
 * \param layout the ranks
 * \throw FabricConfigError naming what is not supported
 */
void CheckCollective(const CollectiveRequest& request, const CollectiveLayout& layout);

/**
 * \brief Decompose a collective into its messages (after CheckCollective).
 * \param request the collective
 * \param layout the ranks
 * \return the finalized schedule
 * \throw FabricConfigError as CheckCollective
 */
CollectiveSchedule BuildCollectiveSchedule(const CollectiveRequest& request,
                                           const CollectiveLayout& layout);

/**
 * \brief Ring: all-reduce (reduce-scatter then all-gather, 2(n-1) steps), all-gather and
 * reduce-scatter (n-1 steps) over ranks 0..n-1 in order, one ring per channel on its slice of
 * the data; broadcast as a chain from the root (n-1 steps).
 * \param request the collective
 * \param ranks n
 * \param builder output
 */
void BuildRing(const CollectiveRequest& request, uint32_t ranks, CollectiveBuilder& builder);

/**
 * \brief Hierarchical all-reduce: a reduce-scatter ring inside every scale-up domain, then per
 * local index an all-reduce ring across the domains on that index's 1/g of the data, then an
 * all-gather ring inside every domain: 2(g-1) + 2(m-1) steps for m domains of g ranks.
 * \param request the collective
 * \param layout the ranks (equal domains)
 * \param builder output
 */
void BuildHierarchical(const CollectiveRequest& request,
                       const CollectiveLayout& layout,
                       CollectiveBuilder& builder);

/**
 * \brief Double binary tree all-reduce: two complementary binary trees, each carrying half of
 * every channel's data, reduced up to the root and broadcast down (2 x depth steps).
 * \param request the collective
 * \param ranks n
 * \param builder output
 */
void BuildDoubleBinaryTree(const CollectiveRequest& request,
                           uint32_t ranks,
                           CollectiveBuilder& builder);

/**
 * \brief Halving-doubling (Rabenseifner): reduce-scatter by recursive halving (log2 n steps,
 * partner distance n/2 first) and all-gather by recursive doubling (log2 n steps, distance 1
 * first); all-reduce runs both. n must be a power of two.
 * \param request the collective
 * \param ranks n
 * \param builder output
 */
void BuildHalvingDoubling(const CollectiveRequest& request,
                          uint32_t ranks,
                          CollectiveBuilder& builder);

/**
 * \brief Direct: all-to-all (every rank sends its S/n block for each other rank straight to it,
 * peers in shifted order) or send-recv (root to peer); one step.
 * \param request the collective
 * \param ranks n
 * \param schedule output
 */
void BuildDirect(const CollectiveRequest& request, uint32_t ranks, CollectiveSchedule& schedule);

/**
 * \brief PXN all-to-all: a block for a rank in another scale-up domain whose NIC is on another
 * leaf goes first over NVLink to the rank of the sender's domain on the destination's leaf
 * (step 0), which forwards it over its NIC (step 1, waiting for that block); other blocks go
 * directly.
 * \param request the collective
 * \param layout the ranks
 * \param schedule output
 */
void BuildPxn(const CollectiveRequest& request,
              const CollectiveLayout& layout,
              CollectiveSchedule& schedule);

/**
 * \brief NCCL's binary tree over positions 0..n-1: position 0 is the root with one child, the
 * others form an in-order binary tree in which a position's depth follows its lowest set bit.
 * \param n positions
 * \return parent of each position, -1 for the root
 */
std::vector<int32_t> BinaryTreeParents(uint32_t n);

/**
 * \brief The rank at each position of one tree of the double binary tree: the first tree is the
 * binary tree itself, the second its mirror (rank n-1-p) for even n or its shift by one (rank
 * p+1 mod n) for odd n, so that the leaves of one tree are inner nodes of the other.
 * \param n ranks
 * \param tree 0 or 1
 * \return rank by position
 */
std::vector<uint32_t> DoubleBinaryTreeRanks(uint32_t n, uint32_t tree);

} // namespace ns3

#endif /* COLLECTIVE_ALGORITHMS_H */
