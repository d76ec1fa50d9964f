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
    // Three 32-bit words and the EtherType: four bounds checks instead of fourteen.
    uint8_t addresses[12];
    std::copy(m_destination.begin(), m_destination.end(), addresses);
    std::copy(m_source.begin(), m_source.end(), addresses + 6);
    for (int w = 0; w < 3; ++w)
    {
        const uint8_t* b = addresses + 4 * w;
        start.WriteHtonU32((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) |
                           b[3]);
    }
    start.WriteHtonU16(m_lengthType);
}

uint32_t
FabricEthernetHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t addresses[12];
    for (int w = 0; w < 3; ++w)
    {
        const uint32_t word = start.ReadNtohU32();
        for (int k = 0; k < 4; ++k)
        {
            addresses[4 * w + k] = static_cast<uint8_t>(word >> (24 - 8 * k));
        }
    }
    std::copy(addresses, addresses + 6, m_destination.begin());
    std::copy(addresses + 6, addresses + 12, m_source.begin());
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
