/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-network-helper.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-host-routing.h"
#include "ns3/fabric-port-queue.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/photonic-channel.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricNetworkHelper");

namespace
{
/// Gives each GPU's Ipv4 a FabricHostRouting (configured once its interfaces exist).
class FabricHostRoutingHelper : public Ipv4RoutingHelper
{
  public:
    FabricHostRoutingHelper* Copy() const override
    {
        return new FabricHostRoutingHelper(*this);
    }

    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override
    {
        return CreateObject<FabricHostRouting>();
    }
};

/**
 * \brief Forward a channel's link state change to the network.
 * \param network the network
 * \param link link index
 * \param up new state
 */
void
LinkStateToNetwork(FabricNetwork* network, uint32_t link, bool up)
{
    network->NotifyLinkState(link, up);
}
} // namespace

FabricNetworkHelper::FabricNetworkHelper()
{
    m_switchFactory.SetTypeId("ns3::FabricSwitch");
    m_scaleUpFactory.SetTypeId("ns3::FabricSwitch");
    // NVSwitch-class scale-up switches: lower latency than an Ethernet ASIC.
    m_scaleUpFactory.Set("PipelineLatency", TimeValue(NanoSeconds(300)));
    m_deviceFactory.SetTypeId("ns3::PhotonicNetDevice");
    m_queueFactory.SetTypeId("ns3::FabricPortQueue");
    m_networkFactory.SetTypeId("ns3::FabricNetwork");
}

void
FabricNetworkHelper::SetSwitchAttribute(const std::string& name, const AttributeValue& value)
{
    m_switchFactory.Set(name, value);
}

void
FabricNetworkHelper::SetScaleUpSwitchAttribute(const std::string& name, const AttributeValue& value)
{
    m_scaleUpFactory.Set(name, value);
}

void
FabricNetworkHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
FabricNetworkHelper::SetPortQueueAttribute(const std::string& name, const AttributeValue& value)
{
    m_queueFactory.Set(name, value);
}

void
FabricNetworkHelper::SetNetworkAttribute(const std::string& name, const AttributeValue& value)
{
    m_networkFactory.Set(name, value);
}

void
FabricNetworkHelper::SetFlowControl(FabricFlowControl mode)
{
    m_flowControl = mode;
}

void
FabricNetworkHelper::SetInstallInternet(bool enable)
{
    m_installInternet = enable;
}

Ptr<FabricNetwork>
FabricNetworkHelper::Install(const FabricTopology& topology) const
{
    topology.Validate();
    const auto& topoNodes = topology.GetNodes();
    const auto& topoLinks = topology.GetLinks();
    Ptr<FabricRouting> routing = Create<FabricRouting>(topology);
    if (routing->GetNGpus() > FabricAddressPlan::MAX_GPUS)
    {
        throw FabricConfigError("fabric has " + std::to_string(routing->GetNGpus()) +
                                " GPUs; the address plan holds at most " +
                                std::to_string(FabricAddressPlan::MAX_GPUS));
    }

    std::vector<Ptr<Node>> nodes(topoNodes.size());
    for (uint32_t n = 0; n < topoNodes.size(); ++n)
    {
        nodes[n] = CreateObject<Node>();
    }
    if (m_installInternet)
    {
        InternetStackHelper stack;
        stack.SetRoutingHelper(FabricHostRoutingHelper());
        for (uint32_t g = 0; g < routing->GetNGpus(); ++g)
        {
            stack.Install(nodes[routing->GetGpuNode(g)]);
        }
    }

    // Switches first, so that their settings are checked before any device exists.
    std::vector<Ptr<FabricSwitch>> switches(topoNodes.size());
    for (uint32_t n = 0; n < topoNodes.size(); ++n)
    {
        const TopoNode& tn = topoNodes[n];
        if (tn.role == FabricRole::GPU)
        {
            continue;
        }
        const ObjectFactory& factory =
            tn.role == FabricRole::NVSWITCH ? m_scaleUpFactory : m_switchFactory;
        Ptr<FabricSwitch> sw = factory.Create<FabricSwitch>();
        sw->SetAttribute("Name", StringValue(tn.name));
        sw->SetAttribute("Radix", UintegerValue(tn.maxPorts));
        sw->SetAttribute("AsicCapacity",
                         DataRateValue(DataRate(static_cast<uint64_t>(tn.asicCapacityBps))));
        // Scale-up domains keep their own (lossless, credit-like) NVLink flow control.
        sw->SetFlowControl(tn.role == FabricRole::NVSWITCH ? FabricFlowControl::NONE
                                                           : m_flowControl);
        sw->Install(nodes[n], routing->GetOrdinal(n));
        switches[n] = sw;
    }

    std::vector<std::pair<Ptr<PhotonicNetDevice>, Ptr<PhotonicNetDevice>>> linkDevices;
    linkDevices.reserve(topoLinks.size());
    ObjectFactory channelFactory;
    channelFactory.SetTypeId("ns3::PhotonicChannel");
    std::vector<uint32_t> portCount(topoNodes.size(), 0);
    for (uint32_t l = 0; l < topoLinks.size(); ++l)
    {
        const TopoLink& link = topoLinks[l];
        Ptr<PhotonicChannel> channel = channelFactory.Create<PhotonicChannel>();
        channel->SetAttribute("Length", DoubleValue(link.lengthM));
        channel->SetAttribute("Medium", StringValue(PhotonicMediumName(link.medium)));
        Ptr<PhotonicNetDevice> ends[2];
        for (int e = 0; e < 2; ++e)
        {
            const uint32_t n = e == 0 ? link.a : link.b;
            const uint32_t other = link.Other(n);
            Ptr<PhotonicNetDevice> dev = m_deviceFactory.Create<PhotonicNetDevice>();
            dev->SetTransceiverName(topology.TransceiverAt(l, n));
            const uint32_t port = portCount[n]++;
            if (topoNodes[n].role == FabricRole::GPU)
            {
                const uint32_t gpu = routing->GetOrdinal(n);
                dev->SetAddress(topoNodes[other].role == FabricRole::NVSWITCH
                                    ? FabricAddressPlan::ScaleUpMac(gpu)
                                    : FabricAddressPlan::NicMac(gpu));
                dev->SetCreditFlowControl(m_flowControl == FabricFlowControl::CREDIT &&
                                          topoNodes[other].role != FabricRole::NVSWITCH);
            }
            else
            {
                dev->SetAddress(FabricAddressPlan::SwitchPortMac(routing->GetOrdinal(n), port));
            }
            nodes[n]->AddDevice(dev);
            dev->SetQueue(m_queueFactory.Create<QueueBase>());
            dev->Attach(channel);
            ends[e] = dev;
        }
        std::ostringstream label;
        label << topoNodes[link.a].name << " <-> " << topoNodes[link.b].name << " (link " << l
              << ", " << link.tier << ", " << link.transceiver << ", " << link.lengthM << " m)";
        channel->CheckConfiguration(label.str());
        linkDevices.emplace_back(ends[0], ends[1]);
    }

    // The device of a link at one of its ends.
    auto deviceAt = [&](uint32_t linkId, uint32_t node) {
        return topoLinks[linkId].a == node ? linkDevices[linkId].first : linkDevices[linkId].second;
    };
    for (uint32_t n = 0; n < topoNodes.size(); ++n)
    {
        if (!switches[n])
        {
            continue;
        }
        const auto& ports = topology.GetPorts(n);
        for (uint32_t linkId : ports)
        {
            switches[n]->AddPort(deviceAt(linkId, n),
                                 FabricPortKindOf(topology.TransceiverAt(linkId, n)));
        }
        switches[n]->Finalize();
        switches[n]->SetRouting(routing);
    }

    if (m_installInternet)
    {
        for (uint32_t g = 0; g < routing->GetNGpus(); ++g)
        {
            const uint32_t n = routing->GetGpuNode(g);
            Ptr<Ipv4> ipv4 = nodes[n]->GetObject<Ipv4>();
            int32_t nicIf = -1;
            int32_t scaleUpIf = -1;
            for (uint32_t linkId : topology.GetPorts(n))
            {
                const uint32_t other = topoLinks[linkId].Other(n);
                Ptr<PhotonicNetDevice> dev = deviceAt(linkId, n);
                const bool scaleUp = topoNodes[other].role == FabricRole::NVSWITCH;
                if ((scaleUp && scaleUpIf >= 0) || (!scaleUp && nicIf >= 0))
                {
                    continue; // one interface of each kind carries the GPU's address
                }
                const int32_t iface = static_cast<int32_t>(ipv4->AddInterface(dev));
                ipv4->AddAddress(iface,
                                 Ipv4InterfaceAddress(scaleUp ? FabricAddressPlan::ScaleUpAddress(g)
                                                              : FabricAddressPlan::NicAddress(g),
                                                      FabricAddressPlan::Mask()));
                ipv4->SetUp(iface);
                (scaleUp ? scaleUpIf : nicIf) = iface;
            }
            DynamicCast<FabricHostRouting>(ipv4->GetRoutingProtocol())
                ->Configure(g, routing, nicIf, scaleUpIf);
        }
    }

    routing->Compute(topology);
    Ptr<FabricNetwork> network = m_networkFactory.Create<FabricNetwork>();
    network->Assemble(topology, routing, nodes, switches, linkDevices);
    for (uint32_t l = 0; l < topoLinks.size(); ++l)
    {
        DynamicCast<PhotonicChannel>(linkDevices[l].first->GetChannel())
            ->TraceConnectWithoutContext(
                "LinkState",
                MakeBoundCallback(&LinkStateToNetwork, PeekPointer(network), l));
    }
    return network;
}

} // namespace ns3
