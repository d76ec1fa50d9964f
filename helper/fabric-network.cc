/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-network.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/log.h"
#include "ns3/photonic-channel.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricNetwork");

NS_OBJECT_ENSURE_REGISTERED(FabricNetwork);

TypeId
FabricNetwork::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricNetwork")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricNetwork>()
            .AddAttribute("DetectionDelay",
                          "Time from a link changing state to the new routes being installed in "
                          "every switch (failure detection plus route distribution).",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&FabricNetwork::m_detectionDelay),
                          MakeTimeChecker(Time(0)));
    return tid;
}

FabricNetwork::FabricNetwork() = default;

FabricNetwork::~FabricNetwork() = default;

void
FabricNetwork::DoDispose()
{
    m_nodes.clear();
    m_switches.clear();
    m_linkDevices.clear();
    m_routing = nullptr;
    Object::DoDispose();
}

void
FabricNetwork::Assemble(
    const FabricTopology& topology,
    Ptr<FabricRouting> routing,
    std::vector<Ptr<Node>> nodes,
    std::vector<Ptr<FabricSwitch>> switches,
    std::vector<std::pair<Ptr<PhotonicNetDevice>, Ptr<PhotonicNetDevice>>> linkDevices)
{
    m_topology = topology;
    m_routing = routing;
    m_nodes = std::move(nodes);
    m_switches = std::move(switches);
    m_linkDevices = std::move(linkDevices);
}

const FabricTopology&
FabricNetwork::GetTopology() const
{
    return m_topology;
}

Ptr<FabricRouting>
FabricNetwork::GetRouting() const
{
    return m_routing;
}

uint32_t
FabricNetwork::GetNGpus() const
{
    return m_routing->GetNGpus();
}

Ptr<Node>
FabricNetwork::GetGpuNode(uint32_t gpu) const
{
    return m_nodes.at(m_routing->GetGpuNode(gpu));
}

Ipv4Address
FabricNetwork::GetGpuAddress(uint32_t gpu) const
{
    return FabricAddressPlan::NicAddress(gpu);
}

Time
FabricNetwork::GetPathLatency(uint32_t src, uint32_t dst, uint32_t frameBytes) const
{
    const auto& nodes = m_topology.GetNodes();
    const auto& links = m_topology.GetLinks();
    const bool sameDomain = m_routing->GetScaleUpDomain(src) >= 0 &&
                            m_routing->GetScaleUpDomain(src) == m_routing->GetScaleUpDomain(dst);
    uint32_t node = m_routing->GetGpuNode(src);
    const uint32_t target = m_routing->GetGpuNode(dst);
    // The GPU's first hop: its scale-up link towards a domain peer, else its NIC.
    int64_t link = -1;
    for (uint32_t l : m_topology.GetPorts(node))
    {
        const bool scaleUp = nodes[links[l].Other(node)].role == FabricRole::NVSWITCH;
        if (scaleUp == sameDomain)
        {
            link = l;
            break;
        }
    }
    Time latency;
    for (uint32_t hops = 0; link >= 0 && hops <= nodes.size(); ++hops)
    {
        const TopoLink& tl = links[link];
        const uint32_t next = tl.Other(node);
        const auto& devices = m_linkDevices[link];
        Ptr<PhotonicNetDevice> out = tl.a == node ? devices.first : devices.second;
        Ptr<PhotonicNetDevice> in = tl.a == node ? devices.second : devices.first;
        latency += out->GetWireTime(frameBytes) +
                   DynamicCast<PhotonicChannel>(out->GetChannel())->GetDelay() +
                   in->GetReceivePathLatency();
        node = next;
        if (node == target)
        {
            return latency;
        }
        if (!m_switches[node])
        {
            break;
        }
        latency += m_switches[node]->GetPipelineLatency();
        int32_t attached = -1;
        const FabricPortSet hopsOut =
            m_routing->NextHops(m_routing->GetOrdinal(node), dst, attached);
        const int32_t port = attached >= 0 ? attached : !hopsOut.empty() ? hopsOut[0] : -1;
        link = port >= 0 ? static_cast<int64_t>(m_topology.GetPorts(node)[port]) : -1;
    }
    NS_LOG_WARN("no route from GPU " << src << " to GPU " << dst << ": latency of the hops found");
    return latency;
}

Ptr<Node>
FabricNetwork::GetNode(uint32_t node) const
{
    return m_nodes.at(node);
}

Ptr<FabricSwitch>
FabricNetwork::GetSwitch(uint32_t node) const
{
    return m_switches.at(node);
}

std::vector<Ptr<FabricSwitch>>
FabricNetwork::GetSwitches() const
{
    std::vector<Ptr<FabricSwitch>> all;
    for (const auto& sw : m_switches)
    {
        if (sw)
        {
            all.push_back(sw);
        }
    }
    return all;
}

NodeContainer
FabricNetwork::GetGpuNodes() const
{
    NodeContainer c;
    for (uint32_t g = 0; g < GetNGpus(); ++g)
    {
        c.Add(GetGpuNode(g));
    }
    return c;
}

Ptr<PhotonicNetDevice>
FabricNetwork::GetLinkDevice(uint32_t link, uint32_t end) const
{
    const auto& pair = m_linkDevices.at(link);
    return end == 0 ? pair.first : pair.second;
}

int64_t
FabricNetwork::AssignStreams(int64_t stream)
{
    int64_t current = stream;
    for (const auto& [a, b] : m_linkDevices)
    {
        current += a->AssignStreams(current);
        current += b->AssignStreams(current);
        current += DynamicCast<PhotonicChannel>(a->GetChannel())->AssignStreams(current);
    }
    for (const Ptr<FabricSwitch>& sw : GetSwitches())
    {
        current += sw->AssignStreams(current);
    }
    return current - stream;
}

void
FabricNetwork::SetLinkUp(uint32_t link, bool up)
{
    DynamicCast<PhotonicChannel>(GetLinkDevice(link, 0)->GetChannel())->SetLinkUp(up);
}

void
FabricNetwork::NotifyLinkState(uint32_t link, bool up)
{
    NS_LOG_INFO("link " << link << (up ? " up" : " down") << "; routes in "
                        << m_detectionDelay.As(Time::US));
    Simulator::Schedule(m_detectionDelay, &FabricNetwork::ApplyLinkState, this, link, up);
}

void
FabricNetwork::ApplyLinkState(uint32_t link, bool up)
{
    m_topology.SetLinkUp(link, up);
    m_routing->Compute(m_topology);
    ++m_reroutes;
}

uint32_t
FabricNetwork::GetReroutes() const
{
    return m_reroutes;
}

std::map<std::string, double>
FabricNetwork::GetTierUtilisation() const
{
    std::map<std::string, double> bits;
    std::map<std::string, double> capacity;
    const double seconds = Simulator::Now().GetSeconds();
    const auto& links = m_topology.GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        const auto& pair = m_linkDevices[l];
        bits[links[l].tier] += pair.first->GetTxWireBits() + pair.second->GetTxWireBits();
        capacity[links[l].tier] += 2.0 * links[l].rateBps * seconds;
    }
    std::map<std::string, double> utilisation;
    for (const auto& [tier, b] : bits)
    {
        utilisation[tier] = capacity[tier] > 0 ? b / capacity[tier] : 0.0;
    }
    return utilisation;
}

double
FabricNetwork::GetSwitchPowerW() const
{
    double watts = 0;
    for (const auto& sw : m_switches)
    {
        watts += sw ? sw->GetPowerW() : 0.0;
    }
    return watts;
}

FabricEnergyBreakdown
FabricNetwork::GetEnergy() const
{
    FabricEnergyBreakdown e;
    const auto& links = m_topology.GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        const double joules =
            m_linkDevices[l].first->GetEnergy() + m_linkDevices[l].second->GetEnergy();
        e.tierJ[links[l].tier] += joules;
        e.totalJ += joules;
        if (links[l].tier != "gpu-nvswitch")
        {
            e.scaleOutJ += joules;
        }
    }
    const auto& nodes = m_topology.GetNodes();
    for (uint32_t n = 0; n < m_switches.size(); ++n)
    {
        const Ptr<FabricSwitch>& sw = m_switches[n];
        if (!sw)
        {
            continue;
        }
        // The switch's own figure includes its port modules; the ASIC is the rest.
        double asic = sw->GetEnergy();
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            const double port = sw->GetPort(p)->GetEnergy();
            asic -= port;
            e.kindJ[FabricPortKindName(sw->GetPortKind(p))] += port;
        }
        e.totalJ += asic;
        if (nodes[n].role == FabricRole::NVSWITCH)
        {
            e.scaleUpAsicJ += asic;
        }
        else
        {
            e.scaleOutAsicJ += asic;
            e.scaleOutJ += asic;
        }
    }
    return e;
}

FabricPortCounters
FabricNetwork::GetSwitchCounters() const
{
    FabricPortCounters sum;
    for (const auto& sw : m_switches)
    {
        for (uint32_t p = 0; sw && p < sw->GetNPorts(); ++p)
        {
            const FabricPortCounters& c = sw->GetPortCounters(p);
            sum.rxPackets += c.rxPackets;
            sum.rxBytes += c.rxBytes;
            sum.txPackets += c.txPackets;
            sum.txBytes += c.txBytes;
            sum.ecnMarks += c.ecnMarks;
            sum.trims += c.trims;
            sum.pfcPausesSent += c.pfcPausesSent;
            sum.pfcResumesSent += c.pfcResumesSent;
            for (std::size_t r = 0; r < c.drops.size(); ++r)
            {
                sum.drops[r] += c.drops[r];
            }
        }
    }
    return sum;
}

std::map<std::string, uint64_t>
FabricNetwork::GetSwitchDrops() const
{
    std::map<std::string, uint64_t> drops;
    for (const auto& sw : m_switches)
    {
        if (!sw)
        {
            continue;
        }
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            const auto& c = sw->GetPortCounters(p);
            for (std::size_t r = 0; r < c.drops.size(); ++r)
            {
                if (c.drops[r] > 0)
                {
                    drops[FabricDropReasonName(static_cast<FabricDropReason>(r))] += c.drops[r];
                }
            }
        }
    }
    return drops;
}

} // namespace ns3
