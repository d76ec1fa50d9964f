/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TRANSPORT_WORKLOAD_H
#define TRANSPORT_WORKLOAD_H

#include "fabric-network.h"

#include "ns3/fabric-nic.h"
#include "ns3/fabric-switch.h"

#include <string>
#include <vector>

namespace ns3
{

class FabricNetworkHelper;

/**
 * \ingroup ai-fabric
 * \brief How a transport family is deployed: its TypeId and what the fabric does for it.
 */
struct TransportProfile
{
    std::string name;              //!< short name: roce, ib, uet
    std::string transport;         //!< TypeId name of the FabricTransport
    FabricFlowControl flowControl; //!< link flow control it relies on
    bool trimming{false};          //!< switches trim instead of dropping

    /**
     * \brief Give a fabric what the transport relies on: the link flow control and whether
     * switches trim.
     * \param helper the fabric's helper, before Install
     */
    void ApplyTo(FabricNetworkHelper& helper) const;
};

/**
 * \brief The deployment of a transport family: RoCEv2 on PFC with ECN (DCQCN); InfiniBand-style
 * on credits with FECN; Ultra Ethernet-style on a lossy fabric with trimming and ECN.
 * \param name roce, ib or uet
 * \return the profile
 * \throw FabricConfigError for another name
 */
TransportProfile TransportProfileByName(const std::string& name);

/**
 * \ingroup ai-fabric
 * \brief One message of a workload.
 */
struct MessageFlow
{
    uint32_t src{0};   //!< sending GPU
    uint32_t dst{0};   //!< receiving GPU
    uint64_t bytes{0}; //!< payload bytes
};

/**
 * \brief A permutation: every GPU sends to one other GPU and receives from one (a random
 * derangement drawn from ns-3's RNG, so the seed and run number fix it).
 * \param nGpus GPUs
 * \param bytes bytes per message
 * \param stream RNG stream for the draw
 * \return the flows
 */
std::vector<MessageFlow> PermutationFlows(uint32_t nGpus, uint64_t bytes, int64_t stream);

/**
 * \brief An incast: senders GPUs (the first ones other than the receiver) to one receiver.
 * \param nGpus GPUs
 * \param senders number of senders
 * \param receiver the receiving GPU
 * \param bytes bytes per message
 * \return the flows
 * \throw FabricConfigError if there are not enough GPUs
 */
std::vector<MessageFlow> IncastFlows(uint32_t nGpus,
                                     uint32_t senders,
                                     uint32_t receiver,
                                     uint64_t bytes);

/**
 * \ingroup ai-fabric
 * \brief What a workload run shows.
 */
struct WorkloadResult
{
    uint32_t posted{0};        //!< messages posted
    uint32_t completed{0};     //!< messages acknowledged whole
    std::vector<double> fctUs; //!< completion times of completed messages, sorted, us
    double finishUs{0};        //!< time from the start to the last completion, us
    FabricNicCounters nic;     //!< NIC counters summed over all GPUs
    uint64_t drops{0};         //!< switch drops, all reasons
    uint64_t pfcPauses{0};     //!< PFC pause frames sent by switches
    uint64_t trims{0};         //!< packets trimmed by switches
    uint64_t ecnMarks{0};      //!< ECN / FECN marks by switches

    /**
     * \brief Nearest-rank percentile of the completion times.
     * \param q fraction in (0, 1]
     * \return microseconds, 0 if nothing completed
     */
    double Percentile(double q) const;

    /**
     * \brief Mean completion time.
     * \return microseconds, 0 if nothing completed
     */
    double MeanUs() const;
};

/**
 * \brief Post the flows at a start time, run until all complete or a limit, and collect the
 * result. Runs the simulator; the caller destroys it.
 * \param network the fabric
 * \param nics its NICs
 * \param flows the messages
 * \param start when they are posted
 * \param limit simulated time at which the run stops even if messages are incomplete
 * \return the result
 */
WorkloadResult RunWorkload(Ptr<FabricNetwork> network,
                           const std::vector<Ptr<FabricNic>>& nics,
                           const std::vector<MessageFlow>& flows,
                           Time start,
                           Time limit);

} // namespace ns3

#endif /* TRANSPORT_WORKLOAD_H */
