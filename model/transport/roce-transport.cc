/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "roce-transport.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceTransport");
NS_OBJECT_ENSURE_REGISTERED(RoceTransport);

namespace
{
/// Reserved bytes after the BTH of a CNP (RoCEv2, IBA annex A17.9.3).
constexpr uint32_t CNP_RESERVED_BYTES = 16;
constexpr uint32_t ICRC_BYTES = 4;
} // namespace

TypeId
RoceTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceTransport")
                            .SetParent<RcTransport>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<RoceTransport>();
    return tid;
}

RoceTransport::RoceTransport() = default;
RoceTransport::~RoceTransport() = default;

std::string
RoceTransport::GetName() const
{
    return "roce";
}

std::string
RoceTransport::DefaultCongestionControl() const
{
    return "ns3::DcqcnCongestionControl";
}

uint32_t
RoceTransport::HeaderBytes() const
{
    return HEADER_BYTES;
}

Ptr<Packet>
RoceTransport::Frame(QueuePair& qp,
                     const IbBthHeader& bth,
                     const Header* extension,
                     uint32_t payloadBytes,
                     bool data,
                     uint16_t& protocol)
{
    protocol = IPV4_ETHERTYPE;
    Ptr<Packet> packet = Create<Packet>(payloadBytes + ICRC_BYTES);
    if (extension)
    {
        packet->AddHeader(*extension);
    }
    packet->AddHeader(bth);
    // RoCEv2 puts a flow entropy in the source port (0xC000-0xFFFF, annex A17.5.1.1).
    // The class travels in the DSCP AddIpv4Udp writes.
    AddIpv4Udp(packet,
               qp.peer,
               qp.nicPort,
               static_cast<uint16_t>(0xC000 | ((qp.remoteQpn * 2654435761u) >> 18)),
               IbBthHeader::ROCEV2_UDP_PORT,
               data);
    if (m_computeIcrc)
    {
        Ptr<Packet> covered = packet->CreateFragment(0, packet->GetSize() - ICRC_BYTES);
        const uint32_t crc = RoceIcrc(covered);
        const uint8_t bytes[ICRC_BYTES] = {static_cast<uint8_t>(crc),
                                           static_cast<uint8_t>(crc >> 8),
                                           static_cast<uint8_t>(crc >> 16),
                                           static_cast<uint8_t>(crc >> 24)};
        packet->RemoveAtEnd(ICRC_BYTES);
        packet->AddAtEnd(Create<Packet>(bytes, ICRC_BYTES));
    }
    return packet;
}

bool
RoceTransport::Unframe(Ptr<Packet> packet, uint16_t protocol, RcFrame& frame)
{
    if (protocol != IPV4_ETHERTYPE)
    {
        return false;
    }
    uint8_t b[24];
    if (packet->CopyData(b, sizeof(b)) < sizeof(b))
    {
        return false;
    }
    const uint32_t ihl = (b[0] & 0x0f) * 4u;
    if (b[9] != UDP_PROTOCOL || ihl != 20 ||
        ((uint16_t(b[22]) << 8) | b[23]) != IbBthHeader::ROCEV2_UDP_PORT)
    {
        return false;
    }
    Ipv4Header ip;
    packet->RemoveHeader(ip);
    UdpHeader udp;
    packet->RemoveHeader(udp);
    packet->RemoveHeader(frame.bth);
    const int64_t peer = FabricAddressPlan::GpuOfAddress(ip.GetSource());
    if (peer < 0)
    {
        return false;
    }
    frame.peer = static_cast<uint32_t>(peer);
    frame.congested = ip.GetEcn() == Ipv4Header::ECN_CE;
    const uint8_t op = frame.bth.opcode;
    if (op == IbBthHeader::RC_ACK)
    {
        packet->RemoveHeader(frame.aeth);
    }
    else if (op == IbBthHeader::RC_WRITE_FIRST || op == IbBthHeader::RC_WRITE_ONLY)
    {
        packet->RemoveHeader(frame.reth);
    }
    const uint32_t rest = packet->GetSize();
    frame.payload = rest > ICRC_BYTES ? rest - ICRC_BYTES : 0;
    return true;
}

void
RoceTransport::NotifyCongestion(QueuePair& qp)
{
    const Time now = Simulator::Now();
    if (qp.lastNotification != Time::Min() && now - qp.lastNotification < m_notificationInterval)
    {
        return;
    }
    qp.lastNotification = now;
    IbBthHeader bth;
    bth.opcode = IbBthHeader::ROCE_CNP;
    bth.destQp = qp.remoteQpn;
    bth.psn = 0;
    uint16_t protocol = 0;
    Ptr<Packet> cnp = Frame(qp, bth, nullptr, CNP_RESERVED_BYTES, false, protocol);
    ++m_nic->Counters().cnpsSent;
    SendControlFrame(qp, cnp, protocol);
}

void
RoceTransport::ReceiveOther(QueuePair& qp, const RcFrame& frame)
{
    if (frame.bth.opcode == IbBthHeader::ROCE_CNP)
    {
        ++m_nic->Counters().congestionNotices;
        qp.cc->OnCongestionNotification();
        return;
    }
    RcTransport::ReceiveOther(qp, frame);
}

} // namespace ns3
