/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-port-queue.h"

#include "ns3/enum.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-prefetching-event.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricPortQueue");

NS_OBJECT_ENSURE_REGISTERED(FabricPortQueue);

TypeId
FabricPortQueue::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricPortQueue")
            .SetParent<QueueBase>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricPortQueue>()
            .AddAttribute("MaxSize",
                          "Most the port may hold (packets or bytes, e.g. 100000p or 64MB).",
                          QueueSizeValue(QueueSize("100000p")),
                          MakeQueueSizeAccessor(&QueueBase::SetMaxSize, &QueueBase::GetMaxSize),
                          MakeQueueSizeChecker())
            .AddAttribute("Scheduler",
                          "How the eight classes share the port: StrictPriority (class 7 first) "
                          "or Dwrr (deficit-weighted round robin, StrictClasses ahead of it).",
                          EnumValue(STRICT_PRIORITY),
                          MakeEnumAccessor(&FabricPortQueue::m_scheduler),
                          MakeEnumChecker(STRICT_PRIORITY, "StrictPriority", DWRR, "Dwrr"))
            .AddAttribute(
                "Weights",
                "DWRR weights of classes 0..7, eight positive integers.",
                StringValue("1 1 1 1 1 1 1 1"),
                MakeStringAccessor(&FabricPortQueue::SetWeights, &FabricPortQueue::GetWeights),
                MakeStringChecker())
            .AddAttribute("Quantum",
                          "DWRR quantum per unit of weight, in bytes.",
                          UintegerValue(9216),
                          MakeUintegerAccessor(&FabricPortQueue::m_quantum),
                          MakeUintegerChecker<uint32_t>(64))
            .AddAttribute("StrictClasses",
                          "Bit mask of classes served by strict priority ahead of DWRR (bit c "
                          "= class c); used with Scheduler=Dwrr.",
                          UintegerValue(0x80),
                          MakeUintegerAccessor(&FabricPortQueue::m_strictClasses),
                          MakeUintegerChecker<uint8_t>())
            // The trace sources of ns-3's Queue<Packet>, under the same names.
            .AddTraceSource("Enqueue",
                            "A packet was queued.",
                            MakeTraceSourceAccessor(&FabricPortQueue::m_traceEnqueue),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Dequeue",
                            "A packet left the queue.",
                            MakeTraceSourceAccessor(&FabricPortQueue::m_traceDequeue),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped (for whatever reason).",
                            MakeTraceSourceAccessor(&FabricPortQueue::m_traceDrop),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("DropBeforeEnqueue",
                            "A packet was dropped before it was queued (no room).",
                            MakeTraceSourceAccessor(&FabricPortQueue::m_traceDropBeforeEnqueue),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("DropAfterDequeue",
                            "A packet was dropped after it left the queue (Remove).",
                            MakeTraceSourceAccessor(&FabricPortQueue::m_traceDropAfterDequeue),
                            "ns3::Packet::TracedCallback");
    return tid;
}

FabricPortQueue::FabricPortQueue()
{
    m_weights.fill(1);
}

void
FabricPortQueue::PrefetchDequeueState() const
{
    const auto* first = reinterpret_cast<const char*>(this);
    const auto* last = reinterpret_cast<const char*>(&m_weights);
    FabricPrefetchingEvent::PrefetchRange(first, static_cast<unsigned>(last - first));
}

int
FabricPortQueue::PrefetchNextEntry() const
{
    const int cls = HighestOccupiedClass();
    if (cls >= 0)
    {
        FifoPrefetchFront(m_classes[cls]);
    }
    return cls;
}

void
FabricPortQueue::PrefetchNextPacket() const
{
    const int cls = HighestOccupiedClass();
    if (cls >= 0)
    {
        __builtin_prefetch(PeekPointer(m_classes[cls].front().packet));
    }
}

FabricPortQueue::~FabricPortQueue() = default;

void
FabricPortQueue::DoDispose()
{
    for (auto& fifo : m_classes)
    {
        fifo.clear();
    }
    QueueBase::DoDispose();
}

void
FabricPortQueue::SetWeights(const std::string& weights)
{
    std::string text = weights;
    for (char& ch : text)
    {
        if (ch == ',')
        {
            ch = ' ';
        }
    }
    std::istringstream in(text);
    std::array<uint32_t, FABRIC_NUM_CLASSES> parsed{};
    for (auto& w : parsed)
    {
        long v = 0;
        if (!(in >> v) || v <= 0)
        {
            throw FabricConfigError("FabricPortQueue Weights '" + weights +
                                    "': need eight positive integers");
        }
        w = static_cast<uint32_t>(v);
    }
    std::string rest;
    if (in >> rest)
    {
        throw FabricConfigError("FabricPortQueue Weights '" + weights +
                                "': more than eight values");
    }
    m_weights = parsed;
}

std::string
FabricPortQueue::GetWeights() const
{
    std::ostringstream out;
    for (uint8_t c = 0; c < FABRIC_NUM_CLASSES; ++c)
    {
        out << (c ? " " : "") << m_weights[c];
    }
    return out.str();
}

bool
FabricPortQueue::Enqueue(Ptr<Packet> item)
{
    return EnqueueClass(item, FabricPriorityOf(item, true));
}

bool
FabricPortQueue::EnqueueClass(Ptr<Packet> item,
                              uint8_t cls,
                              const FabricQueueNote& note,
                              const FabricFrameFields& fields)
{
    NS_ASSERT(cls < FABRIC_NUM_CLASSES);
    const uint32_t size = item->GetSize();
    // The check of ns-3's Queue: current size plus this packet above MaxSize.
    if (WouldOverflow(1, size))
    {
        DropBeforeEnqueue(item);
        return false;
    }
    FifoPush(m_classes[cls], Entry{item, note, fields});
    m_classBytes[cls] += size;
    m_occupied |= static_cast<uint8_t>(1u << cls);
    m_nBytes += size;
    m_nTotalReceivedBytes += size;
    m_nPackets++;
    m_nTotalReceivedPackets++;
    FireWatched(m_packetsWatched, m_traceEnqueue, item);
    return true;
}

void
FabricPortQueue::DropBeforeEnqueue(const Ptr<Packet>& item)
{
    const uint32_t size = item->GetSize();
    m_nTotalDroppedPackets++;
    m_nTotalDroppedPacketsBeforeEnqueue++;
    m_nTotalDroppedBytes += size;
    m_nTotalDroppedBytesBeforeEnqueue += size;
    m_traceDrop(item);
    m_traceDropBeforeEnqueue(item);
}

Ptr<Packet>
FabricPortQueue::PopClass(uint8_t cls)
{
    Entry& head = m_classes[cls].front();
    Ptr<Packet> p = std::move(head.packet);
    m_lastNote = head.note;
    m_lastFields = head.fields;
    m_classes[cls].pop_front();
    if (m_classes[cls].empty())
    {
        m_occupied &= static_cast<uint8_t>(~(1u << cls));
    }
    m_lastClass = cls;
    const uint32_t size = p->GetSize();
    m_classBytes[cls] -= size;
    m_nBytes -= size;
    m_nPackets--;
    FireWatched(m_packetsWatched, m_traceDequeue, p);
    return p;
}

int
FabricPortQueue::SelectClass(const Eligibility& eligible, bool commit)
{
    if (!eligible && m_scheduler == STRICT_PRIORITY)
    {
        return HighestOccupiedClass();
    }
    auto ready = [&](uint8_t c) {
        return !m_classes[c].empty() && (!eligible || eligible(c, m_classes[c].front().packet));
    };
    const uint8_t strict = m_scheduler == STRICT_PRIORITY ? 0xff : m_strictClasses;
    for (int c = FABRIC_NUM_CLASSES - 1; c >= 0; --c)
    {
        if ((strict & (1u << c)) && ready(c))
        {
            return c;
        }
    }
    if (m_scheduler == STRICT_PRIORITY)
    {
        return -1;
    }
    bool any = false;
    for (uint8_t c = 0; c < FABRIC_NUM_CLASSES; ++c)
    {
        any = any || (!(strict & (1u << c)) && ready(c));
    }
    if (!any)
    {
        return -1;
    }
    // Deficit round robin over the remaining classes; a copy of the state when only peeking.
    std::array<int64_t, FABRIC_NUM_CLASSES> deficit = m_deficit;
    uint8_t next = m_rrNext;
    bool started = m_turnStarted;
    int chosen = -1;
    while (chosen < 0)
    {
        const uint8_t c = next;
        if ((strict & (1u << c)) || !ready(c))
        {
            if (m_classes[c].empty())
            {
                deficit[c] = 0;
            }
            next = (next + 1) % FABRIC_NUM_CLASSES;
            started = false;
            continue;
        }
        if (!started)
        {
            deficit[c] += static_cast<int64_t>(m_quantum) * m_weights[c];
            started = true;
        }
        const int64_t size = m_classes[c].front().packet->GetSize();
        if (deficit[c] >= size)
        {
            deficit[c] -= size;
            chosen = c;
            if (m_classes[c].size() == 1)
            {
                deficit[c] = 0;
                next = (next + 1) % FABRIC_NUM_CLASSES;
                started = false;
            }
        }
        else
        {
            next = (next + 1) % FABRIC_NUM_CLASSES;
            started = false;
        }
    }
    if (commit)
    {
        m_deficit = deficit;
        m_rrNext = next;
        m_turnStarted = started;
    }
    return chosen;
}

Ptr<Packet>
FabricPortQueue::DequeueEligible(const Eligibility& eligible)
{
    const int cls = SelectClass(eligible, true);
    return cls < 0 ? nullptr : PopClass(static_cast<uint8_t>(cls));
}

Ptr<Packet>
FabricPortQueue::Dequeue()
{
    return DequeueEligible(nullptr);
}

Ptr<Packet>
FabricPortQueue::Remove()
{
    for (int c = FABRIC_NUM_CLASSES - 1; c >= 0; --c)
    {
        if (!m_classes[c].empty())
        {
            // As ns-3's Queue: the packet is dequeued, then dropped.
            Ptr<Packet> p = PopClass(static_cast<uint8_t>(c));
            const uint32_t size = p->GetSize();
            m_nTotalDroppedPackets++;
            m_nTotalDroppedPacketsAfterDequeue++;
            m_nTotalDroppedBytes += size;
            m_nTotalDroppedBytesAfterDequeue += size;
            m_traceDrop(p);
            m_traceDropAfterDequeue(p);
            return p;
        }
    }
    return nullptr;
}

Ptr<const Packet>
FabricPortQueue::Peek() const
{
    const int cls = const_cast<FabricPortQueue*>(this)->SelectClass(nullptr, false);
    return cls < 0 ? nullptr : Ptr<const Packet>(m_classes[cls].front().packet);
}

uint32_t
FabricPortQueue::GetClassBytes(uint8_t cls) const
{
    return cls < FABRIC_NUM_CLASSES ? m_classBytes[cls] : 0;
}

uint32_t
FabricPortQueue::GetClassPackets(uint8_t cls) const
{
    return cls < FABRIC_NUM_CLASSES ? static_cast<uint32_t>(m_classes[cls].size()) : 0;
}

Ptr<const Packet>
FabricPortQueue::PeekClass(uint8_t cls) const
{
    if (cls >= FABRIC_NUM_CLASSES || m_classes[cls].empty())
    {
        return nullptr;
    }
    return m_classes[cls].front().packet;
}

} // namespace ns3
