/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_LANE_SCHEDULER_H
#define FABRIC_LANE_SCHEDULER_H

#include "ns3/scheduler.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief An event scheduler for packet networks: events scheduled with the same delay wait in
 * one first-in first-out lane, and only the lanes' heads are ordered.
 *
 * Almost every event of a packet-level fabric is scheduled a fixed delay ahead: the end of a
 * frame's transmission (its serialization time, one value per frame size) and its arrival at
 * the far end (that plus the link's delay). Events of one delay are scheduled in time order, so
 * a lane holds them already sorted; a small heap orders the lanes by their first event, and
 * the rest (delays without a lane) wait in an ordinary binary heap. Insertion into a busy lane
 * is an append; taking the next event sifts a heap of a few dozen lanes that stays in the
 * processor's cache, instead of a heap of every pending event (hundreds of thousands in a
 * large fabric), and the lanes are read in order of memory.
 *
 * Events come out in exactly the order of any other ns-3 scheduler (time stamp, then the
 * order of scheduling): a lane only takes an event that sorts after its last one, so results
 * do not depend on the choice. A lane with no events may be handed to another delay when all
 * MaxLanes are taken.
 *
 * Use it with --SchedulerType=ns3::FabricLaneScheduler or
 * GlobalValue::Bind("SchedulerType", StringValue("ns3::FabricLaneScheduler")).
 */
class FabricLaneScheduler : public Scheduler
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Make it the simulator's scheduler unless the command line (--SchedulerType)
     * chooses another: call before CommandLine::Parse.
     */
    static void UseByDefault();

    FabricLaneScheduler();
    ~FabricLaneScheduler() override;

    void Insert(const Scheduler::Event& ev) override;
    bool IsEmpty() const override;
    Scheduler::Event PeekNext() const override;
    Scheduler::Event RemoveNext() override;
    void Remove(const Scheduler::Event& ev) override;

    /**
     * \brief Lanes that currently serve a delay.
     * \return number of lanes
     */
    uint32_t GetNLanes() const;

    /**
     * \brief Events that went to the overflow heap because no lane took them.
     * \return count since construction
     */
    uint64_t GetOverflowInserts() const;

  private:
    /**
     * A ring of events with a power-of-two capacity that doubles when full: the per-event
     * operations are a few instructions, inline.
     */
    class EventRing
    {
      public:
        /// \return true if it holds no event
        bool empty() const
        {
            return m_count == 0;
        }

        /// \return the first event (the ring is not empty)
        const Scheduler::Event& front() const
        {
            return m_slots[m_head];
        }

        /// \return the last event (the ring is not empty)
        /**
         * \brief An event by position.
         * \param i position, 0 for the first; less than size()
         * \return the event
         */
        const Scheduler::Event& at(uint32_t i) const
        {
            return m_slots[(m_head + i) & m_mask];
        }

        /**
         * \brief Number of events held.
         * \return the count
         */
        uint32_t size() const
        {
            return m_count;
        }

        const Scheduler::Event& back() const
        {
            return m_slots[(m_head + m_count - 1) & m_mask];
        }

        /**
         * \brief Append an event.
         * \param ev the event
         */
        void push_back(const Scheduler::Event& ev)
        {
            if (m_count == m_slots.size())
            {
                Grow();
            }
            m_slots[(m_head + m_count) & m_mask] = ev;
            ++m_count;
            // A busy lane's ring is megabytes long at scale: its tail is cold. Start claiming
            // the line a few events on (a hint past the events is harmless).
            __builtin_prefetch(&m_slots[(m_head + m_count + PREFETCH_SLOTS) & m_mask], 1);
        }

        /// Drop the first event (the ring is not empty).
        void pop_front()
        {
            m_head = (m_head + 1) & m_mask;
            --m_count;
        }

        /**
         * \brief Remove the event with a given key, keeping the order of the others.
         * \param key the key
         * \return true if it was there
         */
        bool Erase(const Scheduler::EventKey& key);

        /// How far ahead of the tail (on insertion) and of the head (when taken) the ring is
        /// hinted: three cache lines of events.
        static constexpr uint32_t PREFETCH_SLOTS = 8;

      private:
        /// Double the capacity (at least 8), keeping the events in order.
        void Grow();

        std::vector<Scheduler::Event> m_slots; //!< storage, a power of two in size
        uint32_t m_head{0};                    //!< index of the first event
        uint32_t m_count{0};                   //!< events held
        uint32_t m_mask{0};                    //!< size - 1
    };

    /// Events of one delay, in time order.
    struct Lane
    {
        uint64_t delay{0}; //!< the delay it serves, in time-stamp units
        EventRing events;  //!< pending events, earliest first
    };

    /// A nonempty lane in the order heap, under the key of its first event.
    struct Head
    {
        Scheduler::EventKey key; //!< key of the lane's first event
        uint32_t lane;           //!< index into m_lanes
    };

    /**
     * \brief The lane that serves a delay, claiming one if possible.
     * \param delay the event's delay, time-stamp units
     * \return the lane's index, or m_lanes.size() for none (the overflow heap)
     */
    uint32_t LaneFor(uint64_t delay);

    /**
     * \brief Forget the delay of a lane (backward-shift deletion from the lane table).
     * \param lane the lane's index
     */
    void Unmap(uint32_t lane);

    /**
     * \brief Add a lane to the order heap.
     * \param lane the lane's index; it holds events
     */
    void PushHead(uint32_t lane);

    /**
     * \brief Move the top of the order heap down to where its (new, later) key belongs.
     */
    void SiftTopDown();

    /**
     * \brief Rebuild the order heap from the lanes (after an arbitrary removal).
     */
    void RebuildHeads();

    /**
     * \brief Advance a lane's prefetch pipeline after its first event was taken: hint the
     * object of its fourth event, call FabricPrefetchingEvent::Prefetch() on its third,
     * PrefetchDeeper() on its second and PrefetchDeepest() on its first. Every event of a busy
     * lane thus passes the four steps in order, each at least one event apart, so each step's
     * loads have arrived when the next step follows the pointers they hold.
     * \param events the lane's events
     */
    static void PrefetchLane(const EventRing& events);

    /**
     * \brief Whether the overflow heap holds the earliest event.
     * \return true if the next event comes from the overflow heap
     */
    bool OverflowFirst() const;

    uint32_t m_maxLanes;                      //!< most lanes (attribute)
    bool m_prefetch{true};                    //!< issue prefetch hints (attribute)
    std::vector<Lane> m_lanes;                //!< the lanes
    std::vector<Head> m_heads;                //!< nonempty lanes, a min-heap by first key
    std::vector<uint32_t> m_table;            //!< delay -> lane + 1 (0: free), open addressing
    uint32_t m_tableMask{0};                  //!< table size - 1 (a power of two)
    uint32_t m_hand{0};                       //!< next lane considered for reuse
    std::vector<Scheduler::Event> m_overflow; //!< events without a lane, a min-heap
    uint64_t m_now{0};                        //!< time stamp of the last event taken
    uint64_t m_size{0};                       //!< pending events
    uint64_t m_overflowInserts{0};            //!< events that went to the overflow heap
};

} // namespace ns3

#endif /* FABRIC_LANE_SCHEDULER_H */
