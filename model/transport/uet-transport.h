/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UET_TRANSPORT_H
#define UET_TRANSPORT_H

#include "fabric-congestion-control.h"
#include "fabric-nic.h"
#include "fabric-transport.h"
#include "rccc-credit-scheduler.h"
#include "uet-entropy-selector.h"
#include "uet-headers.h"

#include "ns3/event-id.h"

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Ultra Ethernet-style transport: messages over packet delivery contexts (PDCs) in
 * IPv4 / UDP (destination port 4793, source port = entropy value) / PDS / SES.
 *
 * A PDC is created at both ends by its first packet, without a handshake: the sender has one
 * per (peer, connection index); the receiver keys its PDCs by source GPU and the sender's PDC
 * id and answers with its own id, which the sender then puts in its requests (SYN is set until
 * it knows it).
 *
 * Delivery modes (attribute DeliveryMode):
 * - RUD (reliable unordered): each packet takes the next entropy of the PDC's
 *   UetEntropySelector (spraying). The receiver places packets by SES message id and offset in
 *   any order, delivers a message when all its bytes are in, and acknowledges with ACK_CC
 *   (cumulative PSN + 64-bit SACK bitmap + ECN echo) every AckEvery payload bytes and at once
 *   for an ECN-marked packet, the last packet of a message (EOM), the packet that completes a
 *   message, a retransmission, a duplicate and a packet whose sender asked for an ACK (AR). A
 *   trimmed packet is NACKed at once (UET_NACK_TRIMMED). The sender keeps per-PSN state and
 *   retransmits only NACKed PSNs and, on a retransmission timeout, only PSNs that have been
 *   unacknowledged for the timeout.
 * - ROD (reliable ordered): one entropy per PDC; the receiver takes only the next PSN in order,
 *   discards others (counted as outOfOrder) and NACKs the expected PSN once per gap; the sender
 *   goes back N on a NACK or a timeout.
 *
 * Congestion control comes from the NIC (default ns3::NsccCongestionControl): its window
 * limits the payload bytes in flight, its rate paces the PDC, every ACK that acknowledges new
 * bytes is reported with the ECN echo and an RTT sample, NACKs and timeouts are losses. With
 * Rccc, each receiving NIC port runs an RcccCreditScheduler and a sender sends only bytes it
 * was granted (PDS control packets CREDIT_REQ and CREDIT carry the running totals).
 */
class UetTransport : public FabricTransport
{
  public:
    /// How a PDC delivers.
    enum DeliveryMode
    {
        RUD, //!< reliable unordered delivery, per-packet spraying, selective retransmission
        ROD, //!< reliable ordered delivery, one path, go-back-N
    };

    /// Bytes of IPv4 + UDP + PDS request + compact SES header in front of a data payload.
    static constexpr uint32_t DATA_HEADER_BYTES =
        20 + 8 + UetPdsRequestHeader::SIZE + UetSesHeader::SIZE;
    /// Bytes of an ACK_CC packet: IPv4 + UDP + ACK_CC.
    static constexpr uint32_t ACK_BYTES = 20 + 8 + UetPdsAckHeader::CC_SIZE;
    /// Bytes of a NACK packet: IPv4 + UDP + NACK.
    static constexpr uint32_t NACK_BYTES = 20 + 8 + UetPdsNackHeader::SIZE;
    /// Bytes of a control (credit) packet: IPv4 + UDP + control header.
    static constexpr uint32_t CONTROL_BYTES = 20 + 8 + UetPdsControlHeader::SIZE;

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    UetTransport();
    ~UetTransport() override;

    void Post(const FabricMessage& message, const FabricMessageCallback& done) override;
    bool Receive(uint32_t nicPort, Ptr<Packet> packet, uint16_t protocol) override;

    /**
     * \brief Short name for reports.
     * \return "uet"
     */
    std::string GetName() const override;

    /**
     * \brief Fix the random stream of the PDCs' entropy selectors: from then on, every new
     * sending PDC draws its first entropy from one stream, in the order the PDCs open.
     * \param stream stream index
     * \return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream) override;

    /**
     * \brief The congestion control of the sending PDC towards a peer.
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it, or null if the PDC does not exist yet
     */
    Ptr<FabricCongestionControl> GetCongestionControl(uint32_t peer, uint32_t connection) const;

    /**
     * \brief The entropy selector of the sending PDC towards a peer.
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it, or null if the PDC does not exist yet
     */
    Ptr<UetEntropySelector> GetEntropySelector(uint32_t peer, uint32_t connection) const;

    /**
     * \brief The credit scheduler of a NIC port (Rccc only; created when the first credit
     * request arrives on the port).
     * \param nicPort NIC port index
     * \return it, or null
     */
    Ptr<RcccCreditScheduler> GetCreditScheduler(uint32_t nicPort) const;

    /**
     * \brief Bytes of a data frame from Ethernet header to FCS, without FCS.
     * \param payload payload bytes
     * \param first whether it is a message's first packet (which carries the header data)
     * \return bytes
     */
    static uint32_t DataFrameBytes(uint32_t payload, bool first);

  protected:
    void DoDispose() override;

  private:
    /// Per-PSN state of a sending PDC.
    enum PsnState : uint8_t
    {
        IN_FLIGHT, //!< sent, no news
        ACKED,     //!< acknowledged (cumulatively or selectively)
        LOST,      //!< NACKed, timed out or gone back over; waits to be sent again
    };

    /// What a sending PDC remembers of one PSN.
    struct SentPsn
    {
        Time sent;             //!< time of its last transmission
        uint64_t msgSeq;       //!< sequence number of its message in the PDC
        uint32_t payload;      //!< payload bytes
        uint16_t ev;           //!< entropy of its last transmission
        uint8_t sends;         //!< transmissions so far
        uint8_t state : 2;     //!< PsnState
        uint8_t ambiguous : 1; //!< an ACK may answer an earlier copy (no RTT sample)
    };

    /// A message being sent.
    struct Outgoing
    {
        FabricMessage message;      //!< its record
        FabricMessageCallback done; //!< the caller's callback
        uint64_t seq{0};            //!< sequence number in the PDC
        uint64_t firstPsn{0};       //!< PSN of its first packet
        uint64_t packets{0};        //!< packets it takes
        uint64_t unacked{0};        //!< packets not yet acknowledged
        uint16_t sesId{0};          //!< SES message id
    };

    /// The send side of one PDC (a FabricFlow for the NIC scheduler).
    class Initiator : public FabricFlow
    {
      public:
        Time NextSendTime(Time now) const override;
        Ptr<Packet> PullPacket(Time now, uint16_t& protocol) override;

        /**
         * \brief The state of a PSN in the ring.
         * \param psn a PSN in [sndUna, sndMax)
         * \return its state
         */
        SentPsn& At(uint64_t psn)
        {
            return ring[psn & ringMask];
        }

        /**
         * \brief The state of a PSN in the ring.
         * \param psn a PSN in [sndUna, sndMax)
         * \return its state
         */
        const SentPsn& At(uint64_t psn) const
        {
            return ring[psn & ringMask];
        }

        /**
         * \brief The PSN the next packet carries and its payload.
         * \param payload set to its payload bytes
         * \param first set when it is its message's first packet
         * \return the PSN, or UINT64_MAX if nothing is waiting
         */
        uint64_t NextPsn(uint32_t& payload, bool& first) const;

        /**
         * \brief The message holding a PSN.
         * \param psn a PSN of an unacknowledged message
         * \return its index in outgoing
         */
        std::size_t FindMessage(uint64_t psn) const;

        UetTransport* transport{nullptr}; //!< owner
        uint32_t connection{0};           //!< index towards the peer
        uint16_t localId{0};              //!< this PDC's id
        uint16_t remoteId{0};             //!< the receiver's PDC id, 0 until known
        Ptr<FabricCongestionControl> cc;  //!< congestion control
        Ptr<UetEntropySelector> selector; //!< entropy choice
        std::deque<Outgoing> outgoing;    //!< unacknowledged messages, in PSN order
        uint64_t nextMsgSeq{0};           //!< sequence number of the next message
        uint16_t nextSesId{0};            //!< SES id of the next message
        uint64_t nextFreePsn{0};          //!< PSN the next posted message starts at
        uint64_t sndUna{0};               //!< oldest unacknowledged PSN
        uint64_t sndNxt{0};               //!< next PSN to send new (ROD: next in order)
        uint64_t sndMax{0};               //!< one past the highest PSN ever sent
        std::vector<SentPsn> ring;        //!< state of [sndUna, sndMax), by PSN & ringMask
        uint64_t ringMask{0};             //!< ring size - 1
        std::deque<uint64_t> retransmit;  //!< RUD: LOST PSNs to send again, in order
        uint64_t inFlight{0};             //!< payload bytes IN_FLIGHT
        Time nextSendAt;                  //!< pacing: earliest next send
        EventId rto;                      //!< retransmission timer
        uint32_t backoff{0};              //!< timeout doublings since the last progress
        uint16_t pathEv{0};               //!< ROD: the PDC's entropy
        bool pathChangePending{false};    //!< ROD: move to a new entropy when idle
        uint64_t creditNeeded{0};         //!< Rccc: wire bytes of all transmissions so far
        uint64_t creditGranted{0};        //!< Rccc: bytes granted by the receiver so far
        uint64_t creditSpent{0};          //!< Rccc: wire bytes sent so far
        uint64_t creditAnnounced{0};      //!< Rccc: demand told to the receiver so far
        EventId creditRequest;            //!< Rccc: the scheduled credit request
    };

    /// A message being received.
    struct Incoming
    {
        uint16_t sesId{0};    //!< SES message id
        uint64_t length{0};   //!< bytes of the message
        uint64_t received{0}; //!< bytes in place
        uint64_t tag{0};      //!< caller's label (from the first packet's header data)
        Time start;           //!< arrival of its first packet
    };

    /// The receive side of one PDC.
    struct Target
    {
        uint32_t peer{0};               //!< sending GPU
        uint32_t connection{0};         //!< the sender's connection index
        uint32_t nicPort{0};            //!< port towards the sender
        uint16_t localId{0};            //!< this PDC's id
        uint16_t remoteId{0};           //!< the sender's PDC id
        uint64_t rcvNxt{0};             //!< lowest PSN not received
        uint64_t rcvMax{0};             //!< one past the highest PSN received
        std::vector<uint64_t> bits;     //!< RUD: received PSNs >= rcvNxt, by PSN & bitMask
        uint64_t bitMask{0};            //!< ring size in bits - 1
        uint32_t bytesSinceAck{0};      //!< payload bytes taken since the last ACK
        bool nakSent{false};            //!< ROD: the current gap was NACKed
        std::vector<Incoming> incoming; //!< messages being assembled
        uint64_t delivered{0};          //!< messages delivered
        uint64_t demandRegistered{0};   //!< Rccc: demand given to the scheduler so far
        uint64_t granted{0};            //!< Rccc: bytes granted so far
    };

    /// What a received UET frame says once IPv4 and UDP are taken off.
    struct Frame
    {
        uint32_t peer{0};      //!< sending GPU
        uint16_t entropy{0};   //!< UDP source port
        bool congested{false}; //!< arrived with IP CE
        bool trimmed{false};   //!< cut by a switch
    };

    /**
     * \brief The sending PDC towards a peer, created on first use.
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it
     */
    Initiator& GetInitiator(uint32_t peer, uint32_t connection);

    /**
     * \brief The sending PDC with an id, if it is towards a peer.
     * \param id the PDC id
     * \param peer the GPU the packet naming it came from
     * \return it, or null if there is none or it belongs to another peer
     */
    Initiator* FindInitiator(uint16_t id, uint32_t peer) const;

    /**
     * \brief The sending PDC towards a peer.
     * \param peer GPU ordinal
     * \param connection connection index
     * \return it, or null if it does not exist yet
     */
    Initiator* InitiatorTo(uint32_t peer, uint32_t connection) const;

    /**
     * \brief The receiving PDC of a sender's PDC, created on first use.
     * \param peer sending GPU
     * \param remoteId the sender's PDC id
     * \param nicPort the port the packet came in on
     * \return it
     */
    Target& GetTarget(uint32_t peer, uint16_t remoteId, uint32_t nicPort);

    /**
     * \brief Put IPv4, UDP, the PDS header and (for data) the SES header in front of a packet,
     * in one buffer operation, and tag data packets.
     * \param packet the payload
     * \param peer destination GPU
     * \param nicPort the port
     * \param entropy UDP source port
     * \param pds the PDS header
     * \param ses the SES header of a data packet (ECN-capable, data class, trimmable); null for
     *        control packets
     */
    void AddHeaders(Ptr<Packet> packet,
                    uint32_t peer,
                    uint32_t nicPort,
                    uint16_t entropy,
                    Header& pds,
                    Header* ses) const;

    /**
     * \brief Build a data packet.
     * \param s the sending PDC
     * \param psn its PSN
     * \param ev its entropy
     * \param ackRequest whether to ask for an ACK at once
     * \return the packet without Ethernet header
     */
    Ptr<Packet> BuildData(Initiator& s, uint64_t psn, uint16_t ev, bool ackRequest);

    /**
     * \brief Data arrived.
     * \param nicPort the port it came in on
     * \param frame the frame
     * \param pds its PDS request header
     * \param ses its SES header; null for a trimmed packet (cut inside it)
     * \param payload bytes of payload that arrived
     */
    void ReceiveData(uint32_t nicPort,
                     const Frame& frame,
                     const UetPdsRequestHeader& pds,
                     const UetSesHeader* ses,
                     uint32_t payload);

    /**
     * \brief Place a data packet's payload in its message; deliver the message when whole.
     * \param t the receiving PDC
     * \param ses its SES header
     * \param payload payload bytes
     * \return true if the packet completed its message
     */
    bool Place(Target& t, const UetSesHeader& ses, uint32_t payload);

    /**
     * \brief Send an ACK_CC for the receive side's state.
     * \param t the receiving PDC
     * \param frame the frame that caused it
     * \param trigger its PSN
     * \param retransmit whether it was a retransmission
     * \param rod whether the PDC delivers in order (no SACK)
     */
    void SendAck(Target& t, const Frame& frame, int64_t trigger, bool retransmit, bool rod);

    /**
     * \brief Send a NACK.
     * \param t the receiving PDC
     * \param frame the frame that caused it
     * \param code the NACK code
     * \param psn the PSN it names
     * \param retransmit whether the frame was a retransmission
     * \param payload code-specific payload
     */
    void SendNack(Target& t,
                  const Frame& frame,
                  uint8_t code,
                  uint64_t psn,
                  bool retransmit,
                  uint32_t payload);

    /**
     * \brief Send a PDS control packet.
     * \param nicPort the port
     * \param peer destination GPU
     * \param type UetControlType
     * \param sourceId the sending end's PDC id
     * \param destId the receiving end's PDC id
     * \param payload the payload
     * \param syn whether the PDC is being established
     */
    void SendControlPacket(uint32_t nicPort,
                           uint32_t peer,
                           uint8_t type,
                           uint16_t sourceId,
                           uint16_t destId,
                           uint32_t payload,
                           bool syn);

    /**
     * \brief RUD receive side: record a PSN as received and move rcvNxt past what is complete.
     * \param t the receiving PDC
     * \param psn the PSN, >= rcvNxt
     */
    static void MarkReceived(Target& t, uint64_t psn);

    /**
     * \brief RUD receive side: whether a PSN has arrived.
     * \param t the receiving PDC
     * \param psn the PSN
     * \return true if it is below rcvNxt or marked
     */
    static bool IsReceived(const Target& t, uint64_t psn);

    /**
     * \brief RUD receive side: the 64 reception bits from a PSN on.
     * \param t the receiving PDC
     * \param base the PSN of bit 0, in [rcvNxt, rcvNxt + ring size - 64]
     * \return bit i set if PSN base + i arrived
     */
    static uint64_t SackBits(const Target& t, uint64_t base);

    /// Hand the completions collected while processing an ACK or NACK to the NIC.
    void FlushCompletions();

    /**
     * \brief Hand a PDS header from the receiver to the sending PDC it names, learning the
     * receiver's PDC id.
     * \tparam H UetPdsAckHeader or UetPdsNackHeader
     * \param frame the frame
     * \param header the header
     * \param handle the handler; not called if the header names no PDC towards the frame's
     *        source
     */
    template <typename H>
    void ToSender(const Frame& frame,
                  const H& header,
                  void (UetTransport::*handle)(Initiator&, const H&));

    /**
     * \brief An ACK arrived.
     * \param s the sending PDC
     * \param ack its header
     */
    void ReceiveAck(Initiator& s, const UetPdsAckHeader& ack);

    /**
     * \brief A NACK arrived.
     * \param s the sending PDC
     * \param nack its header
     */
    void ReceiveNack(Initiator& s, const UetPdsNackHeader& nack);

    /**
     * \brief A control packet arrived.
     * \param nicPort the port it came in on
     * \param frame the frame
     * \param c its control header
     */
    void ReceiveControl(uint32_t nicPort, const Frame& frame, const UetPdsControlHeader& c);

    /**
     * \brief Mark a PSN acknowledged.
     * \param s the sending PDC
     * \param psn the PSN, in [sndUna, sndMax)
     * \param ecn whether the ACK echoed CE for it
     * \return payload bytes newly acknowledged (0 if it was already)
     */
    uint32_t AckPsn(Initiator& s, uint64_t psn, bool ecn);

    /**
     * \brief Move sndUna past acknowledged PSNs and hand completed messages to the NIC.
     * \param s the sending PDC
     */
    void Advance(Initiator& s);

    /**
     * \brief ROD: go back to a PSN; everything from it on is sent again.
     * \param s the sending PDC
     * \param psn the PSN, in [sndUna, sndNxt)
     * \return payload bytes that were in flight from it on
     */
    uint64_t GoBack(Initiator& s, uint64_t psn);

    /**
     * \brief RUD: a PSN is lost; queue it to be sent again.
     * \param s the sending PDC
     * \param psn the PSN
     * \return payload bytes marked lost (0 if it was not in flight)
     */
    uint32_t MarkLost(Initiator& s, uint64_t psn);

    /**
     * \brief The retransmission timer of a PDC expired.
     * \param s the sending PDC
     */
    void Timeout(Initiator* s);

    /**
     * \brief (Re)arm the retransmission timer at the earliest deadline of the PDC.
     * \param s the sending PDC
     */
    void ArmTimer(Initiator& s);

    /**
     * \brief The timeout currently applying to a PDC (with back-off).
     * \param s the sending PDC
     * \return the time
     */
    Time CurrentRto(const Initiator& s) const;

    /**
     * \brief Rccc: more wire bytes must be sent; ask the receiver for credit.
     * \param s the sending PDC
     * \param bytes wire bytes
     */
    void NeedCredit(Initiator& s, uint64_t bytes);

    /**
     * \brief Rccc: schedule a credit request for the end of this event, unless one is.
     * \param s the sending PDC
     */
    void ScheduleCreditRequest(Initiator& s);

    /**
     * \brief Rccc: send the credit request (scheduled once per event).
     * \param s the sending PDC
     * \param force send even if the total did not change (a repeat after a timeout)
     */
    void SendCreditRequest(Initiator* s, bool force);

    /**
     * \brief Rccc: the credit scheduler of a port, created on first use.
     * \param nicPort the port
     * \return it
     */
    Ptr<RcccCreditScheduler> Scheduler(uint32_t nicPort);

    /**
     * \brief Rccc: the scheduler granted credit to a receiving PDC.
     * \param targetId the receiving PDC's id
     * \param bytes credit
     */
    void Grant(uint32_t targetId, uint32_t bytes);

    /**
     * \brief Tell the NIC scheduler a PDC may have something to send.
     * \param s the sending PDC
     */
    void Wake(Initiator& s);

    /**
     * \brief A wire PSN as a full sequence number near a reference.
     * \param wire 32-bit PSN
     * \param reference a nearby full sequence number
     * \return the full sequence number (may be below zero as a signed value near the start)
     */
    static int64_t Unwrap(uint32_t wire, uint64_t reference);

    /**
     * \brief Wire bytes (with FCS, preamble and gap) of a PSN's data frame.
     * \param payload its payload bytes
     * \param first whether it is its message's first packet
     * \return bytes
     */
    static uint32_t WireBytesOf(uint32_t payload, bool first);

    // Attributes.
    DeliveryMode m_mode{RUD};                 //!< RUD or ROD
    UetEntropySelector::Mode m_lb;            //!< entropy selection
    uint16_t m_entropies{64};                 //!< entropies per PDC
    Ptr<UniformRandomVariable> m_selectorRng; //!< selectors' draws once AssignStreams was called
    uint32_t m_ackEvery{16384};               //!< payload bytes per coalesced ACK
    Time m_rto;                               //!< retransmission timeout
    uint32_t m_maxBackoff{6};                 //!< most timeout doublings
    bool m_trimmable{true};                   //!< data packets may be trimmed
    bool m_rccc{false};                       //!< receiver credits
    uint64_t m_initialCredit{0};              //!< Rccc: speculative credit of a new PDC, wire bytes

    std::vector<std::unique_ptr<Initiator>> m_initiators; //!< by id - 1 (sparse)
    std::unordered_map<uint32_t, uint32_t> m_peerSlot;    //!< peer -> block of initiator ids
    std::vector<std::unique_ptr<Target>> m_targets;       //!< by id - 1
    std::unordered_map<uint64_t, uint16_t> m_targetIndex; //!< (peer, sender's id) -> id
    uint64_t m_lastTargetKey{0};                          //!< key of the last target found
    Target* m_lastTarget{nullptr};                        //!< the last target found
    std::vector<Ptr<RcccCreditScheduler>> m_schedulers;   //!< per port (Rccc)
    std::vector<Outgoing> m_completed;                    //!< scratch: completions of an ACK
};

} // namespace ns3

#endif /* UET_TRANSPORT_H */
