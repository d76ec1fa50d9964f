/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IB_HEADERS_H
#define IB_HEADERS_H

#include "ns3/header.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/trailer.h"

#include <cstdint>

namespace ns3
{

/// EtherType of InfiniBand-style frames on the module's Ethernet-framed links (IEEE 802 local
/// experimental EtherType 2; experimental EtherType 1, 0x88B5, carries the link credit updates).
constexpr uint16_t IB_ETHERTYPE = 0x88B6;

/**
 * \ingroup ai-fabric
 * \brief InfiniBand Local Route Header (IBA Vol. 1, 7.7; 8 bytes), the first header of an
 * InfiniBand-style frame.
 *
 * Layout: VL (4) LVer (4) | SL (4) reserved (2) LNH (2) | DLID (16) | reserved (5) PktLen (11) |
 * SLID (16). PktLen counts 4-byte words from the first byte of the LRH through the last byte of
 * the ICRC: the VCRC is not included.
 */
class IbLrhHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 8;             //!< bytes on the wire
    static constexpr uint8_t LNH_RAW = 0x0;         //!< raw packet, no IBA transport
    static constexpr uint8_t LNH_IP_NON_IBA = 0x1;  //!< IPv6 (non-IBA transport) follows
    static constexpr uint8_t LNH_IBA_LOCAL = 0x2;   //!< IBA local: a BTH follows
    static constexpr uint8_t LNH_IBA_GLOBAL = 0x3;  //!< IBA global: a GRH follows
    static constexpr uint16_t MAX_PKT_LEN = 0x07ff; //!< PktLen is 11 bits

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
     * \brief The PktLen of a packet.
     * \param bytesThroughIcrc bytes from the first byte of the LRH through the ICRC (the
     *        transport pads the payload to a multiple of 4 with BTH PadCnt)
     * \return the length in 4-byte words, rounded up
     */
    static uint16_t LengthWords(uint32_t bytesThroughIcrc);

    uint8_t vl{0};              //!< virtual lane, 4 bits (switches may change it per hop)
    uint8_t lver{0};            //!< link version, 4 bits (0)
    uint8_t sl{0};              //!< service level, 4 bits
    uint8_t lnh{LNH_IBA_LOCAL}; //!< link next header, 2 bits
    uint16_t dlid{0};           //!< destination local identifier
    uint16_t pktLen{0};         //!< packet length in 4-byte words, 11 bits
    uint16_t slid{0};           //!< source local identifier
};

/**
 * \ingroup ai-fabric
 * \brief InfiniBand Base Transport Header (IBA Vol. 1, 9.2; 12 bytes), as carried by RoCEv2
 * over UDP port 4791 and by InfiniBand-style packets.
 *
 * Layout: OpCode (8) | SE (1) M (1) PadCnt (2) TVer (4) | P_Key (16) | FECN (1) BECN (1)
 * reserved (6) | DestQP (24) | AckReq (1) reserved (7) | PSN (24).
 */
class IbBthHeader : public Header
{
  public:
    /// RC opcodes used by the module (IBA Table 38) and the RoCEv2 CNP.
    enum Opcode : uint8_t
    {
        RC_SEND_FIRST = 0x00,   //!< first packet of a multi-packet SEND
        RC_SEND_MIDDLE = 0x01,  //!< middle packet of a SEND
        RC_SEND_LAST = 0x02,    //!< last packet of a SEND
        RC_SEND_ONLY = 0x04,    //!< single-packet SEND
        RC_WRITE_FIRST = 0x06,  //!< first packet of an RDMA WRITE
        RC_WRITE_MIDDLE = 0x07, //!< middle packet of an RDMA WRITE
        RC_WRITE_LAST = 0x08,   //!< last packet of an RDMA WRITE
        RC_WRITE_ONLY = 0x0a,   //!< single-packet RDMA WRITE
        RC_ACK = 0x11,          //!< acknowledge (with AETH)
        ROCE_CNP = 0x81,        //!< RoCEv2 congestion notification packet
    };

    static constexpr uint32_t SIZE = 12;              //!< bytes on the wire
    static constexpr uint16_t ROCEV2_UDP_PORT = 4791; //!< IANA port of RoCEv2
    static constexpr uint16_t DEFAULT_PKEY = 0xffff;  //!< default partition key
    static constexpr uint32_t PSN_MASK = 0x00ffffff;  //!< PSNs are 24 bits

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

    uint8_t opcode{RC_SEND_ONLY}; //!< OpCode
    bool solicitedEvent{false};   //!< SE
    bool migReq{true};            //!< M (migration state: migrated)
    uint8_t padCount{0};          //!< PadCnt, 0..3
    uint16_t pKey{DEFAULT_PKEY};  //!< partition key
    bool fecn{false};             //!< forward explicit congestion notification (IB)
    bool becn{false};             //!< backward explicit congestion notification (IB)
    uint32_t destQp{0};           //!< destination queue pair, 24 bits
    bool ackRequest{false};       //!< AckReq
    uint32_t psn{0};              //!< packet sequence number, 24 bits
};

/**
 * \ingroup ai-fabric
 * \brief InfiniBand ACK Extended Transport Header (4 bytes): syndrome (ACK, RNR NAK, NAK with
 * code) and the 24-bit message sequence number.
 */
class IbAethHeader : public Header
{
  public:
    static constexpr uint8_t SYNDROME_ACK = 0x00;         //!< ACK, credit count 0
    static constexpr uint8_t SYNDROME_NAK_PSN_SEQ = 0x60; //!< NAK: PSN sequence error

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

    uint8_t syndrome{SYNDROME_ACK}; //!< syndrome
    uint32_t msn{0};                //!< message sequence number, 24 bits
};

/**
 * \ingroup ai-fabric
 * \brief The trailer of an InfiniBand-style packet (6 bytes): the ICRC, then the VCRC, the last
 * field of the packet.
 *
 * Each is written least significant byte first, like Ethernet's FCS and like the RoCEv2 ICRC that
 * NICs put on the wire.
 */
class IbCrcTrailer : public Trailer
{
  public:
    static constexpr uint32_t SIZE = 6; //!< bytes on the wire

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

    uint32_t icrc{0}; //!< the invariant CRC (IbLocalIcrc())
    uint16_t vcrc{0}; //!< the variant CRC (IbVcrc())
};

/**
 * \brief The RoCEv2 invariant CRC (IBA Annex A17.3.3) of an IPv4 packet carrying UDP and a BTH:
 * CRC-32 over 8 bytes of ones followed by the packet with the variant fields set to ones (IPv4
 * TOS, TTL and header checksum; UDP checksum; the BTH's reserved byte after the P_Key).
 * \param ipPacket the IPv4 packet (header first), without the ICRC trailer
 * \return the ICRC value, as it is appended (little-endian on the wire, like Ethernet's FCS)
 */
uint32_t RoceIcrc(Ptr<const Packet> ipPacket);

/**
 * \brief The invariant CRC of an IBA-local packet (LRH with LNH 0x2, then BTH; IBA Vol. 1,
 * 7.8.1): CRC-32 (the Ethernet polynomial 0x04C11DB7, reflected, initial value and final XOR
 * all ones) over the packet from the LRH through the payload, with the fields a switch may change
 * set to ones: the LRH's VL and the BTH's reserved byte that carries FECN and BECN.
 * \param packet the packet from the LRH through the payload (no ICRC, no VCRC)
 * \return the ICRC, as IbCrcTrailer carries it
 */
uint32_t IbLocalIcrc(Ptr<const Packet> packet);

/**
 * \brief The variant CRC of an InfiniBand-style packet (IBA Vol. 1, 7.8.2): CRC-16 with the
 * polynomial 0x100B (x^16 + x^12 + x^3 + x + 1), reflected, initial value and final XOR 0xFFFF,
 * over every byte from the LRH through the ICRC. It covers the fields switches change, so each
 * hop that changes one recomputes it.
 * \param packet the packet from the LRH through the ICRC (no VCRC)
 * \return the VCRC, as IbCrcTrailer carries it
 */
uint16_t IbVcrc(Ptr<const Packet> packet);

/**
 * \brief Finish an IBA-local packet: append its IbCrcTrailer (ICRC, then VCRC).
 * \param packet the packet from the LRH through the payload
 */
void IbAddCrcs(Ptr<Packet> packet);

/**
 * \brief Set the BTH FECN bit of a finished IBA-local packet (LRH, BTH, ..., ICRC, VCRC) and
 * recompute its VCRC; the ICRC stays valid because it masks FECN.
 * \param packet the packet (no Ethernet header)
 * \return true if it was marked; false if it is not IBA-local or FECN was already set
 */
bool IbMarkFecn(Ptr<Packet> packet);

} // namespace ns3

#endif /* IB_HEADERS_H */
