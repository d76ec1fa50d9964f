/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-ethernet-header.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FabricEthernetHeader);

MacBytes
ToMacBytes(const Mac48Address& mac)
{
    MacBytes bytes;
    mac.CopyTo(bytes.data());
    return bytes;
}

Mac48Address
ToMac48Address(const MacBytes& bytes)
{
    Mac48Address mac;
    mac.CopyFrom(bytes.data());
    return mac;
}

TypeId
FabricEthernetHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricEthernetHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricEthernetHeader>();
    return tid;
}

TypeId
FabricEthernetHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

FabricEthernetHeader::FabricEthernetHeader() = default;

FabricEthernetHeader::FabricEthernetHeader(const MacBytes& destination,
                                           const MacBytes& source,
                                           uint16_t lengthType)
    : m_destination(destination),
      m_source(source),
      m_lengthType(lengthType)
{
}

const MacBytes&
FabricEthernetHeader::GetDestination() const
{
    return m_destination;
}

const MacBytes&
FabricEthernetHeader::GetSource() const
{
    return m_source;
}

uint16_t
FabricEthernetHeader::GetLengthType() const
{
    return m_lengthType;
}

bool
FabricEthernetHeader::IsBroadcast(const MacBytes& mac)
{
    for (uint8_t b : mac)
    {
        if (b != 0xff)
        {
            return false;
        }
    }
    return true;
}

bool
FabricEthernetHeader::IsGroup(const MacBytes& mac)
{
    return (mac[0] & 0x01) != 0;
}

uint32_t
FabricEthernetHeader::GetSerializedSize() const
{
    return SIZE;
}

void
FabricEthernetHeader::Serialize(Buffer::Iterator start) const
{
    // One block write: the per-field writes each check bounds in a call into ns-3's library.
    uint8_t bytes[SIZE];
    std::copy(m_destination.begin(), m_destination.end(), bytes);
    std::copy(m_source.begin(), m_source.end(), bytes + 6);
    bytes[12] = static_cast<uint8_t>(m_lengthType >> 8);
    bytes[13] = static_cast<uint8_t>(m_lengthType);
    start.Write(bytes, SIZE);
}

uint32_t
FabricEthernetHeader::Deserialize(Buffer::Iterator start)
{
    for (uint8_t& b : m_destination)
    {
        b = start.ReadU8();
    }
    for (uint8_t& b : m_source)
    {
        b = start.ReadU8();
    }
    m_lengthType = start.ReadNtohU16();
    return SIZE;
}

void
FabricEthernetHeader::Print(std::ostream& os) const
{
    auto mac = [&os](const MacBytes& m) {
        for (std::size_t i = 0; i < m.size(); ++i)
        {
            os << (i ? ":" : "") << std::hex << std::setw(2) << std::setfill('0') << int(m[i]);
        }
        os << std::dec << std::setfill(' ');
    };
    os << "length/type=0x" << std::hex << m_lengthType << std::dec << ", source=";
    mac(m_source);
    os << ", destination=";
    mac(m_destination);
}

} // namespace ns3
