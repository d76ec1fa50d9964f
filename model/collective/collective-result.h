/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_RESULT_H
#define COLLECTIVE_RESULT_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief What one collective did, as FabricCommunicator reports it when its last message is
 * delivered. Sizes and bandwidths follow nccl-tests (doc/PERFORMANCE.md): algbw = bytes / time,
 * busbw = algbw x BusBandwidthFactor(op, ranks), in GB/s of 1e9 bytes per second.
 */
struct CollectiveResult
{
    std::string op;        //!< operation name ("all-reduce", ...)
    std::string algorithm; //!< algorithm name ("ring", ...)
    uint32_t ranks{0};     //!< ranks taking part (n)
    uint64_t bytes{0};     //!< nccl-tests size S, bytes (see CollectiveOp for each op's meaning)
    uint32_t root{0};      //!< root rank (broadcast) or sending rank (send-recv); 0 otherwise
    uint32_t peer{0};      //!< receiving rank of a send-recv; 0 otherwise
    Time start;            //!< when the collective started (its first messages were posted)
    Time end;              //!< when its last message was delivered whole
    double timeS{0};       //!< end - start, seconds
    double algbwGBps{0};   //!< bytes / timeS / 1e9
    double busbwGBps{0};   //!< algbwGBps x the bus bandwidth factor of op and ranks
    uint64_t messages{0};  //!< point-to-point messages posted (every chunk of every step)
    uint64_t wireBytes{
        0}; //!< payload bytes of all messages summed (transport headers not included)
    uint64_t scaleUpBytes{0};  //!< of wireBytes, those sent over scale-up (NVLink) ports
    uint64_t scaleOutBytes{0}; //!< of wireBytes, those sent over NIC (scale-out) ports
    uint32_t steps{0};         //!< algorithm steps (a step's sends wait for the previous step's)
    uint32_t channels{0};      //!< channels the data was split across
    uint64_t chunkBytes{0};    //!< pipelining slice, bytes
    std::vector<uint64_t> rankTxBytes; //!< payload bytes each rank sent, by rank
    std::vector<uint64_t> rankRxBytes; //!< payload bytes each rank received, by rank
};

/**
 * \brief The two header lines of an nccl-tests table for FormatNcclTestsRow's rows.
 * \return the lines, each starting with '#', newline-terminated
 */
std::string NcclTestsHeader();

/**
 * \brief One row in nccl-tests' layout: size (B), count (elements), type (float, 4 bytes),
 * redop ("sum" for reductions, "none" otherwise), root (-1 where the operation has none), time
 * (us), algbw and busbw (GB/s).
 * \param result the collective
 * \return the row, without newline
 */
std::string FormatNcclTestsRow(const CollectiveResult& result);

} // namespace ns3

#endif /* COLLECTIVE_RESULT_H */
