/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-algorithms.h"

#include "collective-tag.h"

#include "ns3/fabric-config-error.h"

#include <algorithm>

namespace ns3
{

namespace
{
/**
 * \brief The operations an algorithm runs.
 * \param algorithm the algorithm
 * \return the operations
 */
std::vector<CollectiveOp>
SupportedOps(CollectiveAlgorithm algorithm)
{
    switch (algorithm)
    {
    case CollectiveAlgorithm::RING:
        return {CollectiveOp::ALL_REDUCE,
                CollectiveOp::ALL_GATHER,
                CollectiveOp::REDUCE_SCATTER,
                CollectiveOp::BROADCAST};
    case CollectiveAlgorithm::DOUBLE_BINARY_TREE:
    case CollectiveAlgorithm::HIERARCHICAL:
        return {CollectiveOp::ALL_REDUCE};
    case CollectiveAlgorithm::HALVING_DOUBLING:
        return {CollectiveOp::ALL_REDUCE, CollectiveOp::REDUCE_SCATTER, CollectiveOp::ALL_GATHER};
    case CollectiveAlgorithm::DIRECT:
        return {CollectiveOp::ALL_TO_ALL, CollectiveOp::SEND_RECV};
    case CollectiveAlgorithm::PXN:
        return {CollectiveOp::ALL_TO_ALL};
    }
    return {};
}

/**
 * \brief The start of every error message about a collective.
 * \param request the collective
 * \return "collective <op> with <algorithm>: "
 */
std::string
Prefix(const CollectiveRequest& request)
{
    return "collective " + CollectiveOpName(request.op) + " with " +
           CollectiveAlgorithmName(request.algorithm) + ": ";
}
} // namespace

void
CheckCollective(const CollectiveRequest& request, const CollectiveLayout& layout)
{
    const std::vector<CollectiveOp> ops = SupportedOps(request.algorithm);
    if (std::find(ops.begin(), ops.end(), request.op) == ops.end())
    {
        std::string list;
        for (CollectiveOp op : ops)
        {
            list += (list.empty() ? "" : ", ") + CollectiveOpName(op);
        }
        throw FabricConfigError(Prefix(request) + "algorithm '" +
                                CollectiveAlgorithmName(request.algorithm) + "' does not run " +
                                CollectiveOpName(request.op) + " (it runs: " + list + ")");
    }
    const uint32_t n = layout.GetRanks();
    if (n < 2)
    {
        throw FabricConfigError(Prefix(request) + "needs at least 2 ranks, the communicator has " +
                                std::to_string(n));
    }
    if (request.bytes == 0)
    {
        throw FabricConfigError(Prefix(request) + "the size must be at least 1 byte");
    }
    if (request.chunkBytes == 0)
    {
        throw FabricConfigError(Prefix(request) + "ChunkBytes must be at least 1 byte");
    }
    if (request.channels == 0 || request.channels > CollectiveTag::MAX_CHANNELS)
    {
        throw FabricConfigError(Prefix(request) + std::to_string(request.channels) +
                                " channels; a message tag holds 1 to " +
                                std::to_string(CollectiveTag::MAX_CHANNELS));
    }
    const bool rooted =
        request.op == CollectiveOp::BROADCAST || request.op == CollectiveOp::SEND_RECV;
    if (rooted && request.root >= n)
    {
        throw FabricConfigError(Prefix(request) + "root rank " + std::to_string(request.root) +
                                " is not among the " + std::to_string(n) + " ranks");
    }
    if (request.op == CollectiveOp::SEND_RECV &&
        (request.peer >= n || request.peer == request.root))
    {
        throw FabricConfigError(Prefix(request) + "peer rank " + std::to_string(request.peer) +
                                " must be one of the " + std::to_string(n) +
                                " ranks other than the sender " + std::to_string(request.root));
    }
    if (request.algorithm == CollectiveAlgorithm::HALVING_DOUBLING && (n & (n - 1)) != 0)
    {
        throw FabricConfigError(Prefix(request) +
                                "recursive halving and doubling needs a "
                                "power-of-two number of ranks, not " +
                                std::to_string(n));
    }
    if (request.algorithm == CollectiveAlgorithm::HIERARCHICAL)
    {
        if (!layout.AllInDomains())
        {
            throw FabricConfigError(Prefix(request) +
                                    "every rank must be in a scale-up (NVLink) domain; some GPUs "
                                    "have none in this topology");
        }
        if (!layout.EqualGroups())
        {
            throw FabricConfigError(Prefix(request) +
                                    "the scale-up domains must hold equal numbers of ranks");
        }
        if (layout.GetDomainGroups().size() < 2)
        {
            throw FabricConfigError(Prefix(request) + "needs at least 2 scale-up domains, the "
                                                      "ranks span 1");
        }
    }
    if (request.algorithm == CollectiveAlgorithm::PXN && !layout.AllInDomains())
    {
        throw FabricConfigError(Prefix(request) +
                                "every rank must be in a scale-up (NVLink) domain to relay; some "
                                "GPUs have none in this topology");
    }
}

CollectiveSchedule
BuildCollectiveSchedule(const CollectiveRequest& request, const CollectiveLayout& layout)
{
    CheckCollective(request, layout);
    CollectiveSchedule schedule;
    CollectiveBuilder builder(schedule, layout.GetRanks(), request.chunkBytes);
    switch (request.algorithm)
    {
    case CollectiveAlgorithm::RING:
        BuildRing(request, layout.GetRanks(), builder);
        break;
    case CollectiveAlgorithm::DOUBLE_BINARY_TREE:
        BuildDoubleBinaryTree(request, layout.GetRanks(), builder);
        break;
    case CollectiveAlgorithm::HALVING_DOUBLING:
        BuildHalvingDoubling(request, layout.GetRanks(), builder);
        break;
    case CollectiveAlgorithm::HIERARCHICAL:
        BuildHierarchical(request, layout, builder);
        break;
    case CollectiveAlgorithm::DIRECT:
        BuildDirect(request, layout.GetRanks(), schedule);
        break;
    case CollectiveAlgorithm::PXN:
        BuildPxn(request, layout, schedule);
        break;
    }
    schedule.Finalize();
    return schedule;
}

} // namespace ns3
