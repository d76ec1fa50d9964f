/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ib-headers.h"

#include "ns3/log.h"

#include <boost/crc.hpp>
#include <ostream>
#include <streambuf>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IbHeaders");

NS_OBJECT_ENSURE_REGISTERED(IbLrhHeader);
NS_OBJECT_ENSURE_REGISTERED(IbBthHeader);
NS_OBJECT_ENSURE_REGISTERED(IbAethHeader);
NS_OBJECT_ENSURE_REGISTERED(IbCrcTrailer);

namespace
{

/// The VCRC: CRC-16, polynomial 0x100B, initial value and final XOR 0xFFFF, reflected (IBA 7.8.2).
using IbVcrcType = boost::crc_optimal<16, 0x100B, 0xFFFF, 0xFFFF, true, true>;

/// Offset of the BTH reserved byte (FECN, BECN) within the BTH.
constexpr uint32_t BTH_RESV8A_OFFSET = 4;

/// A byte of a packet that a CRC sees with some bits forced to ones (a variant field).
struct ByteMask
{
    uint32_t offset; //!< byte offset in the packet
    uint8_t ones;    //!< bits set to one
};

/**
 * \brief A stream buffer that feeds what is written to it into a CRC, forcing the masked bytes'
 * bits to ones on the way. Packet::CopyData(std::ostream*, ...) writes a packet into it, so a CRC
 * over a packet needs no copy of the packet (its zero-filled payload is written in chunks).
 * \tparam Crc a boost::crc_optimal type
 */
template <typename Crc>
class CrcSink : public std::streambuf
{
  public:
    /**
     * \brief Feed a CRC.
     * \param crc the CRC (state kept by the caller)
     * \param masks masked bytes, in increasing offset order
     * \param nMasks how many
     */
    CrcSink(Crc& crc, const ByteMask* masks, std::size_t nMasks)
        : m_crc(crc),
          m_masks(masks),
          m_nMasks(nMasks)
    {
    }

  protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        const auto* p = reinterpret_cast<const uint8_t*>(s);
        const uint64_t end = m_offset + static_cast<uint64_t>(n);
        while (m_next < m_nMasks && m_masks[m_next].offset < end)
        {
            const uint64_t before = m_masks[m_next].offset - m_offset;
            m_crc.process_bytes(p, before);
            m_crc.process_byte(static_cast<uint8_t>(p[before] | m_masks[m_next].ones));
            p += before + 1;
            m_offset += before + 1;
            ++m_next;
        }
        m_crc.process_bytes(p, end - m_offset);
        m_offset = end;
        return n;
    }

    int_type overflow(int_type c) override
    {
        if (!traits_type::eq_int_type(c, traits_type::eof()))
        {
            const char ch = traits_type::to_char_type(c);
            xsputn(&ch, 1);
        }
        return traits_type::not_eof(c);
    }

  private:
    Crc& m_crc;              //!< the CRC fed
    const ByteMask* m_masks; //!< masked bytes
    std::size_t m_nMasks;    //!< how many
    std::size_t m_next{0};   //!< next mask to apply
    uint64_t m_offset{0};    //!< bytes fed so far
};

/**
 * \brief Feed a whole packet into a CRC, with some bytes' bits forced to ones.
 * \tparam Crc a boost::crc_optimal type
 * \param crc the CRC
 * \param packet the packet
 * \param masks masked bytes, in increasing offset order
 * \param nMasks how many
 */
template <typename Crc>
void
FeedPacket(Crc& crc, Ptr<const Packet> packet, const ByteMask* masks, std::size_t nMasks)
{
    CrcSink<Crc> sink(crc, masks, nMasks);
    std::ostream os(&sink);
    packet->CopyData(&os, packet->GetSize());
}

/**
 * \brief The VCRC of a packet whose ICRC is not in the packet (held by its trailer object).
 * \param packet the packet from the LRH through the payload
 * \param icrc its ICRC, fed as it is written on the wire (least significant byte first)
 * \return the VCRC
 */
uint16_t
VcrcWithIcrc(Ptr<const Packet> packet, uint32_t icrc)
{
    IbVcrcType crc;
    FeedPacket(crc, packet, nullptr, 0);
    const uint8_t wire[4] = {static_cast<uint8_t>(icrc),
                             static_cast<uint8_t>(icrc >> 8),
                             static_cast<uint8_t>(icrc >> 16),
                             static_cast<uint8_t>(icrc >> 24)};
    crc.process_bytes(wire, sizeof(wire));
    return crc.checksum();
}

} // namespace

TypeId
IbLrhHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbLrhHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbLrhHeader>();
    return tid;
}

TypeId
IbLrhHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IbLrhHeader::GetSerializedSize() const
{
    return SIZE;
}

void
IbLrhHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(((vl & 0x0f) << 4) | (lver & 0x0f));
    start.WriteU8(((sl & 0x0f) << 4) | (lnh & 0x03));
    start.WriteHtonU16(dlid);
    start.WriteHtonU16(pktLen & MAX_PKT_LEN);
    start.WriteHtonU16(slid);
}

uint32_t
IbLrhHeader::Deserialize(Buffer::Iterator start)
{
    const uint8_t b0 = start.ReadU8();
    vl = b0 >> 4;
    lver = b0 & 0x0f;
    const uint8_t b1 = start.ReadU8();
    sl = b1 >> 4;
    lnh = b1 & 0x03;
    dlid = start.ReadNtohU16();
    pktLen = start.ReadNtohU16() & MAX_PKT_LEN;
    slid = start.ReadNtohU16();
    return SIZE;
}

void
IbLrhHeader::Print(std::ostream& os) const
{
    os << "LRH vl=" << int(vl) << " sl=" << int(sl) << " lnh=" << int(lnh) << " dlid=" << dlid
       << " slid=" << slid << " len=" << pktLen;
}

uint16_t
IbLrhHeader::LengthWords(uint32_t bytesThroughIcrc)
{
    return static_cast<uint16_t>((bytesThroughIcrc + 3) / 4);
}

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
    return SIZE;
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
    return SIZE;
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

TypeId
IbCrcTrailer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbCrcTrailer")
                            .SetParent<Trailer>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbCrcTrailer>();
    return tid;
}

TypeId
IbCrcTrailer::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IbCrcTrailer::GetSerializedSize() const
{
    return SIZE;
}

void
IbCrcTrailer::Serialize(Buffer::Iterator start) const
{
    start.Prev(SIZE);
    start.WriteHtolsbU32(icrc);
    start.WriteHtolsbU16(vcrc);
}

uint32_t
IbCrcTrailer::Deserialize(Buffer::Iterator end)
{
    end.Prev(SIZE);
    icrc = end.ReadLsbtohU32();
    vcrc = end.ReadLsbtohU16();
    return SIZE;
}

void
IbCrcTrailer::Print(std::ostream& os) const
{
    os << "ICRC=0x" << std::hex << icrc << " VCRC=0x" << vcrc << std::dec;
}

uint32_t
RoceIcrc(Ptr<const Packet> ipPacket)
{
    uint8_t first;
    ipPacket->CopyData(&first, 1);
    const uint32_t ihl = (first & 0x0f) * 4u;
    // Variant fields become ones: IPv4 TOS (DSCP, ECN), TTL, header checksum; UDP checksum;
    // the BTH reserved byte (FECN/BECN in InfiniBand).
    const ByteMask masks[] = {{1, 0xff},
                              {8, 0xff},
                              {10, 0xff},
                              {11, 0xff},
                              {ihl + 6, 0xff},
                              {ihl + 7, 0xff},
                              {ihl + 8 + BTH_RESV8A_OFFSET, 0xff}};
    const bool hasBth = ipPacket->GetSize() >= ihl + 8 + IbBthHeader::SIZE;
    // The 8 bytes of ones stand for the LRH that RoCEv2 does not carry.
    const uint8_t ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    boost::crc_32_type crc;
    crc.process_bytes(ones, sizeof(ones));
    FeedPacket(crc, ipPacket, masks, hasBth ? 7 : 4);
    return crc.checksum();
}

uint32_t
IbLocalIcrc(Ptr<const Packet> packet)
{
    // Variant fields of a local packet become ones: the LRH's VL (upper nibble of its first
    // byte), which switches may remap per hop, and the BTH's reserved byte (FECN, BECN).
    const ByteMask masks[] = {{0, 0xf0}, {IbLrhHeader::SIZE + BTH_RESV8A_OFFSET, 0xff}};
    boost::crc_32_type crc;
    FeedPacket(crc, packet, masks, 2);
    return crc.checksum();
}

uint16_t
IbVcrc(Ptr<const Packet> packet)
{
    IbVcrcType crc;
    FeedPacket(crc, packet, nullptr, 0);
    return crc.checksum();
}

void
IbAddCrcs(Ptr<Packet> packet)
{
    IbCrcTrailer crcs;
    crcs.icrc = IbLocalIcrc(packet);
    crcs.vcrc = VcrcWithIcrc(packet, crcs.icrc);
    packet->AddTrailer(crcs);
}

bool
IbMarkFecn(Ptr<Packet> packet)
{
    constexpr uint32_t resv8a = IbLrhHeader::SIZE + BTH_RESV8A_OFFSET;
    uint8_t b[resv8a + 1];
    if (packet->GetSize() < IbLrhHeader::SIZE + IbBthHeader::SIZE + IbCrcTrailer::SIZE ||
        packet->CopyData(b, sizeof(b)) != sizeof(b))
    {
        return false;
    }
    if ((b[1] & 0x03) != IbLrhHeader::LNH_IBA_LOCAL || (b[resv8a] & 0x80) != 0)
    {
        return false;
    }
    IbLrhHeader lrh;
    IbBthHeader bth;
    packet->RemoveHeader(lrh);
    packet->RemoveHeader(bth);
    bth.fecn = true;
    packet->AddHeader(bth);
    packet->AddHeader(lrh);
    IbCrcTrailer crcs;
    packet->RemoveTrailer(crcs);
    crcs.vcrc = VcrcWithIcrc(packet, crcs.icrc);
    packet->AddTrailer(crcs);
    return true;
}

} // namespace ns3
