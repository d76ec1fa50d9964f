/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-frame-events.h"

#include "photonic-net-device.h"

namespace ns3
{

PhotonicArrivalEvent::PhotonicArrivalEvent(PhotonicNetDevice* device)
    : m_device(device)
{
}

void
PhotonicArrivalEvent::Push(const Ptr<Packet>& packet, Time txStart)
{
    FifoPush(m_inFlight, InFlight{packet, txStart});
}

void
PhotonicArrivalEvent::Notify()
{
    InFlight frame = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    m_device->Receive(frame.packet, frame.txStart);
}

PhotonicTxEndEvent::PhotonicTxEndEvent(PhotonicNetDevice* device)
    : m_device(device)
{
}

void
PhotonicTxEndEvent::Notify()
{
    m_device->TransmitComplete();
}

} // namespace ns3
