/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-control-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PfcPauseHeader);
NS_OBJECT_ENSURE_REGISTERED(CreditUpdateHeader);

namespace
{
/// Minimum Ethernet payload; control frames are padded to it.
constexpr uint32_t MIN_PAYLOAD_BYTES = 46;
} // namespace

TypeId
PfcPauseHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PfcPauseHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<PfcPauseHeader>();
    return tid;
}

TypeId
PfcPauseHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
PfcPauseHeader::GetSerializedSize() const
{
    return MIN_PAYLOAD_BYTES;
}

void
PfcPauseHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(m_opcode);
    start.WriteHtonU16(m_enabled);
    for (uint16_t q : m_quanta)
    {
        start.WriteHtonU16(q);
    }
    start.WriteU8(0, MIN_PAYLOAD_BYTES - 4 - 2 * FABRIC_NUM_CLASSES);
}

uint32_t
PfcPauseHeader::Deserialize(Buffer::Iterator start)
{
    m_opcode = start.ReadNtohU16();
    m_enabled = static_cast<uint8_t>(start.ReadNtohU16() & 0xff);
    for (auto& q : m_quanta)
    {
        q = start.ReadNtohU16();
    }
    start.Next(MIN_PAYLOAD_BYTES - 4 - 2 * FABRIC_NUM_CLASSES);
    return MIN_PAYLOAD_BYTES;
}

void
PfcPauseHeader::Print(std::ostream& os) const
{
    os << "PFC";
    for (uint8_t c = 0; c < FABRIC_NUM_CLASSES; ++c)
    {
        if (IsClassEnabled(c))
        {
            os << " p" << static_cast<int>(c) << "=" << m_quanta[c];
        }
    }
}

void
PfcPauseHeader::SetClass(uint8_t priority, uint16_t quanta)
{
    const uint8_t c = priority % FABRIC_NUM_CLASSES;
    m_enabled |= static_cast<uint8_t>(1u << c);
    m_quanta[c] = quanta;
}

bool
PfcPauseHeader::IsClassEnabled(uint8_t priority) const
{
    return priority < FABRIC_NUM_CLASSES && (m_enabled & (1u << priority)) != 0;
}

uint16_t
PfcPauseHeader::GetQuanta(uint8_t priority) const
{
    return priority < FABRIC_NUM_CLASSES ? m_quanta[priority] : 0;
}

Time
PfcPauseHeader::QuantaToTime(uint16_t quanta, double rateBps)
{
    return Seconds(static_cast<double>(quanta) * BITS_PER_QUANTUM / rateBps);
}

bool
PfcPauseHeader::IsPfc() const
{
    return m_opcode == OPCODE;
}

TypeId
CreditUpdateHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CreditUpdateHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<CreditUpdateHeader>();
    return tid;
}

TypeId
CreditUpdateHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
CreditUpdateHeader::GetSerializedSize() const
{
    return MIN_PAYLOAD_BYTES;
}

void
CreditUpdateHeader::Serialize(Buffer::Iterator start) const
{
    for (uint32_t limit : m_limit)
    {
        start.WriteHtonU32(limit);
    }
    start.WriteU8(0, MIN_PAYLOAD_BYTES - 4 * FABRIC_NUM_CLASSES);
}

uint32_t
CreditUpdateHeader::Deserialize(Buffer::Iterator start)
{
    for (auto& limit : m_limit)
    {
        limit = start.ReadNtohU32();
    }
    start.Next(MIN_PAYLOAD_BYTES - 4 * FABRIC_NUM_CLASSES);
    return MIN_PAYLOAD_BYTES;
}

void
CreditUpdateHeader::Print(std::ostream& os) const
{
    os << "credits";
    for (uint8_t v = 0; v < FABRIC_NUM_CLASSES; ++v)
    {
        os << " vl" << static_cast<int>(v) << "=" << m_limit[v];
    }
}

void
CreditUpdateHeader::SetLimit(uint8_t vl, uint32_t limit)
{
    m_limit[vl % FABRIC_NUM_CLASSES] = limit;
}

uint32_t
CreditUpdateHeader::GetLimit(uint8_t vl) const
{
    return m_limit[vl % FABRIC_NUM_CLASSES];
}

} // namespace ns3
