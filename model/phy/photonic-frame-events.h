/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_FRAME_EVENTS_H
#define PHOTONIC_FRAME_EVENTS_H

#include "ns3/fabric-fifo.h"
#include "ns3/fabric-frame-fields.h"
#include "ns3/fabric-prefetching-event.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

namespace ns3
{

class FabricPortQueue;
class PhotonicChannel;
class PhotonicNetDevice;

/**
 * \ingroup ai-fabric
 * \brief The arrivals of frames at one end of a photonic link: one event object, scheduled
 * once per frame, that hands the frames over in the order they were sent.
 *
 * An ns-3 event is normally a heap object made for one call and freed after it. A link end
 * receives frames in the order the far end sent them (one at a time, after a fixed delay), so
 * its arrivals can share one object: each schedule adds a reference and a frame, each run
 * takes the first frame. The simulator runs them in (time, scheduling order), the order the
 * frames were queued here, so every frame arrives exactly when and in the order it would with
 * an event of its own; the sender checks that arrival times never go backwards and otherwise
 * schedules an ordinary event.
 */
class PhotonicArrivalEvent : public FabricPrefetchingEvent
{
  public:
    /**
     * \brief Constructor.
     * \param device the receiving device (outlives the simulation's events)
     */
    explicit PhotonicArrivalEvent(PhotonicNetDevice* device);

    /**
     * \brief Queue a frame; the caller schedules this event once for it.
     * \param packet the frame
     * \param txStart when its transmission started
     * \param fields what its bytes say, if the sender read them
     */
    void Push(const Ptr<Packet>& packet, Time txStart, const FabricFrameFields& fields);

    /// The first frame's bookkeeping and packet object, and the receiving device's per-frame
    /// state.
    void Prefetch() const override;

    /// What the receiving device's owner reads first for its port and the first frame.
    void PrefetchDeeper() const override;

    /// What the receiving device's owner reads once it knows the first frame's route.
    void PrefetchDeepest() const override;

    /// Where the next frame pushed will be kept (for a sender's PhotonicTxEndEvent).
    void PrefetchTail() const;

  protected:
    void Notify() override;

  private:
    /// A frame on its way.
    struct InFlight
    {
        Ptr<Packet> packet;       //!< the frame
        Time txStart;             //!< when its transmission started
        FabricFrameFields fields; //!< what its bytes say, if read
    };

    PhotonicNetDevice* m_device;          //!< the receiving device
    FabricFifo<InFlight> m_inFlight;      //!< frames on their way, first sent first
    const Packet* m_firstPacket{nullptr}; //!< the first frame's packet (for Prefetch only)
};

/**
 * \ingroup ai-fabric
 * \brief The end of a device's current transmission: one event object per device, scheduled
 * once per frame (a device serializes one frame at a time).
 */
class PhotonicTxEndEvent : public FabricPrefetchingEvent
{
  public:
    /**
     * \brief Constructor.
     * \param device the transmitting device (outlives the simulation's events)
     */
    explicit PhotonicTxEndEvent(PhotonicNetDevice* device);

    /**
     * \brief Name what the device's next frame goes through, for the prefetch hints.
     * \param queue the device's FabricPortQueue, or nullptr
     * \param channel the device's channel, or nullptr
     * \param farEnd the arrival event of the cable's far end, or nullptr
     */
    void SetPath(const FabricPortQueue* queue,
                 const PhotonicChannel* channel,
                 const PhotonicArrivalEvent* farEnd)
    {
        m_queue = queue;
        m_channel = channel;
        m_farEnd = farEnd;
    }

    /// The transmitting device's per-frame state, its port queue, its cable and the far end's
    /// arrival event.
    void Prefetch() const override;

    /// The port queue's next entry and where the far end's arrival event keeps the next frame.
    void PrefetchDeeper() const override;

    /// The packet object of the port queue's next entry.
    void PrefetchDeepest() const override;

  protected:
    void Notify() override;

  private:
    PhotonicNetDevice* m_device;                   //!< the transmitting device
    const FabricPortQueue* m_queue{nullptr};       //!< its port queue (for Prefetch only)
    const PhotonicChannel* m_channel{nullptr};     //!< its cable (for Prefetch only)
    const PhotonicArrivalEvent* m_farEnd{nullptr}; //!< far end's arrivals (for Prefetch only)
};

} // namespace ns3

#endif /* PHOTONIC_FRAME_EVENTS_H */
