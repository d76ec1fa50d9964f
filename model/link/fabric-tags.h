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
 * \ingroup ai-fabric
 * \brief What a sender says about a packet to the fabric: its traffic class and whether a switch
 * may trim it to its headers instead of dropping it.
 *
 * Transports set it; a packet without it is classified by FabricPriorityOf() from its first
 * bytes (InfiniBand-style LRH service level, IPv4 DSCP class selector) or, failing that, class 0.
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

} // namespace ns3

#endif /* FABRIC_TAGS_H */
