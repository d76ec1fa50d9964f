/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark "link": one saturated 800G photonic link (DR8, 100 m), MTU frames, 10 ms simulated.
// Prints one JSON object per scenario on standard output: the link scenario and the machine's
// bare ns-3 scheduler rate ("scheduler": chained empty events), so that figures can be compared
// across machines as ratios.

#include "bench-usage.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <cstdio>

using namespace ns3;

namespace
{

/// Keeps the sender busy: every frame that starts queues the next.
void
Refill(Ptr<PhotonicNetDevice> dev, uint32_t payload, Ptr<const Packet>)
{
    dev->Send(Create<Packet>(payload), Mac48Address::GetBroadcast(), 0x0800);
}

void
Print(const char* scenario,
      double simS,
      double wallS,
      double cpuS,
      double rssMb,
      uint64_t packets,
      uint64_t hops,
      uint64_t events)
{
    std::printf("{\"scenario\": \"%s\", \"sim_time_s\": %.6g, \"wall_s\": %.4f, \"cpu_s\": %.4f, "
                "\"peak_rss_mb\": %.1f, \"packets\": %llu, \"packet_hops\": %llu, \"events\": "
                "%llu, \"events_per_cpu_s\": %.0f, \"packet_hops_per_cpu_s\": %.0f}\n",
                scenario,
                simS,
                wallS,
                cpuS,
                rssMb,
                static_cast<unsigned long long>(packets),
                static_cast<unsigned long long>(hops),
                static_cast<unsigned long long>(events),
                events / cpuS,
                hops / cpuS);
}

void
EmptyEvent(uint64_t* left)
{
    if (--*left > 0)
    {
        Simulator::Schedule(NanoSeconds(1), &EmptyEvent, left);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    double simMs = 10.0;
    uint64_t schedulerEvents = 2000000;
    CommandLine cmd(__FILE__);
    cmd.AddValue("simMs", "Simulated milliseconds of the link scenario", simMs);
    cmd.AddValue("schedulerEvents", "Empty events of the scheduler scenario", schedulerEvents);
    cmd.Parse(argc, argv);

    {
        const auto wall0 = std::chrono::steady_clock::now();
        const Usage u0 = ProcessUsage();
        uint64_t left = schedulerEvents;
        Simulator::Schedule(NanoSeconds(1), &EmptyEvent, &left);
        Simulator::Run();
        const uint64_t events = Simulator::GetEventCount();
        Simulator::Destroy();
        const Usage u1 = ProcessUsage();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
        Print("scheduler", 0, wall, u1.cpuS - u0.cpuS, u1.peakRssMb, 0, 0, events);
    }
    {
        const auto wall0 = std::chrono::steady_clock::now();
        const Usage u0 = ProcessUsage();
        NodeContainer nodes;
        nodes.Create(2);
        PhotonicLinkHelper link;
        link.SetTransceiver("DR8");
        link.SetChannelAttribute("Length", DoubleValue(100.0));
        NetDeviceContainer devs = link.Install(nodes);
        Ptr<PhotonicNetDevice> tx = DynamicCast<PhotonicNetDevice>(devs.Get(0));
        Ptr<PhotonicNetDevice> rx = DynamicCast<PhotonicNetDevice>(devs.Get(1));
        const uint32_t payload = tx->GetMtu();
        tx->TraceConnectWithoutContext("PhyTxBegin", MakeBoundCallback(&Refill, tx, payload));
        uint64_t received = 0;
        rx->TraceConnectWithoutContext("PhyRxEnd",
                                       MakeBoundCallback(
                                           +[](uint64_t* n, Ptr<const Packet>) { ++*n; },
                                           &received));
        Refill(tx, payload, nullptr);
        Refill(tx, payload, nullptr);
        Simulator::Stop(Seconds(simMs / 1000.0));
        Simulator::Run();
        const uint64_t events = Simulator::GetEventCount();
        const double simS = Simulator::Now().GetSeconds();
        Simulator::Destroy();
        const Usage u1 = ProcessUsage();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
        Print("link", simS, wall, u1.cpuS - u0.cpuS, u1.peakRssMb, received, received, events);
    }
    return 0;
}
