/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SCHEDULER_RUN_UTIL_H
#define SCHEDULER_RUN_UTIL_H

// One small fabric run under a chosen simulator implementation and scheduler, for the suites
// that check a faster one gives exactly the results of ns-3's own.

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/test.h"

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

/// A simulator implementation and scheduler, by TypeId name.
struct SimulatorChoice
{
    std::string implementation; //!< TypeId name of the SimulatorImpl
    std::string scheduler;      //!< TypeId name of the scheduler
};

/**
 * \ingroup ai-fabric-tests
 * \brief A fabric run gives exactly the same results under two choices of simulator
 * implementation and scheduler: every completion time, the events, retransmissions, drops and
 * trims.
 */
class SameRunTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param reference the choice the results are compared against
     * \param candidate the choice under test
     * \param what how the reference is named in the test's name
     * \param transport uet, roce or ib
     * \param incast true for an incast, false for a permutation
     */
    SameRunTestCase(const SimulatorChoice& reference,
                    const SimulatorChoice& candidate,
                    const std::string& what,
                    const std::string& transport,
                    bool incast)
        : TestCase(transport + (incast ? " incast" : " permutation") + ": same results as " + what),
          m_reference(reference),
          m_candidate(candidate),
          m_transport(transport),
          m_incast(incast)
    {
    }

  private:
    void DoRun() override
    {
        const RunOutcome ref =
            RunFabric(m_reference.implementation, m_reference.scheduler, m_transport, m_incast);
        const RunOutcome run =
            RunFabric(m_candidate.implementation, m_candidate.scheduler, m_transport, m_incast);
        NS_TEST_ASSERT_MSG_GT(ref.fctUs.size(), 0u, "messages completed");
        NS_TEST_ASSERT_MSG_EQ(run.fctUs.size(), ref.fctUs.size(), "same completions");
        for (std::size_t i = 0; i < ref.fctUs.size() && i < run.fctUs.size(); ++i)
        {
            // Exactly equal: the same events in the same order.
            NS_TEST_ASSERT_MSG_EQ(run.fctUs[i], ref.fctUs[i], "completion time " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(run.events, ref.events, "same number of events");
        NS_TEST_ASSERT_MSG_EQ(run.retransmissions, ref.retransmissions, "same retransmissions");
        NS_TEST_ASSERT_MSG_EQ(run.lossEvents, ref.lossEvents, "same drops and trims");
    }

    SimulatorChoice m_reference; //!< the choice compared against
    SimulatorChoice m_candidate; //!< the choice under test
    std::string m_transport;     //!< transport profile
    bool m_incast;               //!< incast rather than permutation
};

/**
 * \brief The runs every choice is checked with: a permutation over the Ultra Ethernet-style
 * transport, and incasts over RoCEv2 (PFC) and the InfiniBand-style transport (credits).
 * \param reference the choice the results are compared against
 * \param candidate the choice under test
 * \param what how the reference is named in the tests' names
 * \return the test cases, for the suite to add
 */
inline std::vector<TestCase*>
SameRunTestCases(const SimulatorChoice& reference,
                 const SimulatorChoice& candidate,
                 const std::string& what)
{
    return {new SameRunTestCase(reference, candidate, what, "uet", false),
            new SameRunTestCase(reference, candidate, what, "roce", true),
            new SameRunTestCase(reference, candidate, what, "ib", true)};
}

} // namespace aif_test
} // namespace ns3

#endif /* SCHEDULER_RUN_UTIL_H */
