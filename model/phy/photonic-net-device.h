/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_NET_DEVICE_H
#define PHOTONIC_NET_DEVICE_H

#include "fec-model.h"
#include "link-budget.h"
#include "photonic-device-owner.h"
#include "photonic-frame-events.h"
#include "transceiver-spec.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/fabric-ethernet-header.h"
#include "ns3/fabric-fifo.h"
#include "ns3/fabric-frame-fields.h"
#include "ns3/fabric-watched-trace.h"
#include "ns3/link-flow-control.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/queue.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class PhotonicChannel;
class NetDeviceQueueInterface;
class FabricPortQueue;

/**
 * \ingroup ai-fabric
 * \brief Why a photonic device dropped a frame.
 */
enum class PhotonicDropReason
{
    LINK_DOWN,         //!< the link was down when the frame was sent or while it was in flight
    FEC_UNCORRECTABLE, //!< a codeword of the frame was beyond the FEC's correction
};

/**
 * \brief Printable name of a drop reason ("link-down", "fec-uncorrectable").
 * \param reason the reason
 * \return its name
 */
std::string PhotonicDropReasonName(PhotonicDropReason reason);

/**
 * \ingroup ai-fabric
 * \brief One end of a photonic (or copper) link: an Ethernet-framed point-to-point NetDevice.
 *
 * Frames carry an Ethernet II header (so pcap files use DLT_EN10MB and decode in Wireshark).
 * Serialization counts the real wire overhead: 8 bytes of preamble and SFD, 12 bytes of
 * inter-frame gap and a 4-byte FCS, with frames padded to the 64-byte minimum; the rate is the
 * transceiver's lanes x lane rate, kept exact over time by carrying the sub-tick remainder.
 * A frame reaches the peer after its serialization, the channel's propagation delay and the
 * receive path latency (both modules' DSP latency plus FEC decoding). It is lost with the
 * post-FEC frame error probability of the link budget (drawn from an ns-3 random variable), or
 * when the link is down. Energy is static power x time + dynamic energy per bit x wire bits
 * (line time used, preamble and gap included), so a saturated end draws the full-load power.
 */
class PhotonicNetDevice : public NetDevice
{
    friend class PhotonicTxEndEvent; // runs TransmitComplete

  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId for this class
     */
    static TypeId GetTypeId();

    PhotonicNetDevice();
    ~PhotonicNetDevice() override;

    /// Bytes of preamble and start-of-frame delimiter per frame.
    static constexpr uint32_t PREAMBLE_BYTES = 8;
    /// Bytes of minimum inter-frame gap per frame.
    static constexpr uint32_t IFG_BYTES = 12;
    /// Bytes of frame check sequence per frame.
    static constexpr uint32_t FCS_BYTES = 4;
    /// Minimum Ethernet frame, header to FCS, in bytes.
    static constexpr uint32_t MIN_FRAME_BYTES = 64;
    /// Bytes of the Ethernet II header.
    static constexpr uint32_t ETHERNET_HEADER_BYTES = 14;

    /**
     * \brief Attach to a channel.
     * \param channel the channel
     * \return true
     */
    bool Attach(Ptr<PhotonicChannel> channel);

    /**
     * \brief Replace the transmit queue.
     * \param queue a FabricPortQueue (eight classes) or any ns-3 Queue<Packet> (one FIFO)
     * \throw FabricConfigError for another kind of queue
     */
    void SetQueue(Ptr<QueueBase> queue);

    /**
     * \brief The transmit queue.
     * \return the queue (a FabricPortQueue or a Queue<Packet>)
     */
    Ptr<QueueBase> GetQueue() const;

    /**
     * \brief Use a catalogue preset for this end.
     * \param name the preset name
     * \throws FabricConfigError for an unknown name
     */
    void SetTransceiverName(const std::string& name);

    /**
     * \brief Use a transceiver spec for this end (not necessarily from the catalogue).
     * \param spec the spec (validated)
     */
    void SetTransceiver(const TransceiverSpec& spec);

    /**
     * \brief This end's transceiver preset name.
     * \return the name
     */
    std::string GetTransceiverName() const;

    /**
     * \brief This end's transceiver.
     * \return the spec
     */
    const TransceiverSpec& GetTransceiver() const;

    /**
     * \brief Line rate (lanes x lane rate).
     * \return the rate
     */
    DataRate GetDataRate() const;

    /**
     * \brief Time a frame of this many bytes (header to FCS, before padding) occupies the wire,
     * including preamble, inter-frame gap and padding, without remainder carrying.
     * \param frameBytes bytes of Ethernet header plus payload (FCS excluded)
     * \return the time
     */
    Time GetWireTime(uint32_t frameBytes) const;

    /**
     * \brief Hint the processor to load the state every frame reads (the first block of
     * members), ahead of the frame's event; see FabricPrefetchingEvent. Reads no member.
     */
    void PrefetchFrameState() const;

    /**
     * \brief Hint the processor to load what the owner reads for this port when a frame
     * arrives (PhotonicDeviceOwner::PrefetchPort); call once PrefetchFrameState()'s loads have
     * arrived.
     * \param fields what the arriving frame's bytes say, if read
     */
    void PrefetchOwnerPort(const FabricFrameFields& fields) const
    {
        if (m_owner)
        {
            m_owner->PrefetchPort(m_ownerPort, fields);
        }
    }

    /**
     * \brief Hint the processor to load what the owner reads once it knows the arriving
     * frame's route (PhotonicDeviceOwner::PrefetchRoute); call once PrefetchOwnerPort()'s
     * loads have arrived.
     * \param fields what the arriving frame's bytes say, if read
     */
    void PrefetchOwnerRoute(const FabricFrameFields& fields) const
    {
        if (m_owner)
        {
            m_owner->PrefetchRoute(m_ownerPort, fields);
        }
    }

    /**
     * \brief Hint the processor to load what the owner reads for this port when a frame of a
     * class leaves its queue (PhotonicDeviceOwner::PrefetchEgress); call once
     * PrefetchFrameState()'s loads have arrived.
     * \param cls the class of the next frame
     */
    void PrefetchOwnerEgress(uint8_t cls) const
    {
        if (m_owner)
        {
            m_owner->PrefetchEgress(m_ownerPort, cls);
        }
    }

    /**
     * \brief Bytes a frame occupies on the wire: max(frame + FCS, 64) + preamble + IFG.
     * \param frameBytes bytes of Ethernet header plus payload (FCS excluded)
     * \return bytes
     */
    static uint32_t WireBytes(uint32_t frameBytes);

    /**
     * \brief Latency added on the receive path: both modules' DSP plus FEC decoding.
     * \return the latency
     */
    Time GetReceivePathLatency() const;

    /**
     * \brief The budget of the direction ending at this device (valid once both ends attach).
     * \return the budget
     */
    const LinkBudget& GetLinkBudget() const;

    /**
     * \brief Post-FEC loss probability of a frame of this size on the direction ending here.
     * \param frameBytes bytes of Ethernet header plus payload (FCS excluded)
     * \return the probability
     */
    double GetFrameErrorProbability(uint32_t frameBytes) const;

    /**
     * \brief Extra received-power penalty on this end (ageing laser, dirty connector), dB.
     * \return dB
     */
    double GetRxPowerPenalty() const;

    /**
     * \brief Set the received-power penalty; the budget, BER and frame loss follow at once.
     * \param db the penalty, dB
     */
    void SetRxPowerPenalty(double db);

    /**
     * \brief Energy used by this end since it was created: static power x time + dynamic.
     * \return joules
     */
    double GetEnergy() const;

    /**
     * \brief Energy that scaled with transmitted bits.
     * \return joules
     */
    double GetDynamicEnergy() const;

    /**
     * \brief Bits of line time used by transmitted frames (preamble, frame with padding and
     * FCS, inter-frame gap).
     * \return bits
     */
    uint64_t GetTxWireBits() const;

    /**
     * \brief Receive a frame from the channel (called by PhotonicChannel).
     * \param p the frame
     * \param txStart when the sender started it (a link-state change since loses it)
     * \param fields what its bytes say, if the sender read them (kind UNKNOWN if not): a port
     *        whose owner forwards then reads no bytes of it
     */
    void Receive(const Ptr<Packet>& p, Time txStart, const FabricFrameFields& fields = {});

    /**
     * \brief The link went up or down (called by PhotonicChannel).
     * \param up the new state
     */
    void NotifyLinkStateChange(bool up);

    /**
     * \brief Copy the channel's link state and time of its last change, which every frame
     * reads (called by PhotonicChannel as the state changes, before anyone is told).
     */
    void SyncLinkState();

    /**
     * \brief Recompute the link budget of the direction ending here.
     */
    void UpdateLinkBudget();

    /**
     * \brief Assign a fixed random variable stream to the frame-loss draws.
     * \param stream the stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    // NetDevice
    /**
     * \brief Send an IEEE 802.1Qbb PFC frame for one class, ahead of queued data.
     * \param cls class 0..7
     * \param quanta pause time in quanta of 512 bit times; 0 resumes
     */
    void SendPfc(uint8_t cls, uint16_t quanta);

    /**
     * \brief Whether the far end has paused a class of this end's transmissions.
     * \param cls class 0..7
     * \return true while paused
     */
    bool IsClassPaused(uint8_t cls) const;

    /**
     * \brief Time a class of this end's transmissions has spent paused.
     * \param cls class 0..7
     * \return paused time
     */
    Time GetPausedTime(uint8_t cls) const;

    /**
     * \brief PFC frames received (pauses and resumes).
     * \return count
     */
    uint64_t GetPfcFramesReceived() const;

    /**
     * \brief Enable or disable InfiniBand-style credit flow control on this end (both ends of
     * a link must agree).
     * \param enabled true for credits
     */
    void SetCreditFlowControl(bool enabled);

    /**
     * \brief Whether credit flow control is on.
     * \return true if on
     */
    bool IsCreditFlowControl() const;

    /**
     * \brief Let the layer above return credits (a switch returns them when a packet leaves
     * its buffer) instead of returning them on reception.
     * \param deferred true to defer
     */
    void SetDeferredCreditReturn(bool deferred);

    /**
     * \brief Return credit for a received frame that has left the buffer.
     * \param cls the frame's class (mapped to its lane)
     * \param blocks 64-byte blocks
     */
    void ReturnCredits(uint8_t cls, uint32_t blocks);

    /**
     * \brief Credit this end may still spend on the lane of a class.
     * \param cls class 0..7
     * \return 64-byte blocks
     */
    uint32_t GetAvailableCredit(uint8_t cls) const;

    /**
     * \brief The virtual lane a class uses: min(class, CreditLanes - 1).
     * \param cls class 0..7
     * \return lane
     */
    uint8_t LaneOf(uint8_t cls) const;

    /**
     * \brief Receive buffer this end advertises over all its lanes (0 without credits).
     * \return bytes
     */
    uint32_t GetCreditRegionBytes() const;

    /**
     * \brief Times the transmitter stalled because every waiting class lacked credit.
     * \return count
     */
    uint64_t GetCreditStalls() const;

    /**
     * \brief TracedCallback signature for PFC frames received.
     * \param cls class
     * \param quanta pause time, quanta (0 = resume)
     */
    /**
     * \brief Frames for this host are first offered to a transport endpoint on the node.
     *
     * A NIC-resident transport (FabricNic) takes its own frames here, ahead of the node's
     * protocol handlers, as a NIC's hardware transport does ahead of the host stack. The
     * callback gets the frame without its Ethernet header and the EtherType; it returns true when
     * it consumed the frame. Frames it declines go up the usual way.
     * \param hook the callback; a null callback removes it
     */
    void SetEndpointHook(Callback<bool, Ptr<Packet>, uint16_t> hook);

    /**
     * \brief Make this device a port of an owner that hears of its frames directly.
     * \param owner the owner (a switch, a NIC); null releases the device
     * \param port the owner's index of this port
     * \param forwards whether the owner gets every received frame (FrameReceived) instead of
     *        the node's promiscuous protocol handlers; frames addressed to this device (its MAC,
     *        broadcast, multicast) also go up the usual way, and the owner gets a copy of those
     */
    void SetOwner(PhotonicDeviceOwner* owner, uint32_t port, bool forwards);

    /**
     * \brief Send a frame to a MAC given as bytes: the per-packet path of switches and NIC
     * transports, the same frame and checks as Send() without Address conversions.
     * \param packet the payload (the Ethernet header is added here)
     * \param destination destination MAC
     * \param protocol EtherType
     * \param cls the frame's class for a FabricPortQueue (as FabricPriorityOf() would find
     * it), or -1 to let the queue read it from the frame
     * \param note the owner's note, handed back when the frame leaves the queue
     *        (PhotonicDeviceOwner::FrameDequeued)
     * \return false if refused (larger than the MTU, link down, queue full)
     */
    bool SendFrame(const Ptr<Packet>& packet,
                   const MacBytes& destination,
                   uint16_t protocol,
                   int cls = -1,
                   const FabricQueueNote& note = {});

    /**
     * \brief Forward a frame that already carries its Ethernet header, unchanged, as an
     * IEEE 802.1Q bridge forwards a frame: the path of a switch handing on a frame it received
     * (PhotonicDeviceOwner::FrameReceived).
     * \param frame the frame, Ethernet header included
     * \param cls the frame's class for a FabricPortQueue, or -1 to let the queue read it
     * \param note the owner's note, handed back when the frame leaves the queue
     * \param fields what the frame's bytes say, carried to the far end with it (through a
     *        FabricPortQueue; any other queue drops them)
     * \return false if refused (payload larger than the MTU, link down, queue full)
     */
    bool ForwardFrame(const Ptr<Packet>& frame,
                      int cls,
                      const FabricQueueNote& note,
                      const FabricFrameFields& fields = {});

    typedef void (*PfcTracedCallback)(uint8_t cls, uint16_t quanta);

    /**
     * \brief TracedCallback signature for credit stalls.
     * \param vl the lane whose head frame lacked credit
     */
    typedef void (*CreditStallTracedCallback)(uint8_t vl);

    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

    /**
     * \brief TracedCallback signature for drops with a reason.
     * \param packet the frame
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, PhotonicDropReason reason);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;
    void DoInitialize() override;

  private:
    /**
     * \brief Frame a packet and queue it for the wire.
     * \param packet the payload
     * \param destination destination MAC
     * \param source source MAC
     * \param protocol EtherType
     * \param cls class for a FabricPortQueue, or -1 to read it from the frame
     * \param note the owner's note
     * \return false if refused
     */
    bool Enqueue(const Ptr<Packet>& packet,
                 const MacBytes& destination,
                 const MacBytes& source,
                 uint16_t protocol,
                 int cls,
                 const FabricQueueNote& note);
    /**
     * \brief Queue a frame (Ethernet header included) for the wire and start it if the wire is
     * free; a frame the queue refuses fires MacTxDrop.
     * \param frame the frame
     * \param cls class for a FabricPortQueue, or -1 to read it from the frame
     * \param note the owner's note
     * \param fields what the frame's bytes say, if read
     * \return false if the queue refused it
     */
    bool EnqueueFramed(const Ptr<Packet>& frame,
                       int cls,
                       const FabricQueueNote& note,
                       const FabricFrameFields& fields = {});
    /**
     * \brief A copy of a frame without its Ethernet header.
     * \param frame the frame
     * \return the payload
     */
    static Ptr<Packet> PayloadOf(const Ptr<Packet>& frame);
    /**
     * \brief Fire a trace with a frame's payload: a copy without its Ethernet header, made only
     * when the trace has sinks.
     * \param trace the trace
     * \param frame the frame
     */
    static void FireUnframed(const TracedCallback<Ptr<const Packet>>& trace,
                             const Ptr<Packet>& frame);
    /**
     * \brief Set this end's MAC address (the Address attribute).
     * \param address the address
     */
    void SetMacAddress(Mac48Address address);
    /**
     * \brief This end's MAC address (the Address attribute).
     * \return the address
     */
    Mac48Address GetMacAddress() const;
    /**
     * \brief Post-FEC loss probability of a frame size, computed once per size in a row (frames
     * of a flow mostly share one size).
     * \param frameBytes bytes of Ethernet header plus payload
     * \return the probability
     */
    double LossProbability(uint32_t frameBytes);
    /**
     * \brief Whether an arriving frame is lost to an uncorrectable FEC codeword.
     *
     * A draw from m_lossRng decides it. ns-3's MRG32k3a streams never return less than
     * 1/(2^32 - 209) (about 2.3e-10), so a frame whose loss probability is below
     * NEVER_LOST_BELOW cannot be lost: its draw is owed, not made, and the owed draws are made
     * before the next draw that can matter, so the stream gives every frame the value it always
     * did.
     * \param frameBytes bytes of Ethernet header plus payload
     * \return true if lost
     */
    bool FrameLost(uint32_t frameBytes);
    /**
     * \brief Start serializing a frame.
     * \param p the frame
     * \param fields what its bytes say, if read
     */
    void TransmitStart(const Ptr<Packet>& p, const FabricFrameFields& fields);
    /// The frame on the wire is done: start the next one.
    void TransmitComplete();
    /// Dequeue and start the next frame if the transmitter is idle.
    void TryTransmitNext();
    /**
     * \brief Serialization time of a frame with remainder carrying.
     * \param wireBytes bytes on the wire
     * \return the time
     */
    Time SerializationTime(uint32_t wireBytes);
    /// Recompute the cached rate and latency values from the transceiver.
    void UpdateRateCache();
    /**
     * \brief The next data frame the link may send (not paused, within credit).
     * \param[out] fields set to what the frame's bytes say, if it was queued with them
     * \return the frame or null
     */
    Ptr<Packet> DequeueData(FabricFrameFields& fields);
    /**
     * \brief Consume a PFC or credit frame.
     * \param p the frame, Ethernet header included
     * \param etherType its EtherType
     */
    void HandleControlFrame(Ptr<Packet> p, uint16_t etherType);
    /// Send a credit update at the next opportunity (coalesced).
    void RequestCreditUpdate();
    /**
     * \brief Build the credit update frame from the current limits.
     * \return the frame
     */
    Ptr<Packet> BuildCreditUpdate();
    /**
     * \brief Give back the credit of a frame lost on the way in.
     * \param p the frame, Ethernet header included
     */
    void ReturnCreditsForLostFrame(Ptr<const Packet> p);
    /// Wake the transmitter when the earliest pause ends.
    void ScheduleResumeCheck();

    // Per-frame state first and together: a fabric has hundreds of thousands of devices, and a
    // hop should touch few cache lines of each. What a switch reads to queue a frame on this
    // port (ForwardFrame: the MTU, the link, the queue, whether the wire is busy) comes first,
    // in the object's first cache line, which the switch hints once it knows the route.
    Ptr<PhotonicChannel> m_channel;        //!< the cable
    Ptr<FabricPortQueue> m_classQueue;     //!< m_queue if it is a FabricPortQueue
    uint16_t m_mtu{9000};                  //!< MTU, bytes of payload
    bool m_transmitting{false};            //!< a frame is being serialized
    bool m_startingTransmission{false};    //!< inside TryTransmitNext (re-entry guard)
    bool m_linkUp{true};                   //!< the channel's link state
    bool m_framesWatched{false};           //!< a per-frame trace below ever had a sink
    bool m_creditMode{false};              //!< credit flow control on
    bool m_stalled{false};                 //!< currently stalled for credit
    Ptr<Queue<Packet>> m_fifoQueue;        //!< m_queue if it is an ns-3 Queue<Packet>
    Ptr<QueueBase> m_queue;                //!< transmit queue
    Ptr<Packet> m_currentPkt;              //!< the frame being serialized
    uint64_t m_rateBps{0};                 //!< line rate, bits per second
    uint64_t m_ticksPerSecond{0};          //!< Time ticks per second at the current resolution
    uint64_t m_txRemainder{0};             //!< carried sub-tick remainder, in tick x bps units
    uint64_t m_txWireBits{0};              //!< wire bits transmitted
    double m_dynamicJoulePerBit{0};        //!< the transceiver's dynamic energy per bit, J
    double m_logCodewordOk{0};             //!< log(1 - Pcw)
    // Read with m_logCodewordOk whenever a frame's size differs from the last one's (a port
    // that receives data and acknowledgements alternates), so it lives beside it.
    double m_fecDataBits{1};               //!< data bits per FEC codeword
    double m_lossProbability{0};           //!< loss probability of m_lossFrameBytes
    uint64_t m_deferredLossDraws{0};       //!< loss draws owed to m_lossRng (see FrameLost)
    Time m_lastStateChange;                //!< the channel's last change of link state
    uint32_t m_lossFrameBytes{0};          //!< frame size of m_lossProbability (0: none)
    Ptr<PhotonicTxEndEvent> m_txEnd;       //!< the end of the frame being serialized
    bool m_deferCreditReturn{false};       //!< the layer above returns credits
    bool m_creditUpdatePending{false};     //!< a credit update waits to be sent
    MacBytes m_addressBytes{};             //!< this end's MAC address, as bytes
    PhotonicDeviceOwner* m_owner{nullptr}; //!< switch or NIC using this device as a port
    uint32_t m_ownerPort{0};               //!< the owner's index of this port
    bool m_ownerForwards{false};           //!< the owner gets every received frame
    NetDevice::PromiscReceiveCallback m_promiscCallback;  //!< promiscuous up-call
    NetDevice::ReceiveCallback m_rxCallback;              //!< up-call
    Callback<bool, Ptr<Packet>, uint16_t> m_endpointHook; //!< NIC transport, first offer
    FabricFifo<Ptr<Packet>> m_controlQueue;               //!< PFC frames, sent ahead of data
    double m_dynamicEnergy{0};                            //!< joules that scaled with traffic
    // Last of the per-frame block: only its first field is read for every frame.
    LinkFlowControl m_flowControl; //!< pause and credit state (its first field is per frame)
    FabricFifo<FabricQueueNote> m_fifoNotes; //!< notes of a queue that is not a FabricPortQueue
    Time m_rxPathLatency;                    //!< module DSP (both ends) + FEC decode

    // The rest: configuration and rare events.
    Ptr<Node> m_node;                                   //!< the node
    Ptr<NetDeviceQueueInterface> m_queueInterface;      //!< flow control towards traffic control
    Mac48Address m_address;                             //!< this end's MAC address
    uint32_t m_ifIndex{0};                              //!< interface index
    TransceiverSpec m_transceiver;                      //!< this end's module
    double m_rxPowerPenaltyDb{0};                       //!< receive penalty, dB
    LinkBudget m_budget;                                //!< the direction ending here
    Ptr<UniformRandomVariable> m_lossRng;               //!< frame-loss draws
    Time m_energyEpoch;                                 //!< when energy accounting started
    TracedCallback<> m_linkChangeCallbacks;             //!< link change listeners
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace; //!< MacTxDrop
    TracedCallback<Ptr<const Packet>, PhotonicDropReason> m_phyTxDropTrace; //!< PhyTxDrop
    TracedCallback<Ptr<const Packet>, PhotonicDropReason> m_phyRxDropTrace; //!< PhyRxDrop
    TracedCallback<bool> m_linkStateTrace;                                  //!< LinkState
    TracedCallback<uint8_t, uint16_t> m_pfcRxTrace;                         //!< PfcReceived
    TracedCallback<uint8_t> m_creditStallTrace;                             //!< CreditStall
    uint32_t m_creditBufferBytes{131072}; //!< receive buffer per lane advertised, bytes
    uint8_t m_creditLanes{4};             //!< virtual lanes with credit
    EventId m_resumeEvent;                //!< wake-up at the end of a pause
    uint64_t m_pfcRx{0};                  //!< PFC frames received
    uint64_t m_creditStalls{0};           //!< credit stalls
    // Per-frame traces, asked only when m_framesWatched is up.
    FabricWatchedTrace<Ptr<const Packet>> m_macTxTrace{&m_framesWatched};      //!< MacTx
    FabricWatchedTrace<Ptr<const Packet>> m_phyTxBeginTrace{&m_framesWatched}; //!< PhyTxBegin
    FabricWatchedTrace<Ptr<const Packet>> m_phyTxEndTrace{&m_framesWatched};   //!< PhyTxEnd
    FabricWatchedTrace<Ptr<const Packet>> m_phyRxEndTrace{&m_framesWatched};   //!< PhyRxEnd
    FabricWatchedTrace<Ptr<const Packet>> m_macRxTrace{&m_framesWatched};      //!< MacRx
    FabricWatchedTrace<Ptr<const Packet>> m_snifferTrace{&m_framesWatched};    //!< Sniffer
    //! PromiscSniffer
    FabricWatchedTrace<Ptr<const Packet>> m_promiscSnifferTrace{&m_framesWatched};
    //! MacPromiscRx
    FabricWatchedTrace<Ptr<const Packet>> m_macPromiscRxTrace{&m_framesWatched};
    //! DynamicEnergy: old and new m_dynamicEnergy, as a TracedValue<double> reports them
    FabricWatchedTrace<double, double> m_dynamicEnergyTrace{&m_framesWatched};
};

} // namespace ns3

#endif /* PHOTONIC_NET_DEVICE_H */
