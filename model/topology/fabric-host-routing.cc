/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-host-routing.h"

#include "fabric-address-plan.h"

#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricHostRouting");

NS_OBJECT_ENSURE_REGISTERED(FabricHostRouting);

TypeId
FabricHostRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricHostRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricHostRouting>();
    return tid;
}

void
FabricHostRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_routing = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
FabricHostRouting::Configure(uint32_t gpu,
                             Ptr<const FabricRouting> routing,
                             int32_t nicInterface,
                             int32_t scaleUpInterface)
{
    m_gpu = gpu;
    m_routing = routing;
    m_nicInterface = nicInterface;
    m_scaleUpInterface = scaleUpInterface;
}

int32_t
FabricHostRouting::InterfaceFor(Ipv4Address destination) const
{
    const int64_t dst = FabricAddressPlan::GpuOfAddress(destination);
    if (dst < 0 || !m_routing || dst >= m_routing->GetNGpus())
    {
        return -1;
    }
    const int64_t myDomain = m_routing->GetScaleUpDomain(m_gpu);
    if (m_scaleUpInterface >= 0 && myDomain >= 0 &&
        m_routing->GetScaleUpDomain(static_cast<uint32_t>(dst)) == myDomain)
    {
        return m_scaleUpInterface;
    }
    return m_nicInterface;
}

Ptr<Ipv4Route>
FabricHostRouting::RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr)
{
    const Ipv4Address dst = header.GetDestination();
    int32_t iface = InterfaceFor(dst);
    if (oif && iface >= 0)
    {
        iface = m_ipv4->GetInterfaceForDevice(oif);
    }
    if (iface < 0 || m_nicInterface < 0)
    {
        NS_LOG_LOGIC("no route to " << dst);
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(dst);
    route->SetGateway(Ipv4Address::GetZero());
    route->SetSource(m_ipv4->GetAddress(m_nicInterface, 0).GetLocal());
    route->SetOutputDevice(m_ipv4->GetNetDevice(iface));
    sockerr = Socket::ERROR_NOTERROR;
    return route;
}

bool
FabricHostRouting::RouteInput(Ptr<const Packet> p,
                              const Ipv4Header& header,
                              Ptr<const NetDevice> idev,
                              UnicastForwardCallback ucb,
                              MulticastForwardCallback mcb,
                              LocalDeliverCallback lcb,
                              ErrorCallback ecb)
{
    const int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (iif >= 0 && m_ipv4->IsDestinationAddress(header.GetDestination(), iif))
    {
        if (!lcb.IsNull())
        {
            lcb(p, header, iif);
            return true;
        }
    }
    // Endpoints do not forward.
    return false;
}

void
FabricHostRouting::NotifyInterfaceUp(uint32_t interface)
{
}

void
FabricHostRouting::NotifyInterfaceDown(uint32_t interface)
{
}

void
FabricHostRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
FabricHostRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
FabricHostRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
FabricHostRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "FabricHostRouting: GPU " << m_gpu << ", NIC interface " << m_nicInterface
       << ", scale-up interface " << m_scaleUpInterface << " (scale-up domain "
       << (m_routing ? m_routing->GetScaleUpDomain(m_gpu) : -1) << ")\n";
}

} // namespace ns3
