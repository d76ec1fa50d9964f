/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_IPV4_UDP_HEADER_H
#define FABRIC_IPV4_UDP_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The IPv4 and UDP headers of a NIC transport's packet, as one header: the same 28 bytes
 * as ns-3's Ipv4Header (version 4, IHL 5, identification 0, no flags) followed by its UdpHeader
 * (checksum 0), so every reader of those classes sees no difference.
 *
 * Transports build one per packet; this class keeps the fields as plain integers and writes them
 * inline, where Ipv4Header and UdpHeader call into ns-3's library for every field. The lengths
 * come from the bytes that follow when it is serialized: IPv4 total length = 28 + what follows,
 * UDP length = 8 + what follows. The IPv4 header checksum is written when asked for (as
 * Ipv4Header::EnableChecksum does); the UDP checksum is 0 (not used), as the transports send it.
 */
class FabricIpv4UdpHeader : public Header
{
  public:
    /// Bytes on the wire.
    static constexpr uint32_t SIZE = 28;

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

    uint32_t source{0};          //!< IPv4 source address (host order)
    uint32_t destination{0};     //!< IPv4 destination address (host order)
    uint8_t tos{0};              //!< DSCP << 2 | ECN
    uint8_t ttl{64};             //!< time to live
    uint8_t protocol{17};        //!< IP protocol (17: UDP)
    uint16_t sourcePort{0};      //!< UDP source port
    uint16_t destinationPort{0}; //!< UDP destination port
    bool ipChecksum{false};      //!< write the IPv4 header checksum
    uint16_t totalLength{0};     //!< IPv4 total length read by Deserialize (bytes)
};

} // namespace ns3

#endif /* FABRIC_IPV4_UDP_HEADER_H */
