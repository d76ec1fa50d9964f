/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UET_HEADERS_H
#define UET_HEADERS_H

// Ultra Ethernet Transport (UE 1.0) wire formats: the Packet Delivery Sublayer (PDS) headers of
// RUD/ROD requests, ACKs and NACKs, a compact semantic (SES) placement header, and a helper for
// the 64-bit selective-acknowledgement bitmap.
//
// Sources. The PDS layouts follow the UE 1.0 specification, section 3.5.10 (PDS header formats):
// Table 3-32 (prologue and type encodings), Table 3-33 (RUD/ROD request), Table 3-35 (ACK),
// Table 3-36 (ACK_CC, with the SACK bitmap), Table 3-40 (NACK). The specification text itself
// was not reachable from here; field order, widths and codes were taken from public
// transcriptions of UE 1.0.x (Wireshark's UET dissector, which follows UE 1.0.1, and others that
// agree with it). Table numbers may shift between 1.0 revisions. Every multi-byte field is in
// network byte order.

#include "ns3/header.h"
#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/// UDP destination port of UET over UDP (IANA); the UDP source port carries the entropy value.
static constexpr uint16_t UET_UDP_PORT = 4793;

/**
 * \ingroup ai-fabric
 * \brief PDS packet types, the 5-bit type field of the PDS prologue (UE 1.0, Table 3-32).
 */
enum UetPdsType : uint8_t
{
    UET_PDS_RUD_REQ = 2,  //!< reliable unordered delivery request (data)
    UET_PDS_ROD_REQ = 3,  //!< reliable ordered delivery request (data)
    UET_PDS_RUDI_REQ = 4, //!< idempotent request (no PDC state)
    UET_PDS_UUD_REQ = 6,  //!< unreliable datagram
    UET_PDS_ACK = 7,      //!< plain ACK (12 bytes, no SACK)
    UET_PDS_ACK_CC = 8,   //!< ACK with SACK bitmap and congestion-control state (32 bytes)
    UET_PDS_NACK = 10,    //!< negative acknowledgement
    UET_PDS_CONTROL = 11, //!< control packet (ACK request, credit, close, ...)
};

/**
 * \ingroup ai-fabric
 * \brief The 4-bit "next header" field of the PDS prologue: what follows the PDS header.
 *
 * Values 0-6 are the specification's SES header kinds. UET_NEXT_COMPACT_SES is this module's
 * compact placement header (UetSesHeader); the value is one the transcriptions list as
 * unassigned, so a UET dissector shows those 12 bytes as data instead of misreading them as a
 * specification SES header.
 */
enum UetNextHeader : uint8_t
{
    UET_NEXT_NONE = 0,           //!< nothing follows (pure ACK, NACK)
    UET_NEXT_REQUEST_SMALL = 1,  //!< SES small request header
    UET_NEXT_REQUEST_MEDIUM = 2, //!< SES medium request header
    UET_NEXT_REQUEST_STD = 3,    //!< SES standard request header
    UET_NEXT_RESPONSE = 4,       //!< SES response
    UET_NEXT_COMPACT_SES = 15,   //!< ai-fabric's compact placement header (UetSesHeader)
};

/**
 * \ingroup ai-fabric
 * \brief NACK codes used by the module (UE 1.0, PDS NACK codes).
 */
enum UetNackCode : uint8_t
{
    UET_NACK_TRIMMED = 0x01,         //!< the packet was trimmed by a switch; retransmit it
    UET_NACK_TRIMMED_LASTHOP = 0x02, //!< trimmed at the last-hop switch
    UET_NACK_NO_PDC = 0x04,          //!< no PDC resource available at the target
    UET_NACK_NO_PKT_BUFFER = 0x07,   //!< no packet buffer at the target
    UET_NACK_PSN_OOR_WINDOW = 0x0b,  //!< PSN outside the receiver's tracking window
    UET_NACK_ROD_OOO = 0x0d,         //!< out-of-order PSN on a ROD PDC
    UET_NACK_RCVR_INFER_LOSS = 0x1a, //!< the receiver infers the PSN was lost
};

/**
 * \ingroup ai-fabric
 * \brief Control packet types, the 4-bit field that takes the next header's place in the
 * prologue of a PDS control packet (UE 1.0, PDS control packet types).
 */
enum UetControlType : uint8_t
{
    UET_CTL_NOOP = 0,       //!< no operation
    UET_CTL_ACK_REQ = 1,    //!< request for an ACK
    UET_CTL_CLEAR = 2,      //!< clear command
    UET_CTL_CLEAR_REQ = 3,  //!< request for a clear
    UET_CTL_CLOSE = 4,      //!< close command
    UET_CTL_CLOSE_REQ = 5,  //!< request to close
    UET_CTL_PROBE = 6,      //!< probe
    UET_CTL_CREDIT = 7,     //!< credit grant (receiver to sender)
    UET_CTL_CREDIT_REQ = 8, //!< request for credit (sender to receiver)
};

/**
 * \ingroup ai-fabric
 * \brief The PDS type of a packet that starts with a PDS header.
 * \param packet the packet (PDS prologue first, i.e. after the UDP header)
 * \return the 5-bit type, 0 if the packet is shorter than the 2-byte prologue
 */
uint8_t UetPeekPdsType(Ptr<const Packet> packet);

/**
 * \ingroup ai-fabric
 * \brief PDS RUD/ROD request header (UE 1.0 section 3.5.10, Table 3-33; 12 bytes).
 *
 * Layout: type (5) | next header (4) | reserved (2) RETX (1) AR (1) SYN (1) reserved (2) |
 * clear PSN offset (16, signed) | PSN (32) | source PDC id (16) | destination PDC id (16).
 * The clear PSN is PSN + offset: the sender's statement that every PSN up to it has been
 * acknowledged, so the receiver may release its state for them.
 */
class UetPdsRequestHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 12; //!< serialized bytes

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief The clear PSN (PSN + clear PSN offset, modulo 2^32).
     * \return the PSN
     */
    uint32_t GetClearPsn() const;

    uint8_t type{UET_PDS_RUD_REQ};            //!< UET_PDS_RUD_REQ or UET_PDS_ROD_REQ
    uint8_t nextHeader{UET_NEXT_COMPACT_SES}; //!< UetNextHeader
    bool retransmit{false};                   //!< RETX: this is a retransmission
    bool ackRequest{false};                   //!< AR: the receiver should ACK at once
    bool syn{false};                          //!< SYN: the first packets of a new PDC
    int16_t clearPsnOffset{0};                //!< clear PSN minus PSN
    uint32_t psn{0};                          //!< packet sequence number
    uint16_t sourcePdcId{0};                  //!< the sender's PDC id
    uint16_t destPdcId{0};                    //!< the receiver's PDC id (0 while SYN)
};

/**
 * \ingroup ai-fabric
 * \brief PDS ACK header: plain ACK (Table 3-35; 12 bytes) or ACK_CC (Table 3-36; 32 bytes).
 *
 * Common part: type (5) | next header (4) | reserved (1) M (1) RETX (1) P (1) REQ (2)
 * reserved (1) | ACK PSN offset (16, signed) | cumulative ACK PSN (32) | source PDC id (16) |
 * destination PDC id (16). ACK_CC adds: CC type (4) | CC flags (4) | MPR (8) | SACK PSN offset
 * (16, signed) | SACK bitmap (64) | CC state (64).
 *
 * M (ECN marked) echoes that the acknowledged packet arrived with ECN CE. The cumulative ACK PSN
 * (CACK) is the highest PSN below which everything arrived; the ACK PSN (CACK + offset) is the
 * packet that caused this ACK. The SACK base is CACK + SACK PSN offset; bit i of the bitmap
 * (value 1 << i) says PSN base + i arrived (the bit order is this module's choice, see
 * UetSackBitmap). The type field decides the size: serializing with type UET_PDS_ACK writes only
 * the common 12 bytes.
 */
class UetPdsAckHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 12;    //!< bytes of a plain ACK
    static constexpr uint32_t CC_SIZE = 32; //!< bytes of an ACK_CC
    static constexpr uint8_t CC_NSCC = 0;   //!< CC type: NSCC state follows
    static constexpr uint8_t CC_CREDIT = 1; //!< CC type: credit (RCCC) state follows

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief The PSN that caused this ACK (CACK PSN + ACK PSN offset, modulo 2^32).
     * \return the PSN
     */
    uint32_t GetAckPsn() const;

    /**
     * \brief The PSN of bit 0 of the SACK bitmap (CACK PSN + SACK PSN offset, modulo 2^32).
     * \return the PSN
     */
    uint32_t GetSackBase() const;

    uint8_t type{UET_PDS_ACK_CC};      //!< UET_PDS_ACK or UET_PDS_ACK_CC
    uint8_t nextHeader{UET_NEXT_NONE}; //!< UetNextHeader
    bool ecnMarked{false};             //!< M: the acknowledged packet carried ECN CE
    bool retransmit{false};            //!< RETX: acknowledges a retransmitted packet
    bool probe{false};                 //!< P: answers a probe
    uint8_t request{0};                //!< REQ, 2 bits: 0 none, 1 clear PSN, 2 close PDC
    int16_t ackPsnOffset{0};           //!< ACK PSN minus CACK PSN
    uint32_t cackPsn{0};               //!< cumulative ACK PSN
    uint16_t sourcePdcId{0};           //!< the receiver's PDC id
    uint16_t destPdcId{0};             //!< the sender's PDC id
    uint8_t ccType{CC_NSCC};           //!< 4 bits (ACK_CC only)
    uint8_t ccFlags{0};                //!< 4 bits (ACK_CC only)
    uint8_t mpr{0};                    //!< maximum PSN range the receiver tracks (ACK_CC only)
    int16_t sackPsnOffset{0};          //!< SACK base minus CACK PSN (ACK_CC only)
    uint64_t sackBitmap{0};            //!< selective ACK bitmap (ACK_CC only)
    uint64_t ccState{0};               //!< CC-type specific state (ACK_CC only)
};

/**
 * \ingroup ai-fabric
 * \brief PDS NACK header (UE 1.0 section 3.5.10, Table 3-40; 16 bytes).
 *
 * Layout: type (5) | next header (4) | reserved (1) M (1) RETX (1) NT (1) reserved (3) |
 * NACK code (8) | vendor code (8) | NACK PSN (32) | source PDC id (16) | destination PDC id (16)
 * | payload (32). For a trimmed packet the code is UET_NACK_TRIMMED and the NACK PSN is the
 * trimmed packet's PSN; the payload is code specific (e.g. the highest PSN received).
 */
class UetPdsNackHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 16; //!< serialized bytes

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint8_t nextHeader{UET_NEXT_NONE};  //!< UetNextHeader
    bool ecnMarked{false};              //!< M: the NACKed packet carried ECN CE
    bool retransmit{false};             //!< RETX: the NACKed packet was a retransmission
    bool nackType{false};               //!< NT: NACK type bit
    uint8_t nackCode{UET_NACK_TRIMMED}; //!< UetNackCode
    uint8_t vendorCode{0};              //!< vendor-defined detail
    uint32_t nackPsn{0};                //!< the PSN the NACK is about
    uint16_t sourcePdcId{0};            //!< the receiver's PDC id
    uint16_t destPdcId{0};              //!< the sender's PDC id
    uint32_t payload{0};                //!< code-specific payload
};

/**
 * \ingroup ai-fabric
 * \brief PDS control packet header (UE 1.0 section 3.5.10, control packet; 16 bytes).
 *
 * Layout: type (5, UET_PDS_CONTROL) | control type (4) | reserved (2) RETX (1) AR (1) SYN (1)
 * reserved (2) | probe opaque (16) | PSN (32) | source PDC id (16) | destination PDC id (16) |
 * payload (32). The control type sits where other PDS headers carry the next header; the flag
 * bits are those of a request. The payload's meaning depends on the control type; for the
 * credit types the module's UetTransport puts running totals in it (see there).
 */
class UetPdsControlHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 16; //!< serialized bytes

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint8_t controlType{UET_CTL_NOOP}; //!< UetControlType
    bool retransmit{false};            //!< RETX: a repeated control packet
    bool ackRequest{false};            //!< AR: the receiver should ACK
    bool syn{false};                   //!< SYN: the PDC is being established
    uint16_t probeOpaque{0};           //!< opaque value a probe's ACK returns
    uint32_t psn{0};                   //!< PSN (control-type specific, 0 for credits)
    uint16_t sourcePdcId{0};           //!< the sending end's PDC id
    uint16_t destPdcId{0};             //!< the receiving end's PDC id (0 while SYN)
    uint32_t payload{0};               //!< control-type specific
};

/**
 * \ingroup ai-fabric
 * \brief Compact semantic header (ai-fabric's own layout, 12 bytes) after a PDS request whose
 * next header is UET_NEXT_COMPACT_SES.
 *
 * The specification's standard SES request header is 44 bytes and addresses memory by job,
 * process and resource index; the module only needs to tell a receiver where a packet's payload
 * goes in its message, so it carries a smaller header of its own. The first two bytes keep the
 * specification's SES layout (reserved (2) opcode (6) | version (2) DC (1) IE (1) REL (1) HD (1)
 * EOM (1) SOM (1)); then message id (16) | message offset (32) | message length (32). The
 * offset is that of the packet's first payload byte in the message; the length is the whole
 * message's, so the receiver knows when it is complete. Messages are limited to 4 GiB - 1.
 * With the HD flag (header data present, 0x04 in the flags byte, as in the specification) 8 more
 * bytes follow: the 64-bit header data, which carries a caller's label with a message's first
 * packet. PDS request (12) + this header (12, or 20 with header data) fit in the 36 bytes a
 * 64-byte trimmed packet keeps after IPv4 and UDP, so a trimmed packet still says which PSN and
 * which message it was.
 */
class UetSesHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 12;            //!< serialized bytes without header data
    static constexpr uint32_t HEADER_DATA_SIZE = 8; //!< bytes the header data adds
    static constexpr uint8_t OPCODE_WRITE = 0x01;   //!< UET_WRITE (SES opcode)
    static constexpr uint8_t OPCODE_SEND = 0x05;    //!< UET_SEND (SES opcode)

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint8_t opcode{OPCODE_SEND}; //!< SES opcode, 6 bits
    bool startOfMessage{false};  //!< SOM: the packet holds the message's first byte
    bool endOfMessage{false};    //!< EOM: the packet holds the message's last byte
    uint16_t messageId{0};       //!< message id within the PDC
    uint32_t messageOffset{0};   //!< offset of this packet's payload in the message, bytes
    uint32_t messageLength{0};   //!< length of the whole message, bytes
    bool hasHeaderData{false};   //!< HD: the 64-bit header data follows
    uint64_t headerData{0};      //!< header data (only with HD)
};

/**
 * \ingroup ai-fabric
 * \brief A 64-bit SACK bitmap relative to a base PSN, as carried by UetPdsAckHeader (ACK_CC).
 *
 * Bit i (value 1 << i) stands for PSN base + i; PSNs compare modulo 2^32, so a window across
 * the wrap works. A receiver marks what it holds and writes the bitmap into an ACK; a sender
 * reads it back and asks which PSNs are missing to retransmit them selectively.
 */
class UetSackBitmap
{
  public:
    static constexpr uint32_t BITS = 64; //!< PSNs a bitmap covers

    /**
     * \brief An empty bitmap starting at a base.
     * \param base the PSN of bit 0
     * \param bits initial bits
     */
    explicit UetSackBitmap(uint32_t base = 0, uint64_t bits = 0);

    /**
     * \brief Build a bitmap from the PSNs received; those outside [base, base + 64) are ignored.
     * \param base the PSN of bit 0
     * \param received PSNs received
     * \return the bitmap
     */
    static UetSackBitmap FromPsns(uint32_t base, const std::vector<uint32_t>& received);

    /**
     * \brief Read the bitmap an ACK_CC carries.
     * \param ack the header
     * \return base CACK + SACK offset and the ACK's bits
     */
    static UetSackBitmap FromAck(const UetPdsAckHeader& ack);

    /**
     * \brief Write base and bits into an ACK_CC whose cumulative ACK PSN is already set.
     * \param ack the header; sackPsnOffset and sackBitmap are set
     * \return false (and nothing written) if the base is more than 32767 PSNs from the CACK PSN,
     * which the 16-bit signed offset cannot express
     */
    bool WriteTo(UetPdsAckHeader& ack) const;

    /**
     * \brief Mark a PSN received.
     * \param psn the PSN
     * \return false if it lies outside [base, base + 64)
     */
    bool Mark(uint32_t psn);

    /**
     * \brief Whether a PSN is marked received.
     * \param psn the PSN
     * \return true if it lies in the window and its bit is set
     */
    bool IsReceived(uint32_t psn) const;

    /**
     * \brief PSNs in [base, end) that are not marked, in order; for a sender's retransmissions.
     * \param end one past the highest PSN sent (clamped to base + 64)
     * \return the missing PSNs
     */
    std::vector<uint32_t> Missing(uint32_t end) const;

    /**
     * \brief Number of PSNs marked.
     * \return 0..64
     */
    uint32_t CountReceived() const;

    /**
     * \brief The PSN of bit 0.
     * \return the base
     */
    uint32_t GetBase() const;

    /**
     * \brief The bits.
     * \return bit i for PSN base + i
     */
    uint64_t GetBits() const;

  private:
    uint32_t m_base; //!< PSN of bit 0
    uint64_t m_bits; //!< bit i: PSN m_base + i received
};

} // namespace ns3

#endif /* UET_HEADERS_H */
