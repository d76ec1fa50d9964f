/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark scenarios "build-8k" and "build-32k": instantiate a rail-optimized cluster of
// --gpus GPUs (servers of 8 GPUs with NVLink inside, one 400G NIC per GPU, 8 rails, scalable
// units of 32 servers, non-blocking spines) with every ns-3 object, the GPUs' IP stacks and every
// switch's routes, and run no traffic: build seconds and peak RSS. The helper builds two tiers,
// so at these sizes a spine meets hundreds of leaves: the radix and ASIC-capacity checks are
// lifted (the figures measure the simulator, not a buildable switch).
//
// Prints one JSON object (bench-record.h).

#include "bench-record.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

using namespace ns3;

int
main(int argc, char* argv[])
{
    const Usage u0 = ProcessUsage();
    uint32_t gpus = 8192;
    // The benchmarks run on FabricSimulatorImpl and FabricLaneScheduler unless
    // --SimulatorImplementationType or --SchedulerType says otherwise.
    FabricSimulatorImpl::UseByDefault();
    CommandLine cmd(__FILE__);
    cmd.AddValue("gpus", "GPUs (a multiple of 256: whole scalable units of 32 servers)", gpus);
    cmd.Parse(argc, argv);
    return RunWithConfigErrors([&]() {
        const uint32_t gpusPerServer = 8;
        if (gpus == 0 || gpus % gpusPerServer != 0)
        {
            throw FabricConfigError("bench-build: --gpus=" + std::to_string(gpus) +
                                    " is not a whole number of 8-GPU servers");
        }
        RailOptimizedClusterHelper rail;
        rail.SetServers(gpus / gpusPerServer);
        rail.SetGpusPerServer(gpusPerServer);
        rail.SetRadix(0);
        rail.SetAsicCapacity(0);
        FabricTopology topo = rail.BuildDescription();
        Ptr<FabricNetwork> net = FabricNetworkHelper().Install(topo);
        const Usage u1 = ProcessUsage();

        uint64_t switchPorts = 0;
        const std::vector<Ptr<FabricSwitch>> switches = net->GetSwitches();
        for (const auto& sw : switches)
        {
            switchPorts += sw->GetNPorts();
        }
        std::string label = std::to_string(gpus / 1024) + "k";
        if (gpus % 1024 != 0)
        {
            label = std::to_string(gpus);
        }
        BenchRecord record("build-" + label);
        record.Set("sim_time_s", 0.0);
        record.Set("packets", uint64_t(0));
        record.Set("packet_hops", uint64_t(0));
        record.Set("events", uint64_t(0));
        record.Set("hosts", net->GetNGpus());
        record.Set("switches", static_cast<uint64_t>(switches.size()));
        record.Set("switch_ports", switchPorts);
        record.Set("links", static_cast<uint64_t>(topo.GetLinks().size()));
        record.Set("build_cpu_s", u1.cpuS - u0.cpuS);
        record.Set("build_wall_s", u1.wallS - u0.wallS);
        record.Set("build_rss_mb", u1.peakRssMb);
        Simulator::Destroy();
        net = nullptr;
        record.PrintWithUsage(u0);
        return 0;
    });
}
