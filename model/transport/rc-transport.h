/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RC_TRANSPORT_H
#define RC_TRANSPORT_H

#include "fabric-congestion-control.h"
#include "fabric-nic.h"
#include "fabric-transport.h"
#include "ib-headers.h"
#include "ib-reth-header.h"

#include "ns3/event-id.h"

#include <deque>
#include <memory>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief What a reliable-connection frame says, once its wire format is taken off.
 */
struct RcFrame
{
    uint32_t peer{0};      //!< sending GPU
    IbBthHeader bth;       //!< base transport header
    IbAethHeader aeth;     //!< ACK extended header (ACK opcode only)
    IbRethHeader reth;     //!< RDMA extended header (WRITE FIRST / ONLY only)
    uint32_t payload{0};   //!< payload bytes
    bool congested{false}; //!< arrived with IP CE (RoCEv2) or BTH FECN (InfiniBand)
};

/**
 * \ingroup ai-fabric
 * \brief InfiniBand Reliable Connection semantics shared by RoCEv2 and the InfiniBand-style
 * transport: RDMA WRITE messages cut into MTU packets with 24-bit PSNs, cumulative ACKs
 * coalesced every AckInterval packets and at each message's last packet, a NAK (PSN sequence
 * error) at the first packet beyond a gap, go-back-N retransmission from the NAKed PSN, and a
 * retransmission timeout that goes back to the oldest unacknowledged PSN.
 *
 * Queue pairs are created on first use at both ends without a handshake: the QP of GPU a
 * towards peer p, connection k, has QPN p x ConnectionsPerPeer + k + 1, so that a packet's
 * destination QPN names its sender at the receiver.
 *
 * Subclasses give the wire format (RoceTransport: IPv4/UDP/BTH/ICRC; IbTransport:
 * LRH/BTH/ICRC/VCRC) and the congestion signalling.
 */
class RcTransport : public FabricTransport
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    RcTransport();
    ~RcTransport() override;

    void Post(const FabricMessage& message, const FabricMessageCallback& done) override;
    bool Receive(uint32_t nicPort, Ptr<Packet> packet, uint16_t protocol) override;

    /**
     * \brief The congestion control of the QP towards a peer (created on first use).
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it, or null if the QP does not exist yet
     */
    Ptr<FabricCongestionControl> GetCongestionControl(uint32_t peer, uint32_t connection) const;

  protected:
    /// One queue pair: the send side (a FabricFlow) and the receive side.
    struct QueuePair : public FabricFlow
    {
        /// A message being sent.
        struct Outgoing
        {
            FabricMessage message;      //!< its record
            FabricMessageCallback done; //!< the caller's callback
            uint64_t firstPsn{0};       //!< PSN of its first packet
            uint64_t packets{0};        //!< packets it takes
        };

        Time NextSendTime(Time now) const override;
        Ptr<Packet> PullPacket(Time now, uint16_t& protocol) override;

        RcTransport* transport{nullptr};    //!< owner
        uint32_t connection{0};             //!< index towards the peer
        uint32_t remoteQpn{0};              //!< the peer's QPN for this QP
        Ptr<FabricCongestionControl> cc;    //!< sender congestion control
        std::deque<Outgoing> outgoing;      //!< unacknowledged messages, oldest first
        uint64_t nextFreePsn{0};            //!< PSN the next posted message starts at
        uint64_t sndUna{0};                 //!< oldest unacknowledged PSN
        uint64_t sndNxt{0};                 //!< next PSN to send
        uint64_t sndMax{0};                 //!< one past the highest PSN ever sent
        Time nextSendAt;                    //!< pacing: earliest next send
        EventId rto;                        //!< retransmission timer
        uint64_t expected{0};               //!< receive side: next PSN in order
        uint32_t msn{0};                    //!< receive side: messages delivered
        uint32_t unacked{0};                //!< receive side: packets since the last ACK
        bool nakSent{false};                //!< receive side: NAK sent for this gap
        FabricMessage incoming;             //!< receive side: message being assembled
        Time lastNotification{Time::Min()}; //!< receive side: last CNP / BECN sent
        bool becnPending{false};            //!< receive side: next ACK carries BECN
    };

    /**
     * \brief Bytes the wire format adds to a payload, from the network header to the last
     * transport trailer (no Ethernet header or FCS), without RETH or AETH.
     * \return bytes
     */
    virtual uint32_t HeaderBytes() const = 0;

    /**
     * \brief Frame a transport packet.
     * \param qp the queue pair
     * \param bth its BTH
     * \param extension an AETH or RETH to put after the BTH, or null
     * \param payloadBytes payload bytes (after any extension, before trailers)
     * \param data whether this is a data packet (ECN-capable, data class)
     * \param protocol set to the frame's EtherType
     * \return the packet without Ethernet header
     */
    virtual Ptr<Packet> Frame(QueuePair& qp,
                              const IbBthHeader& bth,
                              const Header* extension,
                              uint32_t payloadBytes,
                              bool data,
                              uint16_t& protocol) = 0;

    /**
     * \brief Take the wire format off a frame.
     * \param packet the frame without Ethernet header
     * \param protocol its EtherType
     * \param frame filled in
     * \return false if the frame is not for this transport
     */
    virtual bool Unframe(Ptr<Packet> packet, uint16_t protocol, RcFrame& frame) = 0;

    /**
     * \brief Data arrived congestion-marked; signal the sender (CNP or BECN).
     * \param qp the queue pair
     */
    virtual void NotifyCongestion(QueuePair& qp) = 0;

    /**
     * \brief A frame with an opcode RC does not handle (e.g. a CNP).
     * \param qp the queue pair
     * \param frame the frame
     */
    virtual void ReceiveOther(QueuePair& qp, const RcFrame& frame);

    /**
     * \brief The congestion control used when the NIC names none.
     * \return TypeId name
     */
    virtual std::string DefaultCongestionControl() const = 0;

    /**
     * \brief The QP towards a peer, created on first use.
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it
     */
    QueuePair& GetQueuePair(uint32_t peer, uint32_t connection);

    /**
     * \brief Send a control frame to the QP's peer.
     * \param qp the queue pair
     * \param packet the frame
     * \param protocol EtherType
     */
    void SendControlFrame(QueuePair& qp, Ptr<Packet> packet, uint16_t protocol);

    /**
     * \brief Send an ACK (or NAK) for the receive side's state.
     * \param qp the queue pair
     * \param syndrome AETH syndrome
     */
    void SendAck(QueuePair& qp, uint8_t syndrome);

    void DoDispose() override;

    bool m_computeIcrc{false};   //!< compute real ICRCs (else the field is zero)
    Time m_notificationInterval; //!< minimum gap between CNPs / BECNs per QP

  private:
    /**
     * \brief A data packet arrived.
     * \param qp the queue pair
     * \param frame the frame
     */
    void ReceiveData(QueuePair& qp, const RcFrame& frame);

    /**
     * \brief An ACK or NAK arrived.
     * \param qp the queue pair
     * \param frame the frame
     */
    void ReceiveAck(QueuePair& qp, const RcFrame& frame);

    /**
     * \brief The retransmission timer of a QP expired.
     * \param qp the queue pair
     */
    void Timeout(QueuePair* qp);

    /**
     * \brief (Re)arm or stop the retransmission timer.
     * \param qp the queue pair
     */
    void RestartTimer(QueuePair& qp);

    /**
     * \brief A wire PSN as a full sequence number near a reference.
     * \param wire 24-bit PSN
     * \param reference a nearby full sequence number
     * \return the full sequence number
     */
    static uint64_t Unwrap(uint32_t wire, uint64_t reference);

    std::unordered_map<uint32_t, std::unique_ptr<QueuePair>> m_qps; //!< by local QPN
    uint32_t m_ackInterval{4};                                      //!< packets per coalesced ACK
    Time m_rto;                                                     //!< retransmission timeout
};

} // namespace ns3

#endif /* RC_TRANSPORT_H */
