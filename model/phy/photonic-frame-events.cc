/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-frame-events.h"

#include "photonic-channel.h"
#include "photonic-net-device.h"

#include "ns3/fabric-port-queue.h"

namespace ns3
{

PhotonicArrivalEvent::PhotonicArrivalEvent(PhotonicNetDevice* device)
    : m_device(device)
{
    RegisterType(typeid(PhotonicArrivalEvent));
}

void
PhotonicArrivalEvent::Push(const Ptr<Packet>& packet, Time txStart, const FabricFrameFields& fields)
{
    if (m_inFlight.empty())
    {
        m_firstPacket = PeekPointer(packet);
    }
    FifoPush(m_inFlight, InFlight{packet, txStart, fields});
}

void
PhotonicArrivalEvent::Prefetch() const
{
    if (m_firstPacket)
    {
        __builtin_prefetch(&m_inFlight.front());
        PrefetchRange(m_firstPacket, sizeof(Packet));
    }
    m_device->PrefetchFrameState();
}

void
PhotonicArrivalEvent::PrefetchDeeper() const
{
    // The first entry was hinted by Prefetch().
    m_device->PrefetchOwnerPort(m_firstPacket ? m_inFlight.front().fields : FabricFrameFields{});
}

void
PhotonicArrivalEvent::PrefetchDeepest() const
{
    if (m_firstPacket)
    {
        m_device->PrefetchOwnerRoute(m_inFlight.front().fields);
    }
}

void
PhotonicArrivalEvent::PrefetchTail() const
{
    FifoPrefetchBack(m_inFlight);
}

void
PhotonicArrivalEvent::Notify()
{
    InFlight frame = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    // The next entry shares the ring's cache line (or the next one): cheap to read now.
    m_firstPacket = m_inFlight.empty() ? nullptr : PeekPointer(m_inFlight.front().packet);
    m_device->Receive(frame.packet, frame.txStart, frame.fields);
}

PhotonicTxEndEvent::PhotonicTxEndEvent(PhotonicNetDevice* device)
    : m_device(device)
{
    RegisterType(typeid(PhotonicTxEndEvent));
}

void
PhotonicTxEndEvent::Prefetch() const
{
    m_device->PrefetchFrameState();
    if (m_queue)
    {
        m_queue->PrefetchDequeueState();
    }
    if (m_channel)
    {
        m_channel->PrefetchTransmitState();
    }
    if (m_farEnd)
    {
        PrefetchRange(m_farEnd, sizeof(PhotonicArrivalEvent));
    }
}

void
PhotonicTxEndEvent::PrefetchDeeper() const
{
    if (m_queue)
    {
        const int cls = m_queue->PrefetchNextEntry();
        if (cls >= 0)
        {
            m_device->PrefetchOwnerEgress(static_cast<uint8_t>(cls));
        }
    }
    if (m_farEnd)
    {
        m_farEnd->PrefetchTail();
    }
}

void
PhotonicTxEndEvent::PrefetchDeepest() const
{
    if (m_queue)
    {
        m_queue->PrefetchNextPacket();
    }
}

void
PhotonicTxEndEvent::Notify()
{
    m_device->TransmitComplete();
}

} // namespace ns3
