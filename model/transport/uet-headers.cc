/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uet-headers.h"

#include <bitset>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(UetPdsRequestHeader);
NS_OBJECT_ENSURE_REGISTERED(UetPdsAckHeader);
NS_OBJECT_ENSURE_REGISTERED(UetPdsNackHeader);
NS_OBJECT_ENSURE_REGISTERED(UetSesHeader);
NS_OBJECT_ENSURE_REGISTERED(UetPdsControlHeader);

namespace
{
// Flag bits of the 7-bit prologue flags field, as they sit in the prologue's low byte.
constexpr uint8_t FLAG_M = 0x20;     // ACK, NACK: ECN marked
constexpr uint8_t FLAG_RETX = 0x10;  // all: retransmission
constexpr uint8_t FLAG_AR = 0x08;    // request: ACK request (ACK: P, NACK: NT, same bit)
constexpr uint8_t FLAG_SYN = 0x04;   // request: new PDC
constexpr uint8_t ACK_REQ_SHIFT = 1; // ACK: REQ occupies bits 2..1

// SES request flags (second byte of the SES header).
constexpr uint8_t SES_FLAG_HD = 0x04;  // header data present
constexpr uint8_t SES_FLAG_EOM = 0x02; // end of message
constexpr uint8_t SES_FLAG_SOM = 0x01; // start of message

/**
 * \brief Write the 16-bit PDS prologue: type (5) | next header (4) | flags (7).
 * \param it where to write
 * \param type PDS type
 * \param next next header (or control type)
 * \param flags the 7 flag bits
 */
void
WritePrologue(Buffer::Iterator& it, uint8_t type, uint8_t next, uint8_t flags)
{
    it.WriteHtonU16(uint16_t((type & 0x1f) << 11) | uint16_t((next & 0x0f) << 7) |
                    uint16_t(flags & 0x7f));
}

/**
 * \brief Read the 16-bit PDS prologue.
 * \param it where to read
 * \param type the 5-bit type
 * \param next the 4-bit next header
 * \return the 7 flag bits
 */
uint8_t
ReadPrologue(Buffer::Iterator& it, uint8_t& type, uint8_t& next)
{
    const uint16_t word = it.ReadNtohU16();
    type = (word >> 11) & 0x1f;
    next = (word >> 7) & 0x0f;
    return word & 0x7f;
}
} // namespace

uint8_t
UetPeekPdsType(Ptr<const Packet> packet)
{
    uint8_t first = 0;
    if (packet->GetSize() < 2 || packet->CopyData(&first, 1) != 1)
    {
        return 0;
    }
    return first >> 3;
}

// ---------------------------------------------------------------------------------------------
// UetPdsRequestHeader

TypeId
UetPdsRequestHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UetPdsRequestHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<UetPdsRequestHeader>();
    return tid;
}

TypeId
UetPdsRequestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
UetPdsRequestHeader::GetSerializedSize() const
{
    return SIZE;
}

void
UetPdsRequestHeader::Serialize(Buffer::Iterator start) const
{
    WritePrologue(start,
                  type,
                  nextHeader,
                  (retransmit ? FLAG_RETX : 0) | (ackRequest ? FLAG_AR : 0) | (syn ? FLAG_SYN : 0));
    start.WriteHtonU16(uint16_t(clearPsnOffset));
    start.WriteHtonU32(psn);
    start.WriteHtonU16(sourcePdcId);
    start.WriteHtonU16(destPdcId);
}

uint32_t
UetPdsRequestHeader::Deserialize(Buffer::Iterator start)
{
    const uint8_t flags = ReadPrologue(start, type, nextHeader);
    retransmit = (flags & FLAG_RETX) != 0;
    ackRequest = (flags & FLAG_AR) != 0;
    syn = (flags & FLAG_SYN) != 0;
    clearPsnOffset = int16_t(start.ReadNtohU16());
    psn = start.ReadNtohU32();
    sourcePdcId = start.ReadNtohU16();
    destPdcId = start.ReadNtohU16();
    return SIZE;
}

void
UetPdsRequestHeader::Print(std::ostream& os) const
{
    os << (type == UET_PDS_ROD_REQ ? "PDS ROD" : "PDS RUD") << " psn=" << psn
       << " clear=" << GetClearPsn() << " spdc=" << sourcePdcId << " dpdc=" << destPdcId
       << (retransmit ? " RETX" : "") << (ackRequest ? " AR" : "") << (syn ? " SYN" : "");
}

uint32_t
UetPdsRequestHeader::GetClearPsn() const
{
    return psn + uint32_t(int32_t(clearPsnOffset));
}

// ---------------------------------------------------------------------------------------------
// UetPdsAckHeader

TypeId
UetPdsAckHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UetPdsAckHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<UetPdsAckHeader>();
    return tid;
}

TypeId
UetPdsAckHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
UetPdsAckHeader::GetSerializedSize() const
{
    return type == UET_PDS_ACK ? SIZE : CC_SIZE;
}

void
UetPdsAckHeader::Serialize(Buffer::Iterator start) const
{
    WritePrologue(start,
                  type,
                  nextHeader,
                  (ecnMarked ? FLAG_M : 0) | (retransmit ? FLAG_RETX : 0) | (probe ? FLAG_AR : 0) |
                      ((request & 3) << ACK_REQ_SHIFT));
    start.WriteHtonU16(uint16_t(ackPsnOffset));
    start.WriteHtonU32(cackPsn);
    start.WriteHtonU16(sourcePdcId);
    start.WriteHtonU16(destPdcId);
    if (type == UET_PDS_ACK)
    {
        return;
    }
    start.WriteU8(uint8_t((ccType & 0x0f) << 4) | (ccFlags & 0x0f));
    start.WriteU8(mpr);
    start.WriteHtonU16(uint16_t(sackPsnOffset));
    start.WriteHtonU64(sackBitmap);
    start.WriteHtonU64(ccState);
}

uint32_t
UetPdsAckHeader::Deserialize(Buffer::Iterator start)
{
    const uint8_t flags = ReadPrologue(start, type, nextHeader);
    ecnMarked = (flags & FLAG_M) != 0;
    retransmit = (flags & FLAG_RETX) != 0;
    probe = (flags & FLAG_AR) != 0;
    request = (flags >> ACK_REQ_SHIFT) & 3;
    ackPsnOffset = int16_t(start.ReadNtohU16());
    cackPsn = start.ReadNtohU32();
    sourcePdcId = start.ReadNtohU16();
    destPdcId = start.ReadNtohU16();
    if (type == UET_PDS_ACK)
    {
        ccType = CC_NSCC;
        ccFlags = 0;
        mpr = 0;
        sackPsnOffset = 0;
        sackBitmap = 0;
        ccState = 0;
        return SIZE;
    }
    const uint8_t cc = start.ReadU8();
    ccType = cc >> 4;
    ccFlags = cc & 0x0f;
    mpr = start.ReadU8();
    sackPsnOffset = int16_t(start.ReadNtohU16());
    sackBitmap = start.ReadNtohU64();
    ccState = start.ReadNtohU64();
    return CC_SIZE;
}

void
UetPdsAckHeader::Print(std::ostream& os) const
{
    os << (type == UET_PDS_ACK ? "PDS ACK" : "PDS ACK_CC") << " cack=" << cackPsn
       << " ack=" << GetAckPsn() << " spdc=" << sourcePdcId << " dpdc=" << destPdcId
       << (ecnMarked ? " M" : "") << (retransmit ? " RETX" : "") << (probe ? " P" : "");
    if (type != UET_PDS_ACK)
    {
        os << " sack_base=" << GetSackBase() << " sack=0x" << std::hex << sackBitmap << std::dec;
    }
}

uint32_t
UetPdsAckHeader::GetAckPsn() const
{
    return cackPsn + uint32_t(int32_t(ackPsnOffset));
}

uint32_t
UetPdsAckHeader::GetSackBase() const
{
    return cackPsn + uint32_t(int32_t(sackPsnOffset));
}

// ---------------------------------------------------------------------------------------------
// UetPdsNackHeader

TypeId
UetPdsNackHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UetPdsNackHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<UetPdsNackHeader>();
    return tid;
}

TypeId
UetPdsNackHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
UetPdsNackHeader::GetSerializedSize() const
{
    return SIZE;
}

void
UetPdsNackHeader::Serialize(Buffer::Iterator start) const
{
    WritePrologue(start,
                  UET_PDS_NACK,
                  nextHeader,
                  (ecnMarked ? FLAG_M : 0) | (retransmit ? FLAG_RETX : 0) |
                      (nackType ? FLAG_AR : 0));
    start.WriteU8(nackCode);
    start.WriteU8(vendorCode);
    start.WriteHtonU32(nackPsn);
    start.WriteHtonU16(sourcePdcId);
    start.WriteHtonU16(destPdcId);
    start.WriteHtonU32(payload);
}

uint32_t
UetPdsNackHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t type = 0;
    const uint8_t flags = ReadPrologue(start, type, nextHeader);
    ecnMarked = (flags & FLAG_M) != 0;
    retransmit = (flags & FLAG_RETX) != 0;
    nackType = (flags & FLAG_AR) != 0;
    nackCode = start.ReadU8();
    vendorCode = start.ReadU8();
    nackPsn = start.ReadNtohU32();
    sourcePdcId = start.ReadNtohU16();
    destPdcId = start.ReadNtohU16();
    payload = start.ReadNtohU32();
    return SIZE;
}

void
UetPdsNackHeader::Print(std::ostream& os) const
{
    os << "PDS NACK code=0x" << std::hex << int(nackCode) << std::dec << " psn=" << nackPsn
       << " spdc=" << sourcePdcId << " dpdc=" << destPdcId << (ecnMarked ? " M" : "")
       << (retransmit ? " RETX" : "");
}

// ---------------------------------------------------------------------------------------------
// UetSesHeader

TypeId
UetSesHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UetSesHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<UetSesHeader>();
    return tid;
}

TypeId
UetSesHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
UetSesHeader::GetSerializedSize() const
{
    return SIZE + (hasHeaderData ? HEADER_DATA_SIZE : 0);
}

void
UetSesHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(opcode & 0x3f);
    start.WriteU8((hasHeaderData ? SES_FLAG_HD : 0) | (endOfMessage ? SES_FLAG_EOM : 0) |
                  (startOfMessage ? SES_FLAG_SOM : 0));
    start.WriteHtonU16(messageId);
    start.WriteHtonU32(messageOffset);
    start.WriteHtonU32(messageLength);
    if (hasHeaderData)
    {
        start.WriteHtonU64(headerData);
    }
}

uint32_t
UetSesHeader::Deserialize(Buffer::Iterator start)
{
    opcode = start.ReadU8() & 0x3f;
    const uint8_t flags = start.ReadU8();
    hasHeaderData = (flags & SES_FLAG_HD) != 0;
    endOfMessage = (flags & SES_FLAG_EOM) != 0;
    startOfMessage = (flags & SES_FLAG_SOM) != 0;
    messageId = start.ReadNtohU16();
    messageOffset = start.ReadNtohU32();
    messageLength = start.ReadNtohU32();
    headerData = hasHeaderData ? start.ReadNtohU64() : 0;
    return GetSerializedSize();
}

void
UetSesHeader::Print(std::ostream& os) const
{
    os << "SES op=" << int(opcode) << " msg=" << messageId << " off=" << messageOffset
       << " len=" << messageLength << (startOfMessage ? " SOM" : "")
       << (endOfMessage ? " EOM" : "");
    if (hasHeaderData)
    {
        os << " hd=0x" << std::hex << headerData << std::dec;
    }
}

// ---------------------------------------------------------------------------------------------
// UetPdsControlHeader

TypeId
UetPdsControlHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UetPdsControlHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<UetPdsControlHeader>();
    return tid;
}

TypeId
UetPdsControlHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
UetPdsControlHeader::GetSerializedSize() const
{
    return SIZE;
}

void
UetPdsControlHeader::Serialize(Buffer::Iterator start) const
{
    WritePrologue(start,
                  UET_PDS_CONTROL,
                  controlType,
                  (retransmit ? FLAG_RETX : 0) | (ackRequest ? FLAG_AR : 0) | (syn ? FLAG_SYN : 0));
    start.WriteHtonU16(probeOpaque);
    start.WriteHtonU32(psn);
    start.WriteHtonU16(sourcePdcId);
    start.WriteHtonU16(destPdcId);
    start.WriteHtonU32(payload);
}

uint32_t
UetPdsControlHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t type = 0;
    const uint8_t flags = ReadPrologue(start, type, controlType);
    retransmit = (flags & FLAG_RETX) != 0;
    ackRequest = (flags & FLAG_AR) != 0;
    syn = (flags & FLAG_SYN) != 0;
    probeOpaque = start.ReadNtohU16();
    psn = start.ReadNtohU32();
    sourcePdcId = start.ReadNtohU16();
    destPdcId = start.ReadNtohU16();
    payload = start.ReadNtohU32();
    return SIZE;
}

void
UetPdsControlHeader::Print(std::ostream& os) const
{
    os << "PDS CONTROL type=" << int(controlType) << " psn=" << psn << " spdc=" << sourcePdcId
       << " dpdc=" << destPdcId << " payload=" << payload << (retransmit ? " RETX" : "")
       << (ackRequest ? " AR" : "") << (syn ? " SYN" : "");
}

// ---------------------------------------------------------------------------------------------
// UetSackBitmap

UetSackBitmap::UetSackBitmap(uint32_t base, uint64_t bits)
    : m_base(base),
      m_bits(bits)
{
}

UetSackBitmap
UetSackBitmap::FromPsns(uint32_t base, const std::vector<uint32_t>& received)
{
    UetSackBitmap sack(base);
    for (uint32_t psn : received)
    {
        sack.Mark(psn);
    }
    return sack;
}

UetSackBitmap
UetSackBitmap::FromAck(const UetPdsAckHeader& ack)
{
    return UetSackBitmap(ack.GetSackBase(), ack.sackBitmap);
}

bool
UetSackBitmap::WriteTo(UetPdsAckHeader& ack) const
{
    // The distance is taken modulo 2^32 and read as signed, so a base just below a CACK PSN near
    // the wrap still gives a small negative offset.
    const int32_t offset = int32_t(m_base - ack.cackPsn);
    if (offset < INT16_MIN || offset > INT16_MAX)
    {
        return false;
    }
    ack.sackPsnOffset = int16_t(offset);
    ack.sackBitmap = m_bits;
    return true;
}

bool
UetSackBitmap::Mark(uint32_t psn)
{
    const uint32_t index = psn - m_base;
    if (index >= BITS)
    {
        return false;
    }
    m_bits |= uint64_t(1) << index;
    return true;
}

bool
UetSackBitmap::IsReceived(uint32_t psn) const
{
    const uint32_t index = psn - m_base;
    return index < BITS && ((m_bits >> index) & 1) != 0;
}

std::vector<uint32_t>
UetSackBitmap::Missing(uint32_t end) const
{
    std::vector<uint32_t> missing;
    const uint32_t span = end - m_base;
    const uint32_t count = span < BITS ? span : BITS;
    for (uint32_t i = 0; i < count; ++i)
    {
        if (((m_bits >> i) & 1) == 0)
        {
            missing.push_back(m_base + i);
        }
    }
    return missing;
}

uint32_t
UetSackBitmap::CountReceived() const
{
    return uint32_t(std::bitset<BITS>(m_bits).count());
}

uint32_t
UetSackBitmap::GetBase() const
{
    return m_base;
}

uint64_t
UetSackBitmap::GetBits() const
{
    return m_bits;
}

} // namespace ns3
