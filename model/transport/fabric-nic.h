/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_NIC_H
#define FABRIC_NIC_H

#include "fabric-congestion-control.h"
#include "fabric-message.h"
#include "fabric-transport.h"

#include "ns3/event-id.h"
#include "ns3/fabric-tags.h"
#include "ns3/ipv4-address.h"
#include "ns3/object-factory.h"
#include "ns3/photonic-net-device.h"
#include "ns3/traced-callback.h"

#include <array>
#include <deque>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Counters of one NIC endpoint (all transports fill the ones that apply).
 */
struct FabricNicCounters
{
    uint64_t messagesPosted{0};    //!< Send() calls
    uint64_t messagesCompleted{0}; //!< messages whose last byte was acknowledged
    uint64_t messagesDelivered{0}; //!< messages received whole
    uint64_t bytesCompleted{0};    //!< payload bytes of completed messages
    uint64_t bytesDelivered{0};    //!< payload bytes of delivered messages
    uint64_t dataPackets{0};       //!< data packets sent, first transmissions and retransmissions
    uint64_t retransmissions{0};   //!< data packets sent again
    uint64_t acksSent{0};          //!< ACKs sent
    uint64_t nacksSent{0};         //!< NAKs / NACKs sent
    uint64_t nacksReceived{0};     //!< NAKs / NACKs received
    uint64_t timeouts{0};          //!< retransmission timer expiries
    uint64_t duplicates{0};        //!< data packets received again or out of window
    uint64_t outOfOrder{0};        //!< data packets discarded beyond a PSN gap (go-back-N)
    uint64_t cnpsSent{0};          //!< RoCEv2 CNPs sent
    uint64_t congestionNotices{0}; //!< CNPs or BECNs received
    uint64_t becnsSent{0};         //!< ACKs carrying BECN
    uint64_t ecnMarkedReceived{0}; //!< data packets received with IP CE or BTH FECN
    uint64_t trimmedReceived{0};   //!< trimmed data packets received
    uint64_t creditGrantsSent{0};  //!< receiver credit grants sent (RCCC)
    uint64_t pathChanges{0};       //!< entropy changes requested by congestion control

    /**
     * \brief Add another NIC's counters (for totals over a fabric).
     * \param other the counters to add
     * \return this
     */
    FabricNicCounters& operator+=(const FabricNicCounters& other);
};

/**
 * \ingroup ai-fabric
 * \brief The transport endpoint of one GPU: message API, NIC ports and NIC scheduler.
 *
 * Aggregated to a GPU node by FabricTransportHelper. It owns one FabricTransport (RoCEv2,
 * InfiniBand-style or Ultra Ethernet-style, chosen by TypeId name) and one port per device of
 * the GPU: its NIC and, if it has one, its scale-up (NVLink) link; a peer in the same scale-up
 * domain is reached over the scale-up port.
 *
 * The scheduler keeps at most QueueDepth data packets of each class in a port's device queue
 * and builds the next packet only when one leaves, serving the connections that may send
 * (pacing, window, credit) round robin; the port thus sends at line rate while connections
 * are paced by their congestion control. Control packets (ACK, NAK, CNP, credits) bypass the
 * scheduler.
 */
class FabricNic : public Object, public PhotonicDeviceOwner
{
  public:
    /**
     * \brief One-way latency of the idle path between two GPUs for a frame.
     * Arguments: source GPU, destination GPU, frame bytes (Ethernet header to FCS).
     */
    typedef Callback<Time, uint32_t, uint32_t, uint32_t> PathLatencyCallback;

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricNic();
    ~FabricNic() override;

    /**
     * \brief Bind to the GPU and its devices; creates the transport.
     * \param gpu this GPU's ordinal
     * \param nic the NIC device (towards the scale-out fabric), may be null
     * \param scaleUp the scale-up device, may be null
     * \param scaleUpDomain this GPU's scale-up domain (-1 for none)
     * \param domainOf scale-up domain of any GPU (-1 for none)
     * \param latency idle one-way path latency (for base RTTs)
     */
    void Setup(uint32_t gpu,
               Ptr<PhotonicNetDevice> nic,
               Ptr<PhotonicNetDevice> scaleUp,
               Callback<int64_t, uint32_t> domainOf,
               PathLatencyCallback latency);

    /**
     * \brief Set the transport's type and attributes (before Setup).
     * \param factory its factory
     */
    void SetTransportFactory(const ObjectFactory& factory);

    /**
     * \brief Set the congestion control's type and attributes (before Setup); a factory
     * without a TypeId means the transport's default.
     * \param factory its factory
     */
    void SetCongestionControlFactory(const ObjectFactory& factory);

    /**
     * \brief Send a message (RDMA WRITE semantics: the receiver sees it whole when complete).
     * \param dst receiving GPU
     * \param bytes payload bytes, > 0
     * \param done called at the sender when the last byte is acknowledged (may be null)
     * \param tag caller's label, reported with the message at both ends
     * \param connection which of the ConnectionsPerPeer connections to use; -1 spreads messages
     *        over them round robin
     * \return the message id
     */
    uint64_t Send(uint32_t dst,
                  uint64_t bytes,
                  FabricMessageCallback done = FabricMessageCallback(),
                  uint64_t tag = 0,
                  int32_t connection = -1);

    /**
     * \brief Called for every message received whole at this NIC.
     * \param cb the callback
     */
    void SetReceiveCallback(FabricMessageCallback cb);

    /**
     * \brief This GPU.
     * \return its ordinal
     */
    uint32_t GetGpu() const;

    /**
     * \brief The transport.
     * \return it
     */
    Ptr<FabricTransport> GetTransport() const;

    /**
     * \brief Fix the random streams of the transport.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Counters.
     * \return them
     */
    const FabricNicCounters& GetCounters() const;

    /**
     * \brief Counters, for the transport to update.
     * \return them
     */
    FabricNicCounters& Counters();

    /**
     * \brief Payload bytes of a full data packet.
     * \return bytes
     */
    uint32_t GetMtu() const;

    /**
     * \brief Connections (QPs or PDCs) per peer.
     * \return the number
     */
    uint32_t GetConnectionsPerPeer() const;

    /**
     * \brief Traffic class of data packets.
     * \return the class
     */
    uint8_t GetDataClass() const;

    /**
     * \brief Traffic class of control packets (ACK, NAK, CNP, credit).
     * \return the class
     */
    uint8_t GetControlClass() const;

    /**
     * \brief The NIC port a peer is reached on.
     * \param peer GPU ordinal
     * \return port index (0 = NIC, 1 = scale-up)
     */
    uint32_t PortFor(uint32_t peer) const;

    /**
     * \brief The device of a port.
     * \param port index
     * \return the device
     */
    Ptr<PhotonicNetDevice> GetPortDevice(uint32_t port) const;

    /**
     * \brief Whether a port is the scale-up one.
     * \param port index
     * \return true for the scale-up port
     */
    bool IsScaleUpPort(uint32_t port) const;

    /**
     * \brief IPv4 address of a GPU on the network of a port.
     * \param gpu GPU ordinal
     * \param port index
     * \return the address (NIC or scale-up plan)
     */
    Ipv4Address AddressOf(uint32_t gpu, uint32_t port) const;

    /**
     * \brief MAC address of a GPU on the network of a port.
     * \param gpu GPU ordinal
     * \param port index
     * \return the address
     */
    Mac48Address MacOf(uint32_t gpu, uint32_t port) const;

    /**
     * \brief Idle round-trip time to a peer: one full data frame there, one ACK frame back.
     * \param peer GPU ordinal
     * \param dataFrameBytes bytes of a full data frame (Ethernet header to FCS)
     * \param ackFrameBytes bytes of an ACK frame
     * \return the time
     */
    Time GetBaseRtt(uint32_t peer, uint32_t dataFrameBytes, uint32_t ackFrameBytes) const;

    /**
     * \brief A new congestion control object from the configured factory.
     * \param transportDefault TypeId name to use when none was configured
     * \return the object (not started)
     */
    Ptr<FabricCongestionControl> CreateCongestionControl(const std::string& transportDefault);

    /**
     * \brief A flow may have something to send: add it to its port's round robin.
     * \param flow the flow
     */
    void Activate(FabricFlow* flow);

    /**
     * \brief Send a control packet now, ahead of the scheduler. Its class is the one its headers
     * give (IPv4 DSCP class selector, LRH service level), as for every frame the switches see.
     * \param port NIC port
     * \param packet the packet without Ethernet header
     * \param protocol EtherType
     * \param peer destination GPU
     */
    void SendControl(uint32_t port, Ptr<Packet> packet, uint16_t protocol, uint32_t peer);

    /**
     * \brief The transport reports a message acknowledged whole.
     * \param message the record (end filled in)
     * \param done the caller's callback
     */
    void NotifyCompleted(const FabricMessage& message, const FabricMessageCallback& done);

    /**
     * \brief The transport reports a message received whole.
     * \param message the record
     */
    void NotifyDelivered(const FabricMessage& message);

    /// TracedCallback signature of message records.
    typedef void (*MessageTracedCallback)(const FabricMessage& message);

  protected:
    void DoDispose() override;

  private:
    /// One device of the NIC and its scheduler state.
    struct Port
    {
        Ptr<PhotonicNetDevice> device;                     //!< the device
        bool scaleUp{false};                               //!< scale-up port
        uint64_t rateBps{0};                               //!< line rate
        std::deque<FabricFlow*> ready;                     //!< round robin of flows
        std::array<uint32_t, FABRIC_NUM_CLASSES> queued{}; //!< data packets in the device queue
        EventId wake;                                      //!< pacing wake-up
        bool serving{false};                               //!< inside Serve (re-entry guard)
        bool again{false};                                 //!< Serve was asked again meanwhile
    };

    /**
     * \brief Add a device as a port.
     * \param device the device
     * \param scaleUp whether it is the scale-up link
     */
    void AddPort(Ptr<PhotonicNetDevice> device, bool scaleUp);

    /**
     * \brief Frame from a port's device.
     * \param port index
     * \param packet the frame
     * \param protocol EtherType
     * \return true if consumed
     */
    bool ReceiveFromPort(uint32_t port, Ptr<Packet> packet, uint16_t protocol);

    /**
     * \brief A packet left a port's device queue (PhotonicDeviceOwner): the scheduler may put
     * the next one in.
     * \param port index
     * \param packet the packet
     * \param cls the class the device queue took it from, or -1
     * \param note its note: the scheduler's data packets carry their class
     */
    void FrameDequeued(uint32_t port,
                       const Ptr<Packet>& packet,
                       int cls,
                       const FabricQueueNote& note) override;
    /**
     * \brief Fill a port's device queue from the ready flows.
     * \param port index
     */
    void Serve(uint32_t port);

    /**
     * \brief MacOf() as bytes, for the per-packet path.
     * \param gpu the GPU
     * \param port the port whose kind (NIC or scale-up) picks the address
     * \return the MAC's bytes
     */
    MacBytes MacBytesOf(uint32_t gpu, uint32_t port) const;

    uint32_t m_gpu{0};                                       //!< this GPU
    std::vector<Port> m_ports;                               //!< NIC then scale-up
    int32_t m_nicPort{-1};                                   //!< index of the NIC port
    int32_t m_scaleUpPort{-1};                               //!< index of the scale-up port
    int64_t m_domain{-1};                                    //!< own scale-up domain
    Callback<int64_t, uint32_t> m_domainOf;                  //!< domain of any GPU
    PathLatencyCallback m_latency;                           //!< idle path latency
    ObjectFactory m_transportFactory;                        //!< transport type
    ObjectFactory m_ccFactory;                               //!< congestion control type
    Ptr<FabricTransport> m_transport;                        //!< the transport
    FabricNicCounters m_counters;                            //!< counters
    FabricMessageCallback m_receiveCallback;                 //!< receive-side callback
    uint64_t m_nextMessageId{1};                             //!< message numbering
    std::unordered_map<uint32_t, uint32_t> m_nextConnection; //!< per peer, round robin
    uint32_t m_mtu{4096};                                    //!< payload bytes per packet
    uint32_t m_queueDepth{2};         //!< data packets per class in the device queue
    uint32_t m_connectionsPerPeer{1}; //!< QPs / PDCs per peer
    uint8_t m_dataClass{3};           //!< data class
    uint8_t m_controlClass{6};        //!< control class

    TracedCallback<const FabricMessage&> m_messageCompleteTrace;  //!< sender side
    TracedCallback<const FabricMessage&> m_messageDeliveredTrace; //!< receiver side
};

} // namespace ns3

#endif /* FABRIC_NIC_H */
