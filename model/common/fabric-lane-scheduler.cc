/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-lane-scheduler.h"

#include "fabric-prefetching-event.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricLaneScheduler");
NS_OBJECT_ENSURE_REGISTERED(FabricLaneScheduler);

namespace
{

/**
 * \brief Home slot of a delay in a table of mask + 1 slots (Fibonacci hashing).
 * \param delay the delay
 * \param mask table size - 1
 * \return the slot
 */
inline uint32_t
HomeSlot(uint64_t delay, uint32_t mask)
{
    return static_cast<uint32_t>((delay * 0x9E3779B97F4A7C15ull) >> 40) & mask;
}

/// Lanes looked at for reuse when a new delay finds every lane taken.
constexpr uint32_t REUSE_PROBES = 4;

} // namespace

TypeId
FabricLaneScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricLaneScheduler")
            .SetParent<Scheduler>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricLaneScheduler>()
            .AddAttribute("MaxLanes",
                          "Most delays (time between scheduling and running an event) served "
                          "by a first-in first-out lane at once; events of other delays wait in "
                          "a binary heap. Set before the first event is scheduled.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&FabricLaneScheduler::m_maxLanes),
                          MakeUintegerChecker<uint32_t>(1, 65536))
            .AddAttribute("Prefetch",
                          "Issue prefetch hints for the next events' memory (see "
                          "FabricPrefetchingEvent). Hints change no result.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&FabricLaneScheduler::m_prefetch),
                          MakeBooleanChecker());
    return tid;
}

void
FabricLaneScheduler::UseByDefault()
{
    GlobalValue::Bind("SchedulerType", StringValue("ns3::FabricLaneScheduler"));
}

FabricLaneScheduler::FabricLaneScheduler()
    : m_maxLanes(64)
{
    NS_LOG_FUNCTION(this);
}

FabricLaneScheduler::~FabricLaneScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
FabricLaneScheduler::EventRing::Grow()
{
    const std::size_t size = std::max<std::size_t>(8, 2 * m_slots.size());
    std::vector<Scheduler::Event> slots(size);
    for (uint32_t i = 0; i < m_count; ++i)
    {
        slots[i] = m_slots[(m_head + i) & m_mask];
    }
    m_slots.swap(slots);
    m_head = 0;
    m_mask = static_cast<uint32_t>(size - 1);
}

bool
FabricLaneScheduler::EventRing::Erase(const Scheduler::EventKey& key)
{
    for (uint32_t i = 0; i < m_count; ++i)
    {
        if (m_slots[(m_head + i) & m_mask].key == key)
        {
            // Close the gap from the back, keeping the order.
            for (uint32_t j = i; j + 1 < m_count; ++j)
            {
                m_slots[(m_head + j) & m_mask] = m_slots[(m_head + j + 1) & m_mask];
            }
            --m_count;
            return true;
        }
    }
    return false;
}

uint32_t
FabricLaneScheduler::LaneFor(uint64_t delay)
{
    if (m_table.empty())
    {
        uint32_t size = 8;
        while (size < 2 * m_maxLanes)
        {
            size *= 2;
        }
        m_table.assign(size, 0);
        m_tableMask = size - 1;
        m_lanes.reserve(m_maxLanes);
    }
    uint32_t slot = HomeSlot(delay, m_tableMask);
    while (m_table[slot] != 0)
    {
        const uint32_t lane = m_table[slot] - 1;
        if (m_lanes[lane].delay == delay)
        {
            return lane;
        }
        slot = (slot + 1) & m_tableMask;
    }
    uint32_t lane = static_cast<uint32_t>(m_lanes.size());
    if (lane < m_maxLanes)
    {
        m_lanes.emplace_back();
    }
    else
    {
        // Every lane is taken: hand over an empty one, looking at a few in turn so that lanes
        // of delays that no longer occur come free again.
        lane = static_cast<uint32_t>(m_lanes.size());
        for (uint32_t probe = 0; probe < REUSE_PROBES; ++probe)
        {
            const uint32_t candidate = m_hand;
            m_hand = (m_hand + 1) % m_lanes.size();
            if (m_lanes[candidate].events.empty())
            {
                lane = candidate;
                break;
            }
        }
        if (lane == m_lanes.size())
        {
            return lane;
        }
        Unmap(lane);
        slot = HomeSlot(delay, m_tableMask);
        while (m_table[slot] != 0)
        {
            slot = (slot + 1) & m_tableMask;
        }
    }
    m_lanes[lane].delay = delay;
    m_table[slot] = lane + 1;
    return lane;
}

void
FabricLaneScheduler::Unmap(uint32_t lane)
{
    uint32_t hole = HomeSlot(m_lanes[lane].delay, m_tableMask);
    while (m_table[hole] != lane + 1)
    {
        hole = (hole + 1) & m_tableMask;
    }
    m_table[hole] = 0;
    // Backward shift: move later entries of the probe run into the hole when their home slot
    // does not lie between the hole and where they are.
    uint32_t next = hole;
    while (true)
    {
        next = (next + 1) & m_tableMask;
        if (m_table[next] == 0)
        {
            return;
        }
        const uint32_t home = HomeSlot(m_lanes[m_table[next] - 1].delay, m_tableMask);
        const bool stays =
            (hole <= next) ? (hole < home && home <= next) : (hole < home || home <= next);
        if (!stays)
        {
            m_table[hole] = m_table[next];
            m_table[next] = 0;
            hole = next;
        }
    }
}

void
FabricLaneScheduler::PushHead(uint32_t lane)
{
    Head head{m_lanes[lane].events.front().key, lane};
    std::size_t i = m_heads.size();
    m_heads.push_back(head);
    while (i > 0)
    {
        const std::size_t parent = (i - 1) / 2;
        if (!(head.key < m_heads[parent].key))
        {
            break;
        }
        m_heads[i] = m_heads[parent];
        i = parent;
    }
    m_heads[i] = head;
}

void
FabricLaneScheduler::SiftTopDown()
{
    const std::size_t n = m_heads.size();
    const Head head = m_heads[0];
    std::size_t i = 0;
    while (true)
    {
        std::size_t child = 2 * i + 1;
        if (child >= n)
        {
            break;
        }
        if (child + 1 < n && m_heads[child + 1].key < m_heads[child].key)
        {
            ++child;
        }
        if (!(m_heads[child].key < head.key))
        {
            break;
        }
        m_heads[i] = m_heads[child];
        i = child;
    }
    m_heads[i] = head;
}

void
FabricLaneScheduler::RebuildHeads()
{
    m_heads.clear();
    for (uint32_t lane = 0; lane < m_lanes.size(); ++lane)
    {
        if (!m_lanes[lane].events.empty())
        {
            PushHead(lane);
        }
    }
}

bool
FabricLaneScheduler::OverflowFirst() const
{
    return !m_overflow.empty() && (m_heads.empty() || m_overflow.front().key < m_heads[0].key);
}

void
FabricLaneScheduler::Insert(const Scheduler::Event& ev)
{
    // No logging here: this runs for every event.
    ++m_size;
    if (ev.key.m_ts >= m_now)
    {
        const uint32_t lane = LaneFor(ev.key.m_ts - m_now);
        if (lane < m_lanes.size())
        {
            EventRing& events = m_lanes[lane].events;
            if (events.empty())
            {
                events.push_back(ev);
                PushHead(lane);
                return;
            }
            // Only an event that sorts after the lane's last keeps the lane in order.
            if (events.back().key < ev.key)
            {
                events.push_back(ev);
                return;
            }
        }
    }
    ++m_overflowInserts;
    m_overflow.push_back(ev);
    std::push_heap(m_overflow.begin(), m_overflow.end(), std::greater<Scheduler::Event>());
}

bool
FabricLaneScheduler::IsEmpty() const
{
    return m_size == 0;
}

Scheduler::Event
FabricLaneScheduler::PeekNext() const
{
    NS_ASSERT_MSG(m_size > 0, "FabricLaneScheduler: no pending event");
    if (OverflowFirst())
    {
        return m_overflow.front();
    }
    return m_lanes[m_heads[0].lane].events.front();
}

Scheduler::Event
FabricLaneScheduler::RemoveNext()
{
    NS_ASSERT_MSG(m_size > 0, "FabricLaneScheduler: no pending event");
    Scheduler::Event ev;
    if (OverflowFirst())
    {
        std::pop_heap(m_overflow.begin(), m_overflow.end(), std::greater<Scheduler::Event>());
        ev = m_overflow.back();
        m_overflow.pop_back();
    }
    else
    {
        EventRing& events = m_lanes[m_heads[0].lane].events;
        ev = events.front();
        events.pop_front();
        if (m_prefetch)
        {
            PrefetchLane(events);
        }
        if (events.empty())
        {
            m_heads[0] = m_heads.back();
            m_heads.pop_back();
        }
        else
        {
            m_heads[0].key = events.front().key;
        }
        if (!m_heads.empty())
        {
            SiftTopDown();
        }
    }
    --m_size;
    m_now = ev.key.m_ts;
    return ev;
}

void
FabricLaneScheduler::PrefetchLane(const EventRing& events)
{
    // Within a lane, events run in order; the lanes' heads interleave, so the lane's next event
    // is at most a few events away and the third a few more (the hints' loads take a fraction
    // of one event's time).
    const uint32_t n = events.size();
    if (n > EventRing::PREFETCH_SLOTS)
    {
        __builtin_prefetch(&events.at(EventRing::PREFETCH_SLOTS));
    }
    if (n > 3)
    {
        __builtin_prefetch(events.at(3).impl);
    }
    if (n > 2)
    {
        if (const FabricPrefetchingEvent* third = FabricPrefetchingEvent::Cast(events.at(2).impl))
        {
            third->Prefetch();
        }
    }
    if (n > 1)
    {
        if (const FabricPrefetchingEvent* second = FabricPrefetchingEvent::Cast(events.at(1).impl))
        {
            second->PrefetchDeeper();
        }
    }
    if (n > 0)
    {
        if (const FabricPrefetchingEvent* first = FabricPrefetchingEvent::Cast(events.at(0).impl))
        {
            first->PrefetchDeepest();
        }
    }
}

void
FabricLaneScheduler::Remove(const Scheduler::Event& ev)
{
    NS_LOG_FUNCTION(this << ev.impl << ev.key.m_ts << ev.key.m_uid);
    for (Lane& lane : m_lanes)
    {
        if (lane.events.Erase(ev.key))
        {
            --m_size;
            RebuildHeads();
            return;
        }
    }
    auto it = std::find_if(m_overflow.begin(), m_overflow.end(), [&ev](const Scheduler::Event& e) {
        return e.key == ev.key;
    });
    NS_ABORT_MSG_IF(it == m_overflow.end(),
                    "FabricLaneScheduler: event " << ev.key.m_uid << " to remove is not pending");
    m_overflow.erase(it);
    std::make_heap(m_overflow.begin(), m_overflow.end(), std::greater<Scheduler::Event>());
    --m_size;
}

uint32_t
FabricLaneScheduler::GetNLanes() const
{
    return static_cast<uint32_t>(m_lanes.size());
}

uint64_t
FabricLaneScheduler::GetOverflowInserts() const
{
    return m_overflowInserts;
}

} // namespace ns3
