/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_SIMULATOR_IMPL_H
#define FABRIC_SIMULATOR_IMPL_H

#include "ns3/event-id.h"
#include "ns3/scheduler.h"
#include "ns3/simulator-impl.h"
#include "ns3/simulator.h"

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A sequential simulator implementation with a lean per-event path, for packet-level
 * fabrics that run millions of events.
 *
 * It keeps the semantics of ns-3's DefaultSimulatorImpl exactly: every event gets the same
 * (time stamp, uid, context) key in the same order, so a program gives the same results under
 * either, and Cancel, Remove, IsExpired, GetDelayLeft, Stop, destroy events, contexts, event
 * counts and scheduling from other threads behave alike. What it leaves out is per-event work
 * that a fabric does not use: DefaultSimulatorImpl builds an EventId and calls the
 * PreEventHook for every event it runs, and checks its log component on every call, about
 * 150 instructions an event; this implementation has no PreEventHook and does not log on the
 * per-event path. A negative delay aborts with a message in every build (DefaultSimulatorImpl
 * checks it only when assertions are compiled in).
 *
 * Select it with --SimulatorImplementationType=ns3::FabricSimulatorImpl, with
 * GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::FabricSimulatorImpl"))
 * or with UseByDefault(), before the first call to the Simulator.
 */
class FabricSimulatorImpl : public SimulatorImpl
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Make this the simulator implementation, and FabricLaneScheduler its scheduler,
     * unless the command line (--SimulatorImplementationType, --SchedulerType) chooses others:
     * call before CommandLine::Parse and before the first call to the Simulator.
     */
    static void UseByDefault();

    /**
     * \brief The current simulation time: read directly from a FabricSimulatorImpl while it
     * runs events, otherwise Simulator::Now().
     *
     * For the per-frame paths of devices and channels, where Simulator::Now()'s lookup of the
     * implementation and virtual call are a measurable share of the work. Call it from the
     * simulation's thread only.
     * \return the time
     */
    static Time FastNow()
    {
        const FabricSimulatorImpl* running = s_running;
        return running ? TimeStep(running->m_currentTs) : Simulator::Now();
    }

    /**
     * \brief The context of the running event, as Simulator::GetContext() (see FastNow()).
     * \return the context
     */
    static uint32_t FastContext()
    {
        const FabricSimulatorImpl* running = s_running;
        return running ? running->m_currentContext : Simulator::GetContext();
    }

    /**
     * \brief Schedule an event with a context, as Simulator::ScheduleWithContext(): queued
     * directly while a FabricSimulatorImpl runs events (see FastNow()).
     * \param context the event's context
     * \param delay delay from now
     * \param event the event; the simulator takes over one reference
     */
    static void FastScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event)
    {
        FabricSimulatorImpl* running = s_running;
        if (running)
        {
            running->Enqueue(static_cast<uint64_t>(delay.GetTimeStep()), context, event);
            return;
        }
        Simulator::ScheduleWithContext(context, delay, event);
    }

    FabricSimulatorImpl();
    ~FabricSimulatorImpl() override;

    void Destroy() override;
    bool IsFinished() const override;
    void Stop() override;
    void Stop(const Time& delay) override;
    EventId Schedule(const Time& delay, EventImpl* event) override;
    void ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event) override;
    EventId ScheduleNow(EventImpl* event) override;
    EventId ScheduleDestroy(EventImpl* event) override;
    void Remove(const EventId& id) override;
    void Cancel(const EventId& id) override;
    bool IsExpired(const EventId& id) const override;
    void Run() override;
    Time Now() const override;
    Time GetDelayLeft(const EventId& id) const override;
    Time GetMaximumSimulationTime() const override;
    void SetScheduler(ObjectFactory schedulerFactory) override;
    uint32_t GetSystemId() const override;
    uint32_t GetContext() const override;
    uint64_t GetEventCount() const override;

  private:
    void DoDispose() override;

    /**
     * \brief Queue an event with the next uid, a delay after the current time.
     * \param delay the delay, in time steps
     * \param context the event's context
     * \param event the event (its reference now belongs to the queue)
     * \return the event's absolute time stamp
     */
    uint64_t Enqueue(uint64_t delay, uint32_t context, EventImpl* event)
    {
        Scheduler::Event ev;
        ev.impl = event;
        ev.key.m_ts = m_currentTs + delay;
        ev.key.m_context = context;
        ev.key.m_uid = m_uid++;
        ++m_unscheduledEvents;
        m_events->Insert(ev);
        return ev.key.m_ts;
    }

    /// Move the events other threads scheduled into the queue.
    void TakeForeignEvents();

    /// An event scheduled from another thread, waiting for the main one.
    struct ForeignEvent
    {
        uint32_t context; //!< the event's context
        uint64_t delay;   //!< delay from the time it is taken, in time steps
        EventImpl* event; //!< the event
    };

    /// The implementation inside Run(), for the Fast* functions; nullptr outside.
    static FabricSimulatorImpl* s_running;

    Ptr<Scheduler> m_events;            //!< pending events
    uint64_t m_currentTs{0};            //!< time stamp of the running (or last) event
    uint32_t m_currentContext;          //!< context of the running (or last) event
    uint32_t m_currentUid;              //!< uid of the running (or last) event
    uint32_t m_uid;                     //!< uid of the next event scheduled
    uint32_t m_unscheduledEvents{0};    //!< events queued and not yet run or removed
    uint64_t m_eventCount{0};           //!< events run
    bool m_stop{false};                 //!< Stop() was called
    std::list<EventId> m_destroyEvents; //!< events to run at Destroy()

    std::thread::id m_mainThread;              //!< the thread that runs the simulation
    std::mutex m_foreignMutex;                 //!< guards m_foreign
    std::vector<ForeignEvent> m_foreign;       //!< events from other threads
    std::atomic<bool> m_foreignPending{false}; //!< m_foreign may be nonempty
};

} // namespace ns3

#endif /* FABRIC_SIMULATOR_IMPL_H */
