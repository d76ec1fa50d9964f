/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// FabricSimulatorImpl: the Simulator's whole interface behaves as under ns-3's
// DefaultSimulatorImpl (order, contexts, cancel, remove, expiry, delays left, stop, destroy
// events, events from another thread), and whole fabric runs give exactly the same results.

#include "scheduler-run-util.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/test.h"

#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace ns3;
using aif_test::SameRunTestCases;
using aif_test::SimulatorChoice;

namespace
{

/**
 * \brief A scripted use of the Simulator's interface, recording what it observes.
 *
 * Each entry is "<event>@<time in ps>/<context>" for an event run, or a check's outcome.
 */
class SimulatorScript
{
  public:
    /**
     * \brief Run the script on a fresh simulator of the given implementation.
     * \param implementation TypeId name of the SimulatorImpl
     * \return the record
     */
    std::vector<std::string> Play(const std::string& implementation)
    {
        m_log.clear();
        Simulator::Destroy();
        ObjectFactory factory(implementation);
        Simulator::SetImplementation(factory.Create<SimulatorImpl>());

        // Two events at the same time run in scheduling order; a context travels with its
        // event; ScheduleNow runs before later times.
        m_a = Simulator::Schedule(NanoSeconds(10), &SimulatorScript::Ran, this, "a");
        m_b = Simulator::Schedule(NanoSeconds(10), &SimulatorScript::Ran, this, "b");
        m_c = Simulator::Schedule(NanoSeconds(5), &SimulatorScript::Checks, this);
        Simulator::ScheduleWithContext(7, NanoSeconds(5), &SimulatorScript::Ran, this, "d");
        Simulator::ScheduleNow(&SimulatorScript::Ran, this, "e");
        m_x = Simulator::Schedule(NanoSeconds(20), &SimulatorScript::Ran, this, "x");
        Simulator::Schedule(NanoSeconds(30), &SimulatorScript::Ran, this, "y");
        Simulator::ScheduleDestroy(&SimulatorScript::Ran, this, "f");
        m_g = Simulator::ScheduleDestroy(&SimulatorScript::Ran, this, "g");
        Note("g pending " + std::to_string(!Simulator::IsExpired(m_g)));
        Simulator::Remove(m_g);
        Note("g removed " + std::to_string(Simulator::IsExpired(m_g)));
        Simulator::Stop(NanoSeconds(15));
        Simulator::Run();
        Note("stopped at " + std::to_string(Simulator::Now().GetPicoSeconds()) + " finished " +
             std::to_string(Simulator::IsFinished()));

        // An event scheduled from another thread is taken, with the current time added, when
        // the main thread runs again.
        std::thread other([this]() {
            Simulator::ScheduleWithContext(3, NanoSeconds(1), &SimulatorScript::Ran, this, "z");
        });
        other.join();
        Simulator::Run();
        Note("events " + std::to_string(Simulator::GetEventCount()));
        Simulator::Destroy();
        return m_log;
    }

  private:
    /**
     * \brief Record an observation.
     * \param text what was observed
     */
    void Note(const std::string& text)
    {
        m_log.push_back(text);
    }

    /**
     * \brief An event ran: record its name, time and context.
     * \param name the event's name
     */
    void Ran(std::string name)
    {
        std::ostringstream os;
        os << name << "@" << Simulator::Now().GetPicoSeconds() << "/" << Simulator::GetContext();
        Note(os.str());
        // The fast paths read the running implementation directly, or ask the Simulator.
        if (FabricSimulatorImpl::FastNow() != Simulator::Now() ||
            FabricSimulatorImpl::FastContext() != Simulator::GetContext())
        {
            Note("fast time or context differs in " + name);
        }
    }

    /// At 5 ns: expiry, delays left, cancel and remove of pending events.
    void Checks()
    {
        Ran("c");
        // The running event counts as expired (its key is not ahead of the clock).
        Note("c expired " + std::to_string(Simulator::IsExpired(m_c)));
        Note("a expired " + std::to_string(Simulator::IsExpired(m_a)) + " left " +
             std::to_string(Simulator::GetDelayLeft(m_a).GetPicoSeconds()));
        Simulator::Cancel(m_b);
        Note("b cancelled " + std::to_string(Simulator::IsExpired(m_b)));
        Simulator::Remove(m_x);
        Note("x removed " + std::to_string(Simulator::IsExpired(m_x)) + " left " +
             std::to_string(Simulator::GetDelayLeft(m_x).GetPicoSeconds()));
        // An event scheduled now at the current time runs after this one, still at 5 ns.
        Simulator::ScheduleNow(&SimulatorScript::Ran, this, "n");
        FabricSimulatorImpl::FastScheduleWithContext(
            9,
            NanoSeconds(1),
            MakeEvent(&SimulatorScript::Ran, this, std::string("w")));
        Note("max " + std::to_string(Simulator::GetMaximumSimulationTime().GetTimeStep()));
    }

    std::vector<std::string> m_log; //!< the record
    EventId m_a;                    //!< checked for expiry and delay left
    EventId m_c;                    //!< the running event when checked
    EventId m_b;                    //!< cancelled
    EventId m_x;                    //!< removed
    EventId m_g;                    //!< a removed destroy event
};

/**
 * \ingroup ai-fabric-tests
 * \brief The Simulator's interface behaves under FabricSimulatorImpl as under ns-3's
 * DefaultSimulatorImpl, and as the script expects.
 */
class SimulatorImplInterfaceTestCase : public TestCase
{
  public:
    SimulatorImplInterfaceTestCase()
        : TestCase("the Simulator interface behaves as under DefaultSimulatorImpl")
    {
    }

  private:
    void DoRun() override
    {
        SimulatorScript script;
        const std::vector<std::string> reference = script.Play("ns3::DefaultSimulatorImpl");
        const std::vector<std::string> fabric = script.Play("ns3::FabricSimulatorImpl");
        // What the script must observe, worked out from ns-3's documented semantics. Times in
        // ps; contexts: 0xffffffff is "no context"; 7 and 3 travel with their events.
        const std::string none = std::to_string(Simulator::NO_CONTEXT);
        const std::vector<std::string> expected{
            "g pending 1",
            "g removed 1",
            "e@0/" + none,
            "c@5000/" + none,
            "c expired 1",
            "a expired 0 left 5000",
            "b cancelled 1",
            "x removed 1 left 0",
            "max 9223372036854775807",
            "d@5000/7",
            "n@5000/" + none,
            "w@6000/9",
            "a@10000/" + none,
            "stopped at 15000 finished 1",
            "z@16000/3",
            "y@30000/" + none,
            "events 10",
            "f@30000/" + none,
        };
        NS_TEST_ASSERT_MSG_EQ(reference.size(), expected.size(), "reference record length");
        NS_TEST_ASSERT_MSG_EQ(fabric.size(), expected.size(), "record length");
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            if (i < reference.size())
            {
                NS_TEST_EXPECT_MSG_EQ(reference[i], expected[i], "reference entry " << i);
            }
            if (i < fabric.size())
            {
                NS_TEST_EXPECT_MSG_EQ(fabric[i], expected[i], "entry " << i);
            }
        }
    }
};

/**
 * \ingroup ai-fabric-tests
 * \brief The simulator implementation's suite.
 */
class SimulatorImplTestSuite : public TestSuite
{
  public:
    SimulatorImplTestSuite()
        : TestSuite("ai-fabric-simulator-impl", UNIT)
    {
        const SimulatorChoice reference{"ns3::DefaultSimulatorImpl", "ns3::FabricLaneScheduler"};
        const SimulatorChoice fabric{"ns3::FabricSimulatorImpl", "ns3::FabricLaneScheduler"};
        AddTestCase(new SimulatorImplInterfaceTestCase(), TestCase::QUICK);
        for (TestCase* run : SameRunTestCases(reference, fabric, "DefaultSimulatorImpl"))
        {
            AddTestCase(run, TestCase::QUICK);
        }
    }
};

/// The suite's single instance.
SimulatorImplTestSuite g_simulatorImplTestSuite;

} // namespace
