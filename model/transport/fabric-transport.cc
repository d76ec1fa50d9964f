/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-transport.h"

#include "fabric-nic.h"

#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/udp-header.h"

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
}

uint8_t
FabricTransport::AddIpv4Udp(Ptr<Packet> packet,
                            uint32_t peer,
                            uint32_t nicPort,
                            uint16_t sourcePort,
                            uint16_t destPort,
                            bool data) const
{
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(destPort);
    packet->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(m_nic->AddressOf(m_nic->GetGpu(), nicPort));
    ip.SetDestination(m_nic->AddressOf(peer, nicPort));
    ip.SetProtocol(UDP_PROTOCOL);
    ip.SetTtl(64);
    ip.SetPayloadSize(packet->GetSize());
    const uint8_t cls = data ? m_nic->GetDataClass() : m_nic->GetControlClass();
    ip.SetDscp(static_cast<Ipv4Header::DscpType>(cls << 3));
    ip.SetEcn(data ? Ipv4Header::ECN_ECT0 : Ipv4Header::ECN_NotECT);
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    packet->AddHeader(ip);
    return cls;
}

void
FabricTransport::DoDispose()
{
    m_nic = nullptr;
    Object::DoDispose();
}

} // namespace ns3
