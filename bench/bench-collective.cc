/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark scenario ring-128: a 16 MiB ring all-reduce over the 128 GPUs of a 16 x 8
// rail-optimized cluster (H100 NVLink 4 inside servers, 400G NIC400-DR4 GPU-leaf links, 800G
// DR8 leaf-spine), RoCEv2 on PFC with DCQCN, run to completion. Prints one JSON object (see
// bench/run-bench): simulated time, data packets, packet hops, events, the collective's time
// and busbw, and CPU seconds of setup and run.

#include "bench-hops.h"
#include "bench-record.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

using namespace ns3;

int
main(int argc, char* argv[])
{
    const Usage u0 = ProcessUsage();
    uint32_t servers = 16;
    double mib = 16;
    std::string transport = "roce";
    std::string algorithm = "ring";
    // The benchmarks run on FabricSimulatorImpl and FabricLaneScheduler unless
    // --SimulatorImplementationType or --SchedulerType says otherwise.
    FabricSimulatorImpl::UseByDefault();
    CommandLine cmd(__FILE__);
    cmd.AddValue("servers", "servers of 8 GPUs", servers);
    cmd.AddValue("mib", "all-reduce size, MiB", mib);
    cmd.AddValue("transport", "roce, ib or uet", transport);
    cmd.AddValue("algorithm", "all-reduce algorithm", algorithm);
    cmd.Parse(argc, argv);
    return RunWithConfigErrors([&]() {
        const TransportProfile profile = TransportProfileByName(transport);
        const CollectiveAlgorithm alg = CollectiveAlgorithmFromName(algorithm);
        RailOptimizedClusterHelper rail;
        rail.SetServers(servers);
        FabricNetworkHelper netHelper;
        netHelper.SetInstallInternet(false);
        profile.ApplyTo(netHelper);
        Ptr<FabricNetwork> net = netHelper.Install(rail.BuildDescription());
        FabricTransportHelper transportHelper;
        transportHelper.SetTransport(profile.transport);
        const std::vector<Ptr<FabricNic>> nics = transportHelper.Install(net);
        FabricCollectiveHelper collHelper;
        Ptr<FabricCommunicator> comm = collHelper.Install(net, nics);
        const Usage u1 = ProcessUsage();
        const CollectiveResult r =
            FabricCollectiveHelper::Run(comm,
                                        CollectiveOp::ALL_REDUCE,
                                        alg,
                                        static_cast<uint64_t>(mib * 1024 * 1024));
        const Usage u2 = ProcessUsage();

        FabricNicCounters nicTotals;
        for (const auto& nic : nics)
        {
            nicTotals += nic->GetCounters();
        }
        uint64_t switchPorts = 0;
        for (const auto& sw : net->GetSwitches())
        {
            switchPorts += sw->GetNPorts();
        }
        BenchRecord record("ring-" + std::to_string(net->GetNGpus()));
        record.Set("transport", transport);
        record.Set("algorithm", algorithm);
        record.Set("sim_time_s", Simulator::Now().GetSeconds());
        record.Set("packets", nicTotals.dataPackets);
        record.Set("packet_hops", BenchPacketHops(net));
        record.Set("events", Simulator::GetEventCount());
        record.Set("hosts", net->GetNGpus());
        record.Set("switch_ports", switchPorts);
        record.Set("bytes", r.bytes);
        record.Set("collective_time_us", r.timeS * 1e6);
        record.Set("algbw_gbps", r.algbwGBps);
        record.Set("busbw_gbps", r.busbwGBps);
        record.Set("messages", r.messages);
        record.Set("setup_cpu_s", u1.cpuS - u0.cpuS);
        record.Set("run_cpu_s", u2.cpuS - u1.cpuS);
        Simulator::Destroy();
        record.PrintWithUsage(u0);
        return 0;
    });
}
