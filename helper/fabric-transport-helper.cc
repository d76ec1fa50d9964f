/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-transport-helper.h"

#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-topology.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricTransportHelper");

namespace
{
/**
 * \brief Check a TypeId name against a base class.
 * \param kind what is being chosen, for the message
 * \param name the name
 * \param base the base type
 * \return the TypeId
 */
TypeId
CheckedType(const std::string& kind, const std::string& name, TypeId base)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(name, &tid) || !(tid == base || tid.IsChildOf(base)) ||
        !tid.HasConstructor())
    {
        throw UnknownNameError(kind, name, FabricTransportHelper::KnownTypes(kind));
    }
    return tid;
}
} // namespace

FabricTransportHelper::FabricTransportHelper()
{
    m_nicFactory.SetTypeId("ns3::FabricNic");
    m_transportFactory.SetTypeId("ns3::RoceTransport");
}

std::vector<std::string>
FabricTransportHelper::KnownTypes(const std::string& base)
{
    const TypeId parent = base == "transport"
                              ? TypeId::LookupByName("ns3::FabricTransport")
                              : TypeId::LookupByName("ns3::FabricCongestionControl");
    std::vector<std::string> names;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        const TypeId tid = TypeId::GetRegistered(i);
        if (tid != parent && tid.IsChildOf(parent) && tid.HasConstructor())
        {
            names.push_back(tid.GetName());
        }
    }
    if (base != "transport")
    {
        names.push_back(parent.GetName());
    }
    return names;
}

void
FabricTransportHelper::SetTransport(const std::string& type)
{
    m_transportFactory = ObjectFactory();
    m_transportFactory.SetTypeId(
        CheckedType("transport", type, TypeId::LookupByName("ns3::FabricTransport")));
}

void
FabricTransportHelper::SetTransportAttribute(const std::string& name, const AttributeValue& value)
{
    m_transportFactory.Set(name, value);
}

void
FabricTransportHelper::SetCongestionControl(const std::string& type)
{
    m_ccFactory = ObjectFactory();
    if (!type.empty())
    {
        m_ccFactory.SetTypeId(CheckedType("congestion-control",
                                          type,
                                          TypeId::LookupByName("ns3::FabricCongestionControl")));
    }
}

void
FabricTransportHelper::SetCongestionControlAttribute(const std::string& name,
                                                     const AttributeValue& value)
{
    if (m_ccFactory.GetTypeId() == TypeId())
    {
        throw FabricConfigError("FabricTransportHelper: choose a congestion control before "
                                "setting its attribute " +
                                name);
    }
    m_ccFactory.Set(name, value);
}

void
FabricTransportHelper::SetNicAttribute(const std::string& name, const AttributeValue& value)
{
    m_nicFactory.Set(name, value);
}

std::vector<Ptr<FabricNic>>
FabricTransportHelper::Install(Ptr<FabricNetwork> network) const
{
    const FabricTopology& topology = network->GetTopology();
    const auto& nodes = topology.GetNodes();
    const auto& links = topology.GetLinks();
    Ptr<FabricRouting> routing = network->GetRouting();
    Ptr<FabricNetwork> net = network;
    const Callback<int64_t, uint32_t> domainOf(
        [routing](uint32_t gpu) { return routing->GetScaleUpDomain(gpu); });
    const FabricNic::PathLatencyCallback latency(
        [net](uint32_t src, uint32_t dst, uint32_t frameBytes) {
            return net->GetPathLatency(src, dst, frameBytes);
        });
    const TypeId ib = TypeId::LookupByName("ns3::IbTransport");
    const TypeId chosen = m_transportFactory.GetTypeId();
    if (chosen == ib || chosen.IsChildOf(ib))
    {
        FabricAddressPlan::CheckIbAddressable(network->GetNGpus());
    }
    std::vector<Ptr<FabricNic>> nics;
    nics.reserve(network->GetNGpus());
    for (uint32_t g = 0; g < network->GetNGpus(); ++g)
    {
        const uint32_t node = routing->GetGpuNode(g);
        Ptr<PhotonicNetDevice> nic;
        Ptr<PhotonicNetDevice> scaleUp;
        for (uint32_t l : topology.GetPorts(node))
        {
            const bool toScaleUp = nodes[links[l].Other(node)].role == FabricRole::NVSWITCH;
            Ptr<PhotonicNetDevice> dev = network->GetLinkDevice(l, links[l].a == node ? 0 : 1);
            Ptr<PhotonicNetDevice>& slot = toScaleUp ? scaleUp : nic;
            if (!slot)
            {
                slot = dev;
            }
        }
        Ptr<FabricNic> endpoint = m_nicFactory.Create<FabricNic>();
        endpoint->SetTransportFactory(m_transportFactory);
        endpoint->SetCongestionControlFactory(m_ccFactory);
        endpoint->Setup(g, nic, scaleUp, domainOf, latency);
        network->GetGpuNode(g)->AggregateObject(endpoint);
        nics.push_back(endpoint);
    }
    return nics;
}

int64_t
FabricTransportHelper::AssignStreams(const std::vector<Ptr<FabricNic>>& nics, int64_t stream)
{
    int64_t current = stream;
    for (const Ptr<FabricNic>& nic : nics)
    {
        current += nic->AssignStreams(current);
    }
    return current - stream;
}

} // namespace ns3
