/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-transport.h"

#include "fabric-nic.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-tags.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricTransport");
NS_OBJECT_ENSURE_REGISTERED(FabricTransport);

TypeId
FabricTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricTransport").SetParent<Object>().SetGroupName("AiFabric");
    return tid;
}

FabricTransport::FabricTransport() = default;
FabricTransport::~FabricTransport() = default;

void
FabricTransport::Attach(FabricNic* nic)
{
    m_nic = nic;
    // Asked once: Node::ChecksumEnabled() reads a global value on every call.
    m_ipChecksum = Node::ChecksumEnabled();
}

FabricIpv4UdpHeader
FabricTransport::Ipv4Udp(uint32_t peer,
                         uint32_t nicPort,
                         uint16_t sourcePort,
                         uint16_t destPort,
                         bool data) const
{
    const bool scaleUp = m_nic->IsScaleUpPort(nicPort);
    const uint8_t cls = data ? m_nic->GetDataClass() : m_nic->GetControlClass();
    FabricIpv4UdpHeader h;
    h.source = FabricAddressPlan::GpuIpv4(m_nic->GetGpu(), scaleUp);
    h.destination = FabricAddressPlan::GpuIpv4(peer, scaleUp);
    // DSCP = class selector (class x 8) in the upper six bits; ECT(0) = 2 for data. The switches
    // classify by it: the packet needs no tag.
    h.tos = FabricTos(cls, 0, data ? Ipv4Header::ECN_ECT0 : Ipv4Header::ECN_NotECT);
    h.ttl = 64;
    h.protocol = UDP_PROTOCOL;
    h.sourcePort = sourcePort;
    h.destinationPort = destPort;
    h.ipChecksum = m_ipChecksum;
    return h;
}

void
FabricTransport::AddIpv4Udp(Ptr<Packet> packet,
                            uint32_t peer,
                            uint32_t nicPort,
                            uint16_t sourcePort,
                            uint16_t destPort,
                            bool data) const
{
    packet->AddHeader(Ipv4Udp(peer, nicPort, sourcePort, destPort, data));
}

int64_t
FabricTransport::AssignStreams(int64_t /* stream */)
{
    return 0;
}

void
FabricTransport::DoDispose()
{
    m_nic = nullptr;
    Object::DoDispose();
}

} // namespace ns3
