/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark "fabric": a rail-optimized cluster (default 64 servers x 8 GPUs) built, routed and
// run with cross-rail UDP traffic (GPU g to GPU g + N/2 + 1, four entropies, 80 % of each NIC)
// for 100 us of simulated time. Prints one JSON object: setup time (description, instantiation,
// routes), run CPU time, events, packet hops (switch receptions + deliveries) and peak RSS.

#include "bench-usage.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <cstdio>

using namespace ns3;

namespace
{

void
CountAll(uint64_t* n, Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++*n;
    }
}

void
SendOne(Ptr<Socket> socket, uint32_t payload)
{
    socket->Send(Create<Packet>(payload));
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t servers = 64;
    double simUs = 100;
    double load = 0.8;
    uint32_t payload = 4000;
    CommandLine cmd(__FILE__);
    cmd.AddValue("servers", "Servers of 8 GPUs (multiple of 32 above 32)", servers);
    cmd.AddValue("simUs", "Simulated microseconds of traffic", simUs);
    cmd.AddValue("load", "Offered load per NIC (fraction)", load);
    cmd.Parse(argc, argv);

    const double cpu0 = ProcessUsage().cpuS;
    RailOptimizedClusterHelper rail;
    rail.SetServers(servers);
    FabricTopology topo = rail.BuildDescription();
    Ptr<FabricNetwork> net = FabricNetworkHelper().Install(topo);
    const uint32_t n = net->GetNGpus();
    uint64_t delivered = 0;
    uint64_t sent = 0;
    const double nicBps = 400e9;
    const uint32_t entropies = 4;
    const Time interval =
        Seconds(8.0 * PhotonicNetDevice::WireBytes(payload + 42) * entropies / (load * nicBps));
    for (uint32_t g = 0; g < n; ++g)
    {
        Ptr<Socket> rx = Socket::CreateSocket(net->GetGpuNode(g), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        rx->SetRecvCallback(MakeBoundCallback(&CountAll, &delivered));
    }
    for (uint32_t g = 0; g < n; ++g)
    {
        for (uint32_t e = 0; e < entropies; ++e)
        {
            Ptr<Socket> tx =
                Socket::CreateSocket(net->GetGpuNode(g), UdpSocketFactory::GetTypeId());
            tx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 50000 + e));
            tx->Connect(InetSocketAddress(net->GetGpuAddress((g + n / 2 + 1) % n), 9));
            for (Time t = interval * e / entropies; t < MicroSeconds(simUs); t += interval)
            {
                Simulator::Schedule(t, &SendOne, tx, payload);
                ++sent;
            }
        }
    }
    const double cpuSetup = ProcessUsage().cpuS - cpu0;
    Simulator::Stop(MicroSeconds(simUs + 100));
    Simulator::Run();
    const double cpuRun = ProcessUsage().cpuS - cpu0 - cpuSetup;
    uint64_t switchRx = 0;
    for (const auto& sw : net->GetSwitches())
    {
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            switchRx += sw->GetPortCounters(p).rxPackets;
        }
    }
    const uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();
    const uint64_t hops = switchRx + delivered;
    std::printf("{\"scenario\": \"fabric\", \"gpus\": %u, \"switches\": %zu, \"sim_time_s\": %.6g, "
                "\"setup_cpu_s\": %.3f, \"run_cpu_s\": %.3f, \"peak_rss_mb\": %.1f, \"sent\": "
                "%llu, \"delivered\": %llu, \"packet_hops\": %llu, \"events\": %llu, "
                "\"events_per_cpu_s\": %.0f, \"packet_hops_per_cpu_s\": %.0f}\n",
                n,
                net ? topo.GetNodes().size() - n : 0,
                (simUs + 100) * 1e-6,
                cpuSetup,
                cpuRun,
                ProcessUsage().peakRssMb,
                static_cast<unsigned long long>(sent),
                static_cast<unsigned long long>(delivered),
                static_cast<unsigned long long>(hops),
                static_cast<unsigned long long>(events),
                events / cpuRun,
                hops / cpuRun);
    return 0;
}
