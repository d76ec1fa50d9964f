/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_TAGS_H
#define FABRIC_TAGS_H

#include "ns3/packet.h"
#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{

/// Number of traffic classes (IEEE 802.1Q priorities, InfiniBand data virtual lanes used).
constexpr uint8_t FABRIC_NUM_CLASSES = 8;

/**
 * The low three DSCP bits (inside the class selector CSn that gives the class) of a packet a
 * switch may trim: Ultra Ethernet senders mark trimmable packets with a DSCP-TRIMMABLE codepoint.
 */
constexpr uint8_t FABRIC_DSCP_TRIMMABLE = 1;
/**
 * The low three DSCP bits of a packet a switch trimmed (the switch remarks it CSn + 3 in its trim
 * class; with class 1 that is DSCP 11, the trimmed-packet default of NVIDIA Spectrum-4 switches).
 */
constexpr uint8_t FABRIC_DSCP_TRIMMED = 3;

/**
 * \ingroup ai-fabric
 * \brief The IPv4 TOS byte of a packet: DSCP = class selector of the class plus a codepoint,
 * then the ECN bits.
 * \param cls traffic class 0..7
 * \param codepoint low three DSCP bits: 0, FABRIC_DSCP_TRIMMABLE or FABRIC_DSCP_TRIMMED
 * \param ecn the two ECN bits
 * \return the TOS byte
 */
constexpr uint8_t
FabricTos(uint8_t cls, uint8_t codepoint, uint8_t ecn)
{
    return static_cast<uint8_t>((cls << 5) | ((codepoint & 0x07) << 2) | (ecn & 0x03));
}

/**
 * \ingroup ai-fabric
 * \brief The codepoint (low three DSCP bits) of an IPv4 TOS byte.
 * \param tos the TOS byte
 * \return 0..7; FABRIC_DSCP_TRIMMABLE or FABRIC_DSCP_TRIMMED for trimming's marks
 */
constexpr uint8_t
FabricTosCodepoint(uint8_t tos)
{
    return static_cast<uint8_t>((tos >> 2) & 0x07);
}

/**
 * \ingroup ai-fabric
 * \brief What a sender says about a packet to the fabric: its traffic class and whether a switch
 * may trim it to its headers instead of dropping it.
 *
 * The fabric's own transports do not need it: they carry the class in their headers (IPv4 DSCP
 * class selector, InfiniBand-style LRH service level) and trimming's marks in DSCP codepoints
 * (FABRIC_DSCP_TRIMMABLE, FABRIC_DSCP_TRIMMED). The tag is for other traffic, e.g. from ns-3
 * sockets; when present it overrides what the headers say. A packet with neither is class 0.
 */
class FabricPacketTag : public Tag
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief Set the traffic class.
     * \param priority 0..7
     */
    void SetPriority(uint8_t priority);
    /**
     * \brief The traffic class.
     * \return 0..7
     */
    uint8_t GetPriority() const;
    /**
     * \brief Allow or forbid trimming.
     * \param trimmable true when a switch may cut the packet to its headers
     */
    void SetTrimmable(bool trimmable);
    /**
     * \brief Whether a switch may trim the packet.
     * \return true if trimmable
     */
    bool IsTrimmable() const;
    /**
     * \brief Mark the packet as trimmed (set by the switch that cut it).
     * \param trimmed true once cut
     */
    void SetTrimmed(bool trimmed);
    /**
     * \brief Whether a switch cut the packet to its headers.
     * \return true if trimmed
     */
    bool IsTrimmed() const;

  private:
    uint8_t m_priority{0};   //!< traffic class
    bool m_trimmable{false}; //!< may be trimmed
    bool m_trimmed{false};   //!< was trimmed
};

/**
 * \ingroup ai-fabric
 * \brief The traffic class of a packet: FabricPacketTag if present, else what
 * the first bytes say: for an InfiniBand-style frame (EtherType 0x88B6) the LRH service level
 * (SL to VL identity, SL modulo the 8 classes), for IPv4 the DSCP class selector (DSCP >> 3);
 * else 0.
 * \param packet the packet
 * \param ethernetFramed true when the packet starts with an Ethernet II header
 * \param protocol the EtherType of a packet without Ethernet header; 0 when unknown (then IPv4
 *        is recognized by its version nibble); ignored when ethernetFramed
 * \return 0..7
 */
uint8_t FabricPriorityOf(Ptr<const Packet> packet, bool ethernetFramed, uint16_t protocol = 0);

/**
 * \ingroup ai-fabric
 * \brief The class a FabricPacketTag gives a packet.
 * \param packet the packet
 * \return 0..7, or -1 when the packet has no FabricPacketTag
 */
int FabricTaggedPriority(const Ptr<const Packet>& packet);

/**
 * \ingroup ai-fabric
 * \brief The class the first bytes of a network header give (see FabricPriorityOf()).
 * \param b the header's first bytes
 * \param n how many bytes b holds
 * \param protocol the EtherType; 0 when unknown (IPv4 is then recognized by its version nibble)
 * \return 0..7
 */
uint8_t FabricPriorityOfHeader(const uint8_t* b, uint32_t n, uint16_t protocol);

} // namespace ns3

#endif /* FABRIC_TAGS_H */
