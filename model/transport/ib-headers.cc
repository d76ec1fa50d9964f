/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ib-headers.h"

#include <boost/crc.hpp>
#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IbBthHeader);
NS_OBJECT_ENSURE_REGISTERED(IbAethHeader);

TypeId
IbBthHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbBthHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbBthHeader>();
    return tid;
}

TypeId
IbBthHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IbBthHeader::GetSerializedSize() const
{
    return 12;
}

void
IbBthHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(opcode);
    start.WriteU8((solicitedEvent ? 0x80 : 0) | (migReq ? 0x40 : 0) | ((padCount & 3) << 4));
    start.WriteHtonU16(pKey);
    start.WriteU8((fecn ? 0x80 : 0) | (becn ? 0x40 : 0));
    start.WriteU8((destQp >> 16) & 0xff);
    start.WriteHtonU16(destQp & 0xffff);
    start.WriteU8(ackRequest ? 0x80 : 0);
    start.WriteU8((psn >> 16) & 0xff);
    start.WriteHtonU16(psn & 0xffff);
}

uint32_t
IbBthHeader::Deserialize(Buffer::Iterator start)
{
    opcode = start.ReadU8();
    const uint8_t flags = start.ReadU8();
    solicitedEvent = (flags & 0x80) != 0;
    migReq = (flags & 0x40) != 0;
    padCount = (flags >> 4) & 3;
    pKey = start.ReadNtohU16();
    const uint8_t cn = start.ReadU8();
    fecn = (cn & 0x80) != 0;
    becn = (cn & 0x40) != 0;
    destQp = uint32_t(start.ReadU8()) << 16;
    destQp |= start.ReadNtohU16();
    ackRequest = (start.ReadU8() & 0x80) != 0;
    psn = uint32_t(start.ReadU8()) << 16;
    psn |= start.ReadNtohU16();
    return 12;
}

void
IbBthHeader::Print(std::ostream& os) const
{
    os << "BTH opcode=0x" << std::hex << int(opcode) << std::dec << " qp=" << destQp
       << " psn=" << psn << (ackRequest ? " A" : "") << (fecn ? " FECN" : "")
       << (becn ? " BECN" : "");
}

TypeId
IbAethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbAethHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbAethHeader>();
    return tid;
}

TypeId
IbAethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IbAethHeader::GetSerializedSize() const
{
    return 4;
}

void
IbAethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(syndrome);
    start.WriteU8((msn >> 16) & 0xff);
    start.WriteHtonU16(msn & 0xffff);
}

uint32_t
IbAethHeader::Deserialize(Buffer::Iterator start)
{
    syndrome = start.ReadU8();
    msn = uint32_t(start.ReadU8()) << 16;
    msn |= start.ReadNtohU16();
    return 4;
}

void
IbAethHeader::Print(std::ostream& os) const
{
    os << "AETH syndrome=0x" << std::hex << int(syndrome) << std::dec << " msn=" << msn;
}

uint32_t
RoceIcrc(Ptr<const Packet> ipPacket)
{
    const uint32_t size = ipPacket->GetSize();
    std::vector<uint8_t> bytes(8 + size, 0xff);
    ipPacket->CopyData(bytes.data() + 8, size);
    uint8_t* ip = bytes.data() + 8;
    const uint32_t ihl = (ip[0] & 0x0f) * 4u;
    // Variant fields become ones: IPv4 TOS (DSCP, ECN), TTL, header checksum; UDP checksum;
    // the BTH reserved byte (FECN/BECN in InfiniBand).
    ip[1] = 0xff;
    ip[8] = 0xff;
    ip[10] = 0xff;
    ip[11] = 0xff;
    if (size >= ihl + 8 + 12)
    {
        ip[ihl + 6] = 0xff;
        ip[ihl + 7] = 0xff;
        ip[ihl + 8 + 4] = 0xff;
    }
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    return crc.checksum();
}

} // namespace ns3
