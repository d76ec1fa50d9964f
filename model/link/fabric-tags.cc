/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-tags.h"

#include "ns3/ib-headers.h"

namespace ns3
{

namespace
{
constexpr uint16_t IPV4_ETHERTYPE = 0x0800; //!< EtherType of IPv4
} // namespace

NS_OBJECT_ENSURE_REGISTERED(FabricPacketTag);

TypeId
FabricPacketTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricPacketTag")
                            .SetParent<Tag>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricPacketTag>();
    return tid;
}

TypeId
FabricPacketTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
FabricPacketTag::GetSerializedSize() const
{
    return 2;
}

void
FabricPacketTag::Serialize(TagBuffer i) const
{
    i.WriteU8(m_priority);
    i.WriteU8((m_trimmable ? 1 : 0) | (m_trimmed ? 2 : 0));
}

void
FabricPacketTag::Deserialize(TagBuffer i)
{
    m_priority = i.ReadU8();
    const uint8_t flags = i.ReadU8();
    m_trimmable = (flags & 1) != 0;
    m_trimmed = (flags & 2) != 0;
}

void
FabricPacketTag::Print(std::ostream& os) const
{
    os << "priority=" << static_cast<int>(m_priority) << " trimmable=" << m_trimmable
       << " trimmed=" << m_trimmed;
}

void
FabricPacketTag::SetPriority(uint8_t priority)
{
    m_priority = priority % FABRIC_NUM_CLASSES;
}

uint8_t
FabricPacketTag::GetPriority() const
{
    return m_priority;
}

void
FabricPacketTag::SetTrimmable(bool trimmable)
{
    m_trimmable = trimmable;
}

bool
FabricPacketTag::IsTrimmable() const
{
    return m_trimmable;
}

void
FabricPacketTag::SetTrimmed(bool trimmed)
{
    m_trimmed = trimmed;
}

bool
FabricPacketTag::IsTrimmed() const
{
    return m_trimmed;
}

int
FabricTaggedPriority(const Ptr<const Packet>& packet)
{
    // Most packets carry no tag at all: the list's head says so without building a tag.
    if (!packet->GetPacketTagIterator().HasNext())
    {
        return -1;
    }
    FabricPacketTag tag;
    return packet->PeekPacketTag(tag) ? tag.GetPriority() : -1;
}

uint8_t
FabricPriorityOfHeader(const uint8_t* b, uint32_t n, uint16_t protocol)
{
    if (n < 2)
    {
        return 0;
    }
    if (protocol == IB_ETHERTYPE)
    {
        // The LRH service level; with SL to VL identity the class is the SL (IBA SL2VL tables
        // map 16 SLs onto the data VLs: here onto the 8 classes).
        return static_cast<uint8_t>((b[1] >> 4) % FABRIC_NUM_CLASSES);
    }
    // The IPv4 class selector (DSCP >> 3), as switches map DSCP to priorities in RoCE
    // deployments.
    if ((protocol != 0 && protocol != IPV4_ETHERTYPE) || (b[0] >> 4) != 4)
    {
        return 0;
    }
    return static_cast<uint8_t>(b[1] >> 5);
}

uint8_t
FabricPriorityOf(Ptr<const Packet> packet, bool ethernetFramed, uint16_t protocol)
{
    const int tagged = FabricTaggedPriority(packet);
    if (tagged >= 0)
    {
        return static_cast<uint8_t>(tagged);
    }
    // No tag: what the headers say. Only the first bytes are read: no copy of the packet.
    uint8_t b[16] = {};
    const uint32_t n = packet->CopyData(b, sizeof(b));
    if (!ethernetFramed)
    {
        return FabricPriorityOfHeader(b, n, protocol);
    }
    if (n < 14)
    {
        return 0;
    }
    return FabricPriorityOfHeader(b + 14, n - 14, static_cast<uint16_t>((b[12] << 8) | b[13]));
}

} // namespace ns3
