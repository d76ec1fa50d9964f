/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_TYPES_H
#define COLLECTIVE_TYPES_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A collective operation, with nccl-tests' meaning of its size S in bytes.
 */
enum class CollectiveOp
{
    ALL_REDUCE,     //!< "all-reduce": every rank holds S bytes in and S bytes out
    ALL_GATHER,     //!< "all-gather": S is the gathered total, each rank contributes S / n
    REDUCE_SCATTER, //!< "reduce-scatter": S is each rank's input; each keeps S / n reduced
    ALL_TO_ALL,     //!< "all-to-all": S is each rank's buffer; S / n goes to every rank
    BROADCAST,      //!< "broadcast": the root's S bytes reach every rank
    SEND_RECV,      //!< "send-recv": S bytes from one rank to one other
};

/**
 * \ingroup ai-fabric
 * \brief How a collective is decomposed into point-to-point messages.
 */
enum class CollectiveAlgorithm
{
    RING,               //!< "ring": rings over the ranks, one per channel
    DOUBLE_BINARY_TREE, //!< "tree": NCCL's two complementary binary trees
    HALVING_DOUBLING,   //!< "halving-doubling": Rabenseifner's recursive halving / doubling
    HIERARCHICAL,       //!< "hierarchical": scale-up rings around per-rail scale-out rings
    DIRECT,             //!< "direct": every message straight to its destination
    PXN,                //!< "pxn": all-to-all relayed over NVLink onto the destination's rail
};

/**
 * \brief The name of an operation ("all-reduce", "all-gather", "reduce-scatter", "all-to-all",
 * "broadcast", "send-recv").
 * \param op the operation
 * \return its name
 */
std::string CollectiveOpName(CollectiveOp op);

/**
 * \brief The name of an algorithm ("ring", "tree", "halving-doubling", "hierarchical",
 * "direct", "pxn").
 * \param algorithm the algorithm
 * \return its name
 */
std::string CollectiveAlgorithmName(CollectiveAlgorithm algorithm);

/**
 * \brief The operation of a name.
 * \param name one of the names CollectiveOpName gives
 * \return the operation
 * \throw FabricConfigError (UnknownNameError) listing the known names
 */
CollectiveOp CollectiveOpFromName(const std::string& name);

/**
 * \brief The algorithm of a name.
 * \param name one of the names CollectiveAlgorithmName gives
 * \return the algorithm
 * \throw FabricConfigError (UnknownNameError) listing the known names
 */
CollectiveAlgorithm CollectiveAlgorithmFromName(const std::string& name);

/**
 * \brief All operation names, in enum order.
 * \return the names
 */
std::vector<std::string> CollectiveOpNames();

/**
 * \brief All algorithm names, in enum order.
 * \return the names
 */
std::vector<std::string> CollectiveAlgorithmNames();

/**
 * \brief nccl-tests' bus bandwidth factor (doc/PERFORMANCE.md): busbw = algbw x factor, so that
 * busbw compares with one rank's link bandwidth whatever the rank count. All-reduce 2(n-1)/n;
 * all-gather, reduce-scatter and all-to-all (n-1)/n; broadcast and send-recv 1.
 * \param op the operation
 * \param ranks n, at least 1
 * \return the factor
 */
double BusBandwidthFactor(CollectiveOp op, uint32_t ranks);

/**
 * \brief Whether the operation combines data (and so prints the reduction "sum" in an
 * nccl-tests row).
 * \param op the operation
 * \return true for all-reduce and reduce-scatter
 */
bool IsReduction(CollectiveOp op);

} // namespace ns3

#endif /* COLLECTIVE_TYPES_H */
