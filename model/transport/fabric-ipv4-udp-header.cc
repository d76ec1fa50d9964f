/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-ipv4-udp-header.h"

#include "ns3/ipv4-address.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FabricIpv4UdpHeader);

namespace
{
constexpr uint32_t IPV4_BYTES = 20; //!< IPv4 header without options
} // namespace

TypeId
FabricIpv4UdpHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricIpv4UdpHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricIpv4UdpHeader>();
    return tid;
}

TypeId
FabricIpv4UdpHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
FabricIpv4UdpHeader::GetSerializedSize() const
{
    return SIZE;
}

void
FabricIpv4UdpHeader::Serialize(Buffer::Iterator start) const
{
    const uint32_t total = start.GetRemainingSize();
    uint8_t b[SIZE] = {};
    b[0] = 0x45; // version 4, IHL 5
    b[1] = tos;
    b[2] = static_cast<uint8_t>(total >> 8);
    b[3] = static_cast<uint8_t>(total);
    // Identification 0, flags and fragment offset 0 (bytes 4-7), as Ipv4Header sends them.
    b[8] = ttl;
    b[9] = protocol;
    // Header checksum (bytes 10-11) below.
    for (int k = 0; k < 4; ++k)
    {
        b[12 + k] = static_cast<uint8_t>(source >> (24 - 8 * k));
        b[16 + k] = static_cast<uint8_t>(destination >> (24 - 8 * k));
    }
    const uint32_t udpLength = total - IPV4_BYTES;
    b[20] = static_cast<uint8_t>(sourcePort >> 8);
    b[21] = static_cast<uint8_t>(sourcePort);
    b[22] = static_cast<uint8_t>(destinationPort >> 8);
    b[23] = static_cast<uint8_t>(destinationPort);
    b[24] = static_cast<uint8_t>(udpLength >> 8);
    b[25] = static_cast<uint8_t>(udpLength);
    Buffer::Iterator i = start;
    i.Write(b, SIZE);
    if (ipChecksum)
    {
        // As Ipv4Header writes it: over the 20 bytes just written.
        i = start;
        const uint16_t checksum = i.CalculateIpChecksum(IPV4_BYTES);
        i = start;
        i.Next(10);
        i.WriteU16(checksum);
    }
}

uint32_t
FabricIpv4UdpHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    i.ReadU8(); // version and IHL: transports send IHL 5 (checked by their receive path)
    tos = i.ReadU8();
    totalLength = i.ReadNtohU16();
    i.Next(4);
    ttl = i.ReadU8();
    protocol = i.ReadU8();
    i.Next(2);
    source = i.ReadNtohU32();
    destination = i.ReadNtohU32();
    sourcePort = i.ReadNtohU16();
    destinationPort = i.ReadNtohU16();
    return SIZE;
}

void
FabricIpv4UdpHeader::Print(std::ostream& os) const
{
    os << "tos 0x" << std::hex << int(tos) << std::dec << " ttl " << int(ttl) << " protocol "
       << int(protocol) << " " << Ipv4Address(source) << ":" << sourcePort << " > "
       << Ipv4Address(destination) << ":" << destinationPort;
}

} // namespace ns3
