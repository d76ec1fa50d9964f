/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark "perm": a permutation (every host sends --kib KiB to one other host, no two to the
// same receiver) on a 3-tier k-ary fat tree (k = 8: 128 hosts; k = 16: 1024 hosts), 800G
// everywhere, over a chosen transport, run until every message completes. Prints one JSON
// object: hosts, simulated time reached, setup and run CPU seconds, peak RSS, data packets,
// packet hops (packets arriving at a switch or at a GPU), events, their rates per CPU-second and
// the completion-time mean, p50, p99 and max.

#include "bench-usage.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <cstdio>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t k = 8;
    double kib = 2048;
    std::string transport = "roce";
    CommandLine cmd(__FILE__);
    cmd.AddValue("k", "fat-tree arity (hosts = k^3 / 4)", k);
    cmd.AddValue("kib", "KiB each host sends", kib);
    cmd.AddValue("transport", "roce, ib or uet", transport);
    cmd.Parse(argc, argv);
    return RunWithConfigErrors([&]() {
        const double cpu0 = ProcessUsage().cpuS;
        const TransportProfile profile = TransportProfileByName(transport);
        FatTreeHelper ft;
        ft.SetTiers(3);
        ft.SetRadix(k);
        FabricTopology topo = ft.BuildDescription();
        FabricNetworkHelper netHelper;
        netHelper.SetFlowControl(profile.flowControl);
        netHelper.SetSwitchAttribute("Trimming", BooleanValue(profile.trimming));
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transportHelper;
        transportHelper.SetTransport(profile.transport);
        const std::vector<Ptr<FabricNic>> nics = transportHelper.Install(net);
        const std::vector<MessageFlow> flows =
            PermutationFlows(net->GetNGpus(), static_cast<uint64_t>(kib * 1024), 1);
        const double cpuSetup = ProcessUsage().cpuS - cpu0;
        const WorkloadResult r = RunWorkload(net, nics, flows, MicroSeconds(1), Seconds(1));
        const double simS = Simulator::Now().GetSeconds();
        const double cpuRun = ProcessUsage().cpuS - cpu0 - cpuSetup;
        const uint64_t events = Simulator::GetEventCount();
        // A packet hop is a packet arriving over a link: at a switch, or at a GPU from its
        // switch.
        const auto& nodes = topo.GetNodes();
        const auto& links = topo.GetLinks();
        uint64_t hops = 0;
        for (uint32_t n = 0; n < nodes.size(); ++n)
        {
            Ptr<FabricSwitch> sw = net->GetSwitch(n);
            if (!sw)
            {
                continue;
            }
            const auto& ports = topo.GetPorts(n);
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                const FabricPortCounters& c = sw->GetPortCounters(p);
                hops += c.rxPackets;
                if (nodes[links[ports[p]].Other(n)].role == FabricRole::GPU)
                {
                    hops += c.txPackets;
                }
            }
        }
        const Usage u = ProcessUsage();
        std::printf("{\"scenario\": \"perm-%u\", \"transport\": \"%s\", \"sim_time_s\": %.6g, "
                    "\"setup_cpu_s\": %.3f, \"cpu_s\": %.3f, \"peak_rss_mb\": %.1f, "
                    "\"packets\": %llu, \"packet_hops\": %llu, \"events\": %llu, "
                    "\"events_per_cpu_s\": %.0f, \"packet_hops_per_cpu_s\": %.0f, "
                    "\"completed\": %u, \"fct_mean_us\": %.2f, \"fct_p50_us\": %.2f, "
                    "\"fct_p99_us\": %.2f, \"fct_max_us\": %.2f}\n",
                    net->GetNGpus(),
                    transport.c_str(),
                    simS,
                    cpuSetup,
                    cpuRun,
                    u.peakRssMb,
                    static_cast<unsigned long long>(r.nic.dataPackets),
                    static_cast<unsigned long long>(hops),
                    static_cast<unsigned long long>(events),
                    events / cpuRun,
                    hops / cpuRun,
                    r.completed,
                    r.MeanUs(),
                    r.Percentile(0.5),
                    r.Percentile(0.99),
                    r.Percentile(1.0));
        Simulator::Destroy();
        return 0;
    });
}
