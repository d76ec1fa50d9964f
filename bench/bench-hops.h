/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BENCH_HOPS_H
#define BENCH_HOPS_H

// Packet hops of a benchmark run, counted the same way by every scenario.

#include "ns3/fabric-network.h"

#include <cstdint>

/**
 * \brief Packets that arrived over a link: at a switch port, or at a GPU from its switch.
 * \param net the network
 * \return packet hops
 */
inline uint64_t
BenchPacketHops(ns3::Ptr<ns3::FabricNetwork> net)
{
    const ns3::FabricTopology& topo = net->GetTopology();
    const auto& nodes = topo.GetNodes();
    const auto& links = topo.GetLinks();
    uint64_t hops = 0;
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        ns3::Ptr<ns3::FabricSwitch> sw = net->GetSwitch(n);
        if (!sw)
        {
            continue;
        }
        const auto& ports = topo.GetPorts(n);
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            const ns3::FabricPortCounters& c = sw->GetPortCounters(p);
            hops += c.rxPackets;
            if (nodes[links[ports[p]].Other(n)].role == ns3::FabricRole::GPU)
            {
                hops += c.txPackets;
            }
        }
    }
    return hops;
}

#endif /* BENCH_HOPS_H */
