/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-topology.h"

#include "ns3/fabric-config-error.h"
#include "ns3/link-budget.h"
#include "ns3/optics-catalogue.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <deque>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{

constexpr uint32_t UNREACHABLE = std::numeric_limits<uint32_t>::max();

/// A directed graph with capacities and reverse edges, for max flow.
using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS,
    boost::vecS,
    boost::directedS,
    boost::no_property,
    boost::property<
        boost::edge_capacity_t,
        double,
        boost::property<boost::edge_residual_capacity_t,
                        double,
                        boost::property<boost::edge_reverse_t, FlowTraits::edge_descriptor>>>>;

/// Add a directed edge u->v of capacity c with its zero-capacity reverse.
void
AddFlowEdge(FlowGraph& g, std::size_t u, std::size_t v, double c)
{
    auto capacity = boost::get(boost::edge_capacity, g);
    auto reverse = boost::get(boost::edge_reverse, g);
    const auto e = boost::add_edge(u, v, g).first;
    const auto r = boost::add_edge(v, u, g).first;
    capacity[e] = c;
    capacity[r] = 0;
    reverse[e] = r;
    reverse[r] = e;
}

} // namespace

std::string
FabricRoleName(FabricRole role)
{
    switch (role)
    {
    case FabricRole::GPU:
        return "gpu";
    case FabricRole::NVSWITCH:
        return "nvswitch";
    case FabricRole::LEAF:
        return "leaf";
    case FabricRole::SPINE:
        return "spine";
    case FabricRole::CORE:
        return "core";
    }
    return "unknown";
}

uint32_t
FabricTopology::AddNode(FabricRole role,
                        const std::string& name,
                        uint32_t maxPorts,
                        double asicCapacityBps)
{
    m_nodes.push_back({role, name, maxPorts, asicCapacityBps});
    m_ports.emplace_back();
    return static_cast<uint32_t>(m_nodes.size() - 1);
}

uint32_t
FabricTopology::AddLink(uint32_t a,
                        uint32_t b,
                        const std::string& transceiver,
                        PhotonicMedium medium,
                        double lengthM,
                        const std::string& tier)
{
    if (a >= m_nodes.size() || b >= m_nodes.size() || a == b)
    {
        std::ostringstream oss;
        oss << "topology: a link needs two distinct existing nodes, got " << a << " and " << b;
        throw FabricConfigError(oss.str());
    }
    const TransceiverSpec spec = OpticsCatalogue::Get(transceiver);
    m_links.push_back({a, b, spec.name, "", medium, lengthM, spec.DataRateBps(), tier, true});
    const auto index = static_cast<uint32_t>(m_links.size() - 1);
    m_ports[a].push_back(index);
    m_ports[b].push_back(index);
    return index;
}

uint32_t
FabricTopology::AddLink(uint32_t a, uint32_t b, const std::string& tier, const TierLinkSpec& spec)
{
    const uint32_t index = AddLink(a, b, spec.transceiver, spec.medium, spec.lengthM, tier);
    if (!spec.switchTransceiver.empty())
    {
        const TransceiverSpec sw = OpticsCatalogue::Get(spec.switchTransceiver);
        if (std::abs(sw.DataRateBps() - m_links[index].rateBps) > 1e-9 * m_links[index].rateBps)
        {
            std::ostringstream oss;
            oss << "topology: tier " << tier << ": switch-end preset " << sw.name << " ("
                << sw.DataRateBps() / 1e9 << " Gb/s) does not match " << m_links[index].transceiver
                << " (" << m_links[index].rateBps / 1e9 << " Gb/s) at the other end";
            throw FabricConfigError(oss.str());
        }
        m_links[index].switchTransceiver = sw.name;
    }
    return index;
}

const std::string&
FabricTopology::TransceiverAt(uint32_t link, uint32_t node) const
{
    const TopoLink& l = m_links.at(link);
    const bool isSwitch = m_nodes.at(node).role != FabricRole::GPU;
    return isSwitch && !l.switchTransceiver.empty() ? l.switchTransceiver : l.transceiver;
}

void
FabricTopology::SetLinkUp(uint32_t link, bool up)
{
    m_links.at(link).up = up;
}

const std::vector<TopoNode>&
FabricTopology::GetNodes() const
{
    return m_nodes;
}

const std::vector<TopoLink>&
FabricTopology::GetLinks() const
{
    return m_links;
}

std::vector<uint32_t>
FabricTopology::GetNodesOfRole(FabricRole role) const
{
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < m_nodes.size(); ++i)
    {
        if (m_nodes[i].role == role)
        {
            out.push_back(i);
        }
    }
    return out;
}

const std::vector<uint32_t>&
FabricTopology::GetPorts(uint32_t node) const
{
    return m_ports.at(node);
}

void
FabricTopology::Validate() const
{
    for (uint32_t n = 0; n < m_nodes.size(); ++n)
    {
        const TopoNode& node = m_nodes[n];
        const auto ports = static_cast<uint32_t>(m_ports[n].size());
        if (node.maxPorts > 0 && ports > node.maxPorts)
        {
            std::ostringstream oss;
            oss << "topology: " << node.name << " has " << ports
                << " ports, more than its radix of " << node.maxPorts;
            throw FabricConfigError(oss.str());
        }
        double attached = 0;
        for (uint32_t l : m_ports[n])
        {
            attached += m_links[l].rateBps;
        }
        if (node.asicCapacityBps > 0 && attached > node.asicCapacityBps * (1 + 1e-12))
        {
            std::ostringstream oss;
            oss << "topology: " << node.name << " attaches " << attached / 1e12
                << " Tb/s of ports to a " << node.asicCapacityBps / 1e12 << " Tb/s ASIC";
            throw FabricConfigError(oss.str());
        }
    }
    for (const TopoLink& link : m_links)
    {
        const uint32_t index = static_cast<uint32_t>(&link - m_links.data());
        const TransceiverSpec endA = OpticsCatalogue::Get(TransceiverAt(index, link.a));
        const TransceiverSpec endB = OpticsCatalogue::Get(TransceiverAt(index, link.b));
        // Each direction has its own budget when the two ends carry different presets.
        for (const auto& [tx, rx, from, to] :
             {std::tuple(endA, endB, link.a, link.b), std::tuple(endB, endA, link.b, link.a)})
        {
            LinkBudgetInput in;
            in.tx = tx;
            in.rx = rx;
            in.medium = link.medium;
            in.lengthM = link.lengthM;
            const std::string problem =
                CheckLink(m_nodes[from].name + " -> " + m_nodes[to].name, in);
            if (!problem.empty())
            {
                throw FabricConfigError("topology: " + problem);
            }
            if (link.switchTransceiver.empty())
            {
                break; // the same preset both ways: one check covers the link
            }
        }
    }
}

std::vector<uint32_t>
FabricTopology::HopsTo(uint32_t dest) const
{
    // Breadth-first from the destination over links that are up. Endpoints (GPUs) do not
    // forward: only switches relay, so no path transits another GPU.
    std::vector<uint32_t> hops(m_nodes.size(), UNREACHABLE);
    std::deque<uint32_t> frontier{dest};
    hops.at(dest) = 0;
    while (!frontier.empty())
    {
        const uint32_t n = frontier.front();
        frontier.pop_front();
        if (n != dest && m_nodes[n].role == FabricRole::GPU)
        {
            continue;
        }
        for (uint32_t l : m_ports[n])
        {
            const TopoLink& link = m_links[l];
            const uint32_t peer = link.Other(n);
            if (link.up && hops[peer] == UNREACHABLE)
            {
                hops[peer] = hops[n] + 1;
                frontier.push_back(peer);
            }
        }
    }
    return hops;
}

std::vector<std::vector<uint32_t>>
FabricTopology::NextHopsTo(uint32_t dest) const
{
    const std::vector<uint32_t> hops = HopsTo(dest);
    std::vector<std::vector<uint32_t>> next(m_nodes.size());
    for (uint32_t n = 0; n < m_nodes.size(); ++n)
    {
        if (n == dest || hops[n] == UNREACHABLE)
        {
            continue;
        }
        for (uint32_t l : m_ports[n])
        {
            const TopoLink& link = m_links[l];
            const uint32_t peer = link.Other(n);
            // A GPU other than the destination never relays, so it is never a next hop.
            const bool relays = peer == dest || m_nodes[peer].role != FabricRole::GPU;
            if (link.up && relays && hops[peer] + 1 == hops[n])
            {
                next[n].push_back(l);
            }
        }
    }
    return next;
}

uint32_t
FabricTopology::Diameter(FabricRole role) const
{
    const std::vector<uint32_t> ends = GetNodesOfRole(role);
    uint32_t diameter = 0;
    for (uint32_t e : ends)
    {
        const std::vector<uint32_t> hops = HopsTo(e);
        for (uint32_t other : ends)
        {
            diameter = std::max(diameter, hops[other]);
        }
    }
    return diameter;
}

double
FabricTopology::BisectionBandwidthBps(FabricRole role) const
{
    const std::vector<uint32_t> ends = GetNodesOfRole(role);
    if (ends.size() < 2)
    {
        return 0;
    }
    const std::size_t source = m_nodes.size();
    const std::size_t sink = m_nodes.size() + 1;
    FlowGraph g(m_nodes.size() + 2);
    double total = 0;
    for (const TopoLink& link : m_links)
    {
        if (link.up)
        {
            AddFlowEdge(g, link.a, link.b, link.rateBps);
            AddFlowEdge(g, link.b, link.a, link.rateBps);
            total += link.rateBps;
        }
    }
    const std::size_t half = ends.size() / 2;
    for (std::size_t i = 0; i < ends.size(); ++i)
    {
        // Unlimited attachment: only the fabric's links constrain the flow.
        if (i < half)
        {
            AddFlowEdge(g, source, ends[i], 2 * total);
        }
        else
        {
            AddFlowEdge(g, ends[i], sink, 2 * total);
        }
    }
    return boost::push_relabel_max_flow(g, source, sink);
}

FabricInventory
FabricTopology::Inventory() const
{
    FabricInventory inv;
    for (const TopoNode& node : m_nodes)
    {
        inv.nodesByRole[FabricRoleName(node.role)]++;
    }
    for (const TopoLink& link : m_links)
    {
        inv.linksByTier[link.tier]++;
        const uint32_t index = static_cast<uint32_t>(&link - m_links.data());
        for (uint32_t end : {link.a, link.b})
        {
            const TransceiverSpec spec = OpticsCatalogue::Get(TransceiverAt(index, end));
            inv.transceiversByPreset[spec.name]++;
            inv.opticsPowerW += spec.powerW;
            if (PhotonicMediumIsOptical(link.medium))
            {
                inv.fibres += spec.fibresPerDirection;
            }
        }
    }
    return inv;
}

} // namespace ns3
