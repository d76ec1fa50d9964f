/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_PORT_QUEUE_H
#define FABRIC_PORT_QUEUE_H

#include "fabric-frame-fields.h"
#include "fabric-tags.h"

#include "ns3/fabric-fifo.h"
#include "ns3/fabric-watched-trace.h"
#include "ns3/queue.h"
#include "ns3/traced-callback.h"

#include <array>
#include <functional>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Sixteen bytes the owner of a port (a switch, a NIC) keeps with a packet in the port's
 * queue and gets back when the packet leaves: bookkeeping that travels with the packet, in the
 * queue's own per-class FIFO, without a packet tag or a lookup. All zero: none.
 */
using FabricQueueNote = std::array<uint32_t, 4>;

/**
 * \ingroup ai-fabric
 * \brief A port's egress queue with eight traffic classes, served by strict priority or by
 * deficit-weighted round robin (DWRR), that can skip classes the link may not send (paused by
 * PFC, out of link credit).
 *
 * Packets are Ethernet frames; the class comes from FabricPriorityOf(). The queue's MaxSize
 * bounds the port (the switch's shared-buffer MMU admits packets before they get here).
 *
 * It is a QueueBase with the trace sources of ns-3's Queue<Packet> (Enqueue, Dequeue, Drop,
 * DropBeforeEnqueue, DropAfterDequeue; PacketsInQueue and BytesInQueue from QueueBase) and its
 * counters, but not a Queue<Packet>: the packets live in the per-class FIFOs themselves, not in
 * a list beside them, and a trace costs nothing while nobody listens. Code that needs a
 * Queue<Packet> (DynamicCast) gets null for it; everything QueueBase offers works.
 */
class FabricPortQueue : public QueueBase
{
  public:
    /// The stored item type (as NetDeviceQueue::ConnectQueueTraces expects of a queue).
    using ItemType = Packet;

    /// How classes share the port.
    enum Scheduler
    {
        STRICT_PRIORITY, //!< the highest non-empty class (7 highest) first
        DWRR,            //!< deficit-weighted round robin; StrictClasses ahead of it
    };

    /**
     * \brief Whether a class may send its head packet now.
     * The arguments are the class and its head packet.
     */
    using Eligibility = std::function<bool(uint8_t, Ptr<const Packet>)>;

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricPortQueue();
    ~FabricPortQueue() override;

    /**
     * \brief Hint the processor to load what taking a frame reads (the counters and the class
     * FIFOs, not the trace sources); see FabricPrefetchingEvent. Reads no member.
     */
    void PrefetchDequeueState() const;

    /**
     * \brief Hint the processor to load the first entry of the highest class holding frames
     * (the next one strict priority takes); see FabricPrefetchingEvent. Reads this object's
     * counters, so call it once PrefetchDequeueState()'s loads have arrived.
     * \return the class hinted, or -1 if the queue is empty
     */
    int PrefetchNextEntry() const;

    /**
     * \brief Hint the processor to load the packet object of the entry PrefetchNextEntry()
     * hinted; call once that entry has arrived.
     */
    void PrefetchNextPacket() const;

    /**
     * \brief Enqueue a frame in the class FabricPriorityOf() reads from it.
     * \param item the frame (Ethernet-framed)
     * \return false if the queue is full (the frame is dropped: Drop, DropBeforeEnqueue)
     */
    bool Enqueue(Ptr<Packet> item);

    /**
     * \brief Enqueue a frame whose class the caller knows (what FabricPriorityOf() would read
     * from it), without reading its tags again.
     * \param item the frame
     * \param cls its class 0..7
     * \param note the owner's note, returned when the packet leaves (GetLastDequeuedNote)
     * \param fields what the frame's bytes say, returned when it leaves
     *        (GetLastDequeuedFields); kind UNKNOWN if not read
     * \return false if the queue is full
     */
    bool EnqueueClass(Ptr<Packet> item,
                      uint8_t cls,
                      const FabricQueueNote& note = {},
                      const FabricFrameFields& fields = {});
    /**
     * \brief Dequeue by the scheduler, every class eligible.
     * \return the packet, or null if the queue is empty
     */
    Ptr<Packet> Dequeue();
    /**
     * \brief Take the head of the highest non-empty class and drop it (Dequeue, Drop,
     * DropAfterDequeue).
     * \return the packet, or null if the queue is empty
     */
    Ptr<Packet> Remove();
    /**
     * \brief The packet Dequeue() would return.
     * \return it, or null if the queue is empty
     */
    Ptr<const Packet> Peek() const;

    /**
     * \brief Dequeue by the scheduler among the classes that are eligible.
     * \param eligible which classes may send
     * \return the packet, or null if no eligible class has one
     */
    Ptr<Packet> DequeueEligible(const Eligibility& eligible);

    /**
     * \brief Bytes queued in a class.
     * \param cls 0..7
     * \return bytes
     */
    uint32_t GetClassBytes(uint8_t cls) const;

    /**
     * \brief The class of the packet the last Dequeue, DequeueEligible or Remove took.
     * \return the class, or -1 before any
     */
    int GetLastDequeuedClass() const
    {
        return m_lastClass;
    }

    /**
     * \brief The note the packet the last Dequeue, DequeueEligible or Remove took was queued
     * with.
     * \return the note (all zero if none)
     */
    const FabricQueueNote& GetLastDequeuedNote() const
    {
        return m_lastNote;
    }

    /**
     * \brief The frame fields the packet the last Dequeue, DequeueEligible or Remove took was
     * queued with.
     * \return the fields (kind UNKNOWN if none)
     */
    const FabricFrameFields& GetLastDequeuedFields() const
    {
        return m_lastFields;
    }

    /**
     * \brief Packets queued in a class.
     * \param cls 0..7
     * \return packets
     */
    uint32_t GetClassPackets(uint8_t cls) const;
    /**
     * \brief The head packet of a class.
     * \param cls 0..7
     * \return the packet or null
     */
    Ptr<const Packet> PeekClass(uint8_t cls) const;

    /**
     * \brief Set the DWRR weights from text.
     * \param weights eight positive integers separated by spaces or commas
     */
    void SetWeights(const std::string& weights);
    /**
     * \brief The DWRR weights as text.
     * \return eight integers
     */
    std::string GetWeights() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Choose the class to serve.
     * \param eligible which classes may send
     * \param commit update the round-robin state
     * \return the class or -1
     */
    int SelectClass(const Eligibility& eligible, bool commit);
    /**
     * \brief Remove the head of a class.
     * \param cls class
     * \return the packet
     */
    Ptr<Packet> PopClass(uint8_t cls);

    /// A queued packet and its owner's note.
    struct Entry
    {
        Ptr<Packet> packet;       //!< the frame
        FabricQueueNote note;     //!< the owner's note
        FabricFrameFields fields; //!< what its bytes say, if read
    };

    /**
     * \brief The highest class holding packets, from the occupancy bits alone.
     * \return the class, or -1 if the queue is empty
     */
    int HighestOccupiedClass() const
    {
        return m_occupied ? 31 - __builtin_clz(m_occupied) : -1;
    }

    /**
     * \brief Count a packet dropped before it was queued and fire Drop, DropBeforeEnqueue.
     * \param item the packet
     */
    void DropBeforeEnqueue(const Ptr<Packet>& item);

    // Per-packet state first and together (PrefetchDequeueState() covers it): a fabric has
    // tens of thousands of port queues, and a hop should touch few cache lines of each.
    uint8_t m_occupied{0};                  //!< bit c set while class c holds packets
    Scheduler m_scheduler{STRICT_PRIORITY}; //!< discipline
    uint8_t m_strictClasses{0x80};          //!< classes served strictly ahead of DWRR
    bool m_packetsWatched{false};           //!< Enqueue or Dequeue ever had a sink
    int m_lastClass{-1};                    //!< class of the last packet taken
    FabricQueueNote m_lastNote{};           //!< note of the last packet taken
    FabricFrameFields m_lastFields{};       //!< frame fields of the last packet taken
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_classBytes{};     //!< bytes per class
    std::array<FabricFifo<Entry>, FABRIC_NUM_CLASSES> m_classes; //!< FIFO per class

    // DWRR state (read only when the scheduler is DWRR) and traces.
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_weights{}; //!< DWRR weights
    std::array<int64_t, FABRIC_NUM_CLASSES> m_deficit{};  //!< DWRR deficits
    uint32_t m_quantum{9216};                             //!< DWRR quantum per weight unit, bytes
    uint8_t m_rrNext{0};                                  //!< DWRR: class whose turn it is
    bool m_turnStarted{false}; //!< DWRR: that class already received its quantum

    //! a packet was queued
    FabricWatchedTrace<Ptr<const Packet>> m_traceEnqueue{&m_packetsWatched};
    //! a packet left
    FabricWatchedTrace<Ptr<const Packet>> m_traceDequeue{&m_packetsWatched};
    TracedCallback<Ptr<const Packet>> m_traceDrop;              //!< a packet was dropped
    TracedCallback<Ptr<const Packet>> m_traceDropBeforeEnqueue; //!< dropped: no room
    TracedCallback<Ptr<const Packet>> m_traceDropAfterDequeue;  //!< dropped by Remove()
};

} // namespace ns3

#endif /* FABRIC_PORT_QUEUE_H */
