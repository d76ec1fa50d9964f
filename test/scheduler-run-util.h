/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SCHEDULER_RUN_UTIL_H
#define SCHEDULER_RUN_UTIL_H

// One small fabric run under a chosen simulator implementation and scheduler, for the suites
// that check a faster one gives exactly the results of ns-3's own.

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"

#include <string>
#include <vector>

namespace ns3
{
namespace aif_test
{

/// What a fabric run produced.
struct RunOutcome
{
    std::vector<double> fctUs;   //!< completion times, sorted
    uint64_t events{0};          //!< events executed
    uint64_t retransmissions{0}; //!< NIC retransmissions
    uint64_t lossEvents{0};      //!< drops + trims
};

/**
 * \brief One small fabric run (a k = 4 three-tier fat tree) under a chosen simulator
 * implementation and scheduler; destroys the simulator afterwards.
 * \param implementation TypeId name of the SimulatorImpl
 * \param scheduler TypeId name of the scheduler
 * \param transport uet, roce or ib
 * \param incast true for an 11-to-1 incast, false for a permutation
 * \return what it produced
 */
inline RunOutcome
RunFabric(const std::string& implementation,
          const std::string& scheduler,
          const std::string& transport,
          bool incast)
{
    Simulator::Destroy();
    ObjectFactory implFactory(implementation);
    Simulator::SetImplementation(implFactory.Create<SimulatorImpl>());
    ObjectFactory schedulerFactory(scheduler);
    Simulator::SetScheduler(schedulerFactory);
    const TransportProfile profile = TransportProfileByName(transport);
    FatTreeHelper ft;
    ft.SetTiers(3);
    ft.SetRadix(4);
    FabricTopology topo = ft.BuildDescription();
    FabricNetworkHelper netHelper;
    netHelper.SetInstallInternet(false);
    profile.ApplyTo(netHelper);
    Ptr<FabricNetwork> net = netHelper.Install(topo);
    FabricTransportHelper transportHelper;
    transportHelper.SetTransport(profile.transport);
    const std::vector<Ptr<FabricNic>> nics = transportHelper.Install(net);
    // Fixed streams: the second run of a process would otherwise draw from others.
    const int64_t used = net->AssignStreams(100);
    FabricTransportHelper::AssignStreams(nics, 100 + used);
    const std::vector<MessageFlow> flows = incast
                                               ? IncastFlows(net->GetNGpus(), 11, 0, 256 * 1024)
                                               : PermutationFlows(net->GetNGpus(), 512 * 1024, 1);
    const WorkloadResult r = RunWorkload(net, nics, flows, MicroSeconds(1), Seconds(1));
    RunOutcome out;
    out.fctUs = r.fctUs;
    out.events = Simulator::GetEventCount();
    out.retransmissions = r.nic.retransmissions;
    out.lossEvents = r.drops + r.trims;
    Simulator::Destroy();
    return out;
}

} // namespace aif_test
} // namespace ns3

#endif /* SCHEDULER_RUN_UTIL_H */
