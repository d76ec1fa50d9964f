/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ib-transport.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-tags.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IbTransport");
NS_OBJECT_ENSURE_REGISTERED(IbTransport);

TypeId
IbTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbTransport")
                            .SetParent<RcTransport>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbTransport>();
    return tid;
}

IbTransport::IbTransport() = default;
IbTransport::~IbTransport() = default;

std::string
IbTransport::GetName() const
{
    return "ib";
}

std::string
IbTransport::DefaultCongestionControl() const
{
    return "ns3::IbCongestionControl";
}

uint32_t
IbTransport::HeaderBytes() const
{
    return HEADER_BYTES;
}

Ptr<Packet>
IbTransport::Frame(QueuePair& qp,
                   const IbBthHeader& bth,
                   const Header* extension,
                   uint32_t payloadBytes,
                   bool data,
                   uint16_t& protocol)
{
    protocol = IB_ETHERTYPE;
    Ptr<Packet> packet = Create<Packet>(payloadBytes);
    if (extension)
    {
        packet->AddHeader(*extension);
    }
    packet->AddHeader(bth);
    const uint8_t cls = data ? m_nic->GetDataClass() : m_nic->GetControlClass();
    IbLrhHeader lrh;
    lrh.vl = cls;
    lrh.sl = cls;
    lrh.dlid = FabricAddressPlan::LidOfGpu(qp.peer);
    lrh.slid = FabricAddressPlan::LidOfGpu(m_nic->GetGpu());
    lrh.pktLen = IbLrhHeader::LengthWords(IbLrhHeader::SIZE + packet->GetSize() + 4);
    packet->AddHeader(lrh);
    if (m_computeIcrc)
    {
        IbAddCrcs(packet);
    }
    else
    {
        packet->AddTrailer(IbCrcTrailer());
    }
    return packet;
}

bool
IbTransport::Unframe(Ptr<Packet> packet, uint16_t protocol, RcFrame& frame)
{
    if (protocol != IB_ETHERTYPE)
    {
        return false;
    }
    IbLrhHeader lrh;
    packet->RemoveHeader(lrh);
    const int64_t peer = FabricAddressPlan::GpuOfLid(lrh.slid);
    if (lrh.lnh != IbLrhHeader::LNH_IBA_LOCAL || peer < 0)
    {
        return false;
    }
    frame.peer = static_cast<uint32_t>(peer);
    packet->RemoveHeader(frame.bth);
    frame.congested = frame.bth.fecn;
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
    frame.payload = rest > IbCrcTrailer::SIZE ? rest - IbCrcTrailer::SIZE : 0;
    return true;
}

void
IbTransport::NotifyCongestion(QueuePair& qp)
{
    // The next ACK, sent at once, carries the BECN back to the source.
    qp.becnPending = true;
}

} // namespace ns3
