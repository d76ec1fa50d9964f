/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-tags.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FabricPacketTag);
NS_OBJECT_ENSURE_REGISTERED(FabricHopTag);

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

TypeId
FabricHopTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricHopTag")
                            .SetParent<Tag>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricHopTag>();
    return tid;
}

TypeId
FabricHopTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
FabricHopTag::GetSerializedSize() const
{
    return 2 + 1 + 1 + 4 + 4;
}

void
FabricHopTag::Serialize(TagBuffer i) const
{
    i.WriteU16(ingressPort);
    i.WriteU8(priority);
    i.WriteU8(charge);
    i.WriteU32(bytes);
    i.WriteU32(creditBlocks);
}

void
FabricHopTag::Deserialize(TagBuffer i)
{
    ingressPort = i.ReadU16();
    priority = i.ReadU8();
    charge = i.ReadU8();
    bytes = i.ReadU32();
    creditBlocks = i.ReadU32();
}

void
FabricHopTag::Print(std::ostream& os) const
{
    os << "in=" << ingressPort << " class=" << static_cast<int>(priority)
       << " charge=" << static_cast<int>(charge) << " bytes=" << bytes
       << " blocks=" << creditBlocks;
}

uint8_t
FabricPriorityOf(Ptr<const Packet> packet, bool ethernetFramed)
{
    FabricHopTag hop;
    if (packet->PeekPacketTag(hop))
    {
        return hop.priority % FABRIC_NUM_CLASSES;
    }
    FabricPacketTag tag;
    if (packet->PeekPacketTag(tag))
    {
        return tag.GetPriority();
    }
    // No tag: fall back on the IPv4 class selector (DSCP >> 3), as switches map DSCP to
    // priorities in RoCE deployments. Only the first bytes are read: no copy of the packet.
    uint8_t b[16] = {};
    const uint32_t n = packet->CopyData(b, sizeof(b));
    uint32_t ip = 0;
    if (ethernetFramed)
    {
        if (n < 16 || ((b[12] << 8) | b[13]) != 0x0800)
        {
            return 0;
        }
        ip = 14;
    }
    if (n < ip + 2 || (b[ip] >> 4) != 4)
    {
        return 0;
    }
    return static_cast<uint8_t>(b[ip + 1] >> 5);
}

} // namespace ns3
