/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// FabricLaneScheduler: events come out in (time stamp, scheduling order), checked against an
// ordered set under random schedules, removals, lane reuse and overflow; and whole fabric runs
// give exactly the results of ns-3's own scheduler.

#include "scheduler-run-util.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/test.h"

#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using aif_test::SameRunTestCases;
using aif_test::SimulatorChoice;

namespace
{

/// (time stamp, uid): the order every ns-3 scheduler must keep.
using Key = std::pair<uint64_t, uint32_t>;

/**
 * \ingroup ai-fabric-tests
 * \brief Random inserts, removals and takes against an ordered set.
 */
class LaneSchedulerOrderTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param maxLanes the scheduler's MaxLanes
     */
    explicit LaneSchedulerOrderTestCase(uint32_t maxLanes)
        : TestCase("events leave in (time, uid) order with MaxLanes " + std::to_string(maxLanes)),
          m_maxLanes(maxLanes)
    {
    }

  private:
    void DoRun() override
    {
        Ptr<FabricLaneScheduler> s = CreateObject<FabricLaneScheduler>();
        s->SetAttribute("MaxLanes", UintegerValue(m_maxLanes));
        std::set<Key> reference;
        std::mt19937_64 rng(12345);
        // A few delays recur (frame times and link delays), the rest are arbitrary; ties in
        // time are frequent through the zero delay and repeated values.
        const std::vector<uint64_t> common = {0, 42, 1000, 1042, 7, 3, 500000};
        uint64_t now = 0;
        uint32_t uid = 0;
        uint64_t taken = 0;
        uint64_t removed = 0;
        for (int step = 0; step < 200000; ++step)
        {
            const uint64_t dice = rng() % 100;
            if (dice < 55 || reference.empty())
            {
                const uint64_t delay =
                    (rng() % 4 == 0) ? rng() % 5000 : common[rng() % common.size()];
                Scheduler::Event ev;
                ev.impl = nullptr;
                ev.key.m_ts = now + delay;
                ev.key.m_uid = ++uid;
                ev.key.m_context = 0;
                s->Insert(ev);
                reference.emplace(ev.key.m_ts, ev.key.m_uid);
            }
            else if (dice < 97)
            {
                NS_TEST_ASSERT_MSG_EQ(s->IsEmpty(), false, "events are pending");
                const Scheduler::Event peek = s->PeekNext();
                const Scheduler::Event ev = s->RemoveNext();
                const Key expected = *reference.begin();
                reference.erase(reference.begin());
                NS_TEST_ASSERT_MSG_EQ(peek.key.m_uid, ev.key.m_uid, "PeekNext shows the next");
                NS_TEST_ASSERT_MSG_EQ(ev.key.m_ts, expected.first, "time stamp order");
                NS_TEST_ASSERT_MSG_EQ(ev.key.m_uid, expected.second, "scheduling order at ties");
                now = ev.key.m_ts;
                ++taken;
            }
            else
            {
                // Remove a random pending event (Simulator::Remove).
                auto it = reference.begin();
                std::advance(it, rng() % reference.size());
                Scheduler::Event ev;
                ev.impl = nullptr;
                ev.key.m_ts = it->first;
                ev.key.m_uid = it->second;
                ev.key.m_context = 0;
                s->Remove(ev);
                reference.erase(it);
                ++removed;
            }
            NS_TEST_ASSERT_MSG_EQ(s->IsEmpty(), reference.empty(), "IsEmpty agrees");
        }
        while (!reference.empty())
        {
            const Scheduler::Event ev = s->RemoveNext();
            NS_TEST_ASSERT_MSG_EQ(ev.key.m_uid, reference.begin()->second, "drain in order");
            reference.erase(reference.begin());
        }
        NS_TEST_ASSERT_MSG_EQ(s->IsEmpty(), true, "drained");
        NS_TEST_ASSERT_MSG_EQ((s->GetNLanes() <= m_maxLanes), true, "at most MaxLanes lanes");
        NS_TEST_ASSERT_MSG_GT(taken, 50000u, "the walk took many events");
        NS_TEST_ASSERT_MSG_GT(removed, 1000u, "the walk removed events");
        // Arbitrary delays must have overflowed somewhere when lanes are few.
        if (m_maxLanes < common.size())
        {
            NS_TEST_ASSERT_MSG_GT(s->GetOverflowInserts(), 0u, "few lanes: overflow used");
        }
    }

    uint32_t m_maxLanes; //!< MaxLanes under test
};

/**
 * \ingroup ai-fabric-tests
 * \brief An event that records its Prefetch(), PrefetchDeeper() and PrefetchDeepest() hints
 * and its run.
 */
class CountingPrefetchEvent : public FabricPrefetchingEvent
{
  public:
    /**
     * \brief Constructor.
     * \param log where the event appends "p<id>" at Prefetch(), "d<id>" at PrefetchDeeper(),
     * "D<id>" at PrefetchDeepest() and "n<id>" when run
     * \param id the event's number
     */
    CountingPrefetchEvent(std::vector<std::string>* log, int id)
        : m_log(log),
          m_id(id)
    {
        RegisterType(typeid(CountingPrefetchEvent));
    }

    void Prefetch() const override
    {
        m_log->push_back("p" + std::to_string(m_id));
    }

    void PrefetchDeeper() const override
    {
        m_log->push_back("d" + std::to_string(m_id));
    }

    void PrefetchDeepest() const override
    {
        m_log->push_back("D" + std::to_string(m_id));
    }

  protected:
    void Notify() override
    {
        m_log->push_back("n" + std::to_string(m_id));
    }

  private:
    std::vector<std::string>* m_log; //!< the shared record
    int m_id;                        //!< the event's number
};

/**
 * \ingroup ai-fabric-tests
 * \brief Each event of a registered type in a lane gets Prefetch() when it is third in its lane,
 * PrefetchDeeper() when it is second and PrefetchDeepest() when it is first, each time the lane's
 * first event is taken; other events (and null ones) are left alone.
 */
class LaneSchedulerPrefetchTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param prefetch the scheduler's Prefetch attribute
     */
    explicit LaneSchedulerPrefetchTestCase(bool prefetch)
        : TestCase(prefetch ? "a lane's events are hinted (Prefetch, PrefetchDeeper, "
                              "PrefetchDeepest) before they run"
                            : "Prefetch false: events run in order, none is hinted"),
          m_prefetch(prefetch)
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::string> log;
        Ptr<EventImpl> plain = MakeEvent([]() {});
        NS_TEST_ASSERT_MSG_EQ(FabricPrefetchingEvent::Cast(nullptr),
                              nullptr,
                              "a null event is not prefetching");
        NS_TEST_ASSERT_MSG_EQ(FabricPrefetchingEvent::Cast(PeekPointer(plain)),
                              nullptr,
                              "an ordinary event is not prefetching");

        ObjectFactory factory("ns3::FabricLaneScheduler");
        factory.Set("Prefetch", BooleanValue(m_prefetch));
        Simulator::SetScheduler(factory);
        // Events 1..4 and an ordinary one between 2 and 3, all with a delay of 1 ns: one lane,
        // run in the order of scheduling.
        std::vector<Ptr<CountingPrefetchEvent>> events;
        for (int id = 1; id <= 4; ++id)
        {
            events.push_back(Create<CountingPrefetchEvent>(&log, id));
            NS_TEST_ASSERT_MSG_EQ(FabricPrefetchingEvent::Cast(PeekPointer(events.back())),
                                  PeekPointer(events.back()),
                                  "a registered event is recognized");
        }
        for (int id = 1; id <= 4; ++id)
        {
            Simulator::Schedule(NanoSeconds(1), Ptr<EventImpl>(events[id - 1]));
            if (id == 2)
            {
                Simulator::Schedule(NanoSeconds(1), []() {});
            }
        }
        Simulator::Run();
        Simulator::Destroy();
        // Each take hints the third event (Prefetch), then the second (PrefetchDeeper), then the
        // first (PrefetchDeepest). Taking event 1 leaves [2, x, 3, 4]: Prefetch(3), x is second
        // (not prefetching), PrefetchDeepest(2). Taking 2 leaves [x, 3, 4]: Prefetch(4),
        // PrefetchDeeper(3). Taking x leaves [3, 4]: PrefetchDeeper(4), PrefetchDeepest(3).
        // Taking 3 leaves [4]: PrefetchDeepest(4). Every event gets its hints in order, each
        // before its run.
        const std::vector<std::string> expected =
            m_prefetch
                ? std::vector<
                      std::string>{"p3", "D2", "n1", "p4", "d3", "n2", "d4", "D3", "D4", "n3", "n4"}
                : std::vector<std::string>{"n1", "n2", "n3", "n4"};
        NS_TEST_ASSERT_MSG_EQ(log.size(), expected.size(), "hints and runs recorded");
        for (std::size_t i = 0; i < expected.size() && i < log.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(log[i], expected[i], "entry " << i);
        }
    }

    bool m_prefetch; //!< the scheduler's Prefetch attribute
};

/**
 * \ingroup ai-fabric-tests
 * \brief The lane scheduler's suite.
 */
class LaneSchedulerTestSuite : public TestSuite
{
  public:
    LaneSchedulerTestSuite()
        : TestSuite("ai-fabric-lane-scheduler", UNIT)
    {
        const SimulatorChoice map{"ns3::DefaultSimulatorImpl", "ns3::MapScheduler"};
        const SimulatorChoice lanes{"ns3::DefaultSimulatorImpl", "ns3::FabricLaneScheduler"};
        AddTestCase(new LaneSchedulerOrderTestCase(64), TestCase::QUICK);
        AddTestCase(new LaneSchedulerOrderTestCase(3), TestCase::QUICK);
        AddTestCase(new LaneSchedulerOrderTestCase(1), TestCase::QUICK);
        AddTestCase(new LaneSchedulerPrefetchTestCase(true), TestCase::QUICK);
        AddTestCase(new LaneSchedulerPrefetchTestCase(false), TestCase::QUICK);
        for (TestCase* run : SameRunTestCases(map, lanes, "ns-3's map scheduler"))
        {
            AddTestCase(run, TestCase::QUICK);
        }
    }
};

/// Static instance that registers the suite.
static LaneSchedulerTestSuite g_laneSchedulerTestSuite;

} // namespace
