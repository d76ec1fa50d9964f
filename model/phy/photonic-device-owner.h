/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_DEVICE_OWNER_H
#define PHOTONIC_DEVICE_OWNER_H

#include "ns3/fabric-ethernet-header.h"
#include "ns3/fabric-frame-fields.h"
#include "ns3/fabric-port-queue.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The layer that owns PhotonicNetDevices as its ports (a FabricSwitch, a FabricNic) and
 * hears from them directly on every frame.
 *
 * A device calls its owner through this interface rather than an ns-3 Callback: a Callback
 * keeps its target in a separate heap object per device, one more cache miss per frame when a
 * fabric has hundreds of thousands of ports; here the owner is one object for all its ports.
 */
class PhotonicDeviceOwner
{
  public:
    virtual ~PhotonicDeviceOwner() = default;

    /**
     * \brief A frame arrived on a port whose owner forwards (every frame, promiscuously).
     * \param port the owner's index of the port
     * \param packet the frame with its Ethernet header, the owner's to modify and send on
     *        (PhotonicNetDevice::ForwardFrame() hands it on unchanged)
     * \param protocol its EtherType
     * \param to its destination MAC
     * \param fields what its bytes say, if the sending switch read them (kind UNKNOWN if not)
     */
    virtual void FrameReceived(uint32_t port,
                               const Ptr<Packet>& packet,
                               uint16_t protocol,
                               const MacBytes& to,
                               const FabricFrameFields& fields)
    {
    }

    /**
     * \brief A frame left a port's transmit queue for the wire (when the queue's Dequeue trace
     * fires).
     * \param port the owner's index of the port
     * \param packet the frame, framed
     * \param cls the class it left from when the queue is a FabricPortQueue, else -1
     * \param note the note it was sent with (PhotonicNetDevice::SendFrame), all zero if none
     */
    virtual void FrameDequeued(uint32_t port,
                               const Ptr<Packet>& packet,
                               int cls,
                               const FabricQueueNote& note)
    {
    }

    /**
     * \brief Hint the processor to load what FrameReceived() reads first for a port (see
     * FabricPrefetchingEvent), ahead of a frame's arrival. It may only read the owner's own
     * members and what they point to that stays warm (tables shared by every frame), never
     * follow a pointer into memory a frame touches once; by default it does nothing.
     * \param port the owner's index of the port
     * \param fields what the arriving frame's bytes say (kind UNKNOWN if not read): with them
     *        the owner may hint the first step of its route lookup
     */
    virtual void PrefetchPort(uint32_t port, const FabricFrameFields& fields) const
    {
    }

    /**
     * \brief Hint the processor to load what forwarding a frame reads once its route is known
     * (the egress port's state), ahead of its arrival; called after PrefetchPort()'s loads
     * have arrived, so it may follow what that hinted. By default it does nothing.
     * \param port the owner's index of the port the frame arrives on
     * \param fields what the frame's bytes say (kind UNKNOWN if not read)
     */
    virtual void PrefetchRoute(uint32_t port, const FabricFrameFields& fields) const
    {
    }

    /**
     * \brief Hint the processor to load what FrameDequeued() reads for a frame of a class
     * leaving a port, ahead of the dequeue; the same rules as PrefetchPort().
     * \param port the owner's index of the port
     * \param cls the frame's class
     */
    virtual void PrefetchEgress(uint32_t port, uint8_t cls) const
    {
    }
};

} // namespace ns3

#endif /* PHOTONIC_DEVICE_OWNER_H */
