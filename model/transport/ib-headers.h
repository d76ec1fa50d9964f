/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IB_HEADERS_H
#define IB_HEADERS_H

#include "ns3/header.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{

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
 * \brief The RoCEv2 invariant CRC (IBA Annex A17.3.3) of an IPv4 packet carrying UDP and a BTH:
 * CRC-32 over 8 bytes of ones followed by the packet with the variant fields set to ones (IPv4
 * TOS, TTL and header checksum; UDP checksum; the BTH's reserved byte after the P_Key).
 * \param ipPacket the IPv4 packet (header first), without the ICRC trailer
 * \return the ICRC value, as it is appended (little-endian on the wire, like Ethernet's FCS)
 */
uint32_t RoceIcrc(Ptr<const Packet> ipPacket);

} // namespace ns3

#endif /* IB_HEADERS_H */
