/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark scenarios "perm-N": a permutation (every host sends --kib KiB to one other host, no
// two to the same receiver) on a 3-tier k-ary fat tree (k = 8: 128 hosts; k = 16: 1024; k = 32:
// 8192), 800G (DR8) everywhere, over a chosen transport, run until every message completes.
//
// "1 us per hop", as in the UEC reference simulator (htsim: 1 us per link, switches add no
// latency): every cable is cut so that its propagation plus the receive path of its modules
// (DSP at both ends and FEC decoding) is --hopLatency, and the switches' PipelineLatency is
// --pipelineLatency (0 by default: the hop latency holds it). The Ultra Ethernet-style transport
// (the default) sprays every packet over 64 entropies, NSCC is its congestion control, switches
// trim; payload 4 KiB per packet (FabricNic Mtu). No host IP stack is installed: the NIC
// transports do not use it.
//
// Prints one JSON object (bench-record.h): hosts, switch ports, simulated time reached, setup
// and run CPU seconds, peak RSS, data packets, packet hops (packets arriving over a link, at a
// switch or at a GPU), events and the completion-time mean, p50, p99 and max.

#include "bench-hops.h"
#include "bench-record.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <cmath>

using namespace ns3;

namespace
{

/**
 * \brief Cable length that makes a DR8 hop take a given latency.
 * \param hop propagation + receive path wanted
 * \return metres of single-mode fibre
 */
double
CableForHop(Time hop)
{
    const TransceiverSpec& dr8 = OpticsCatalogue::Get("DR8");
    const double receivePathNs = 2 * dr8.moduleLatencyNs + GetFecSpec(dr8.fec).latencyNs;
    const double propagationNs = hop.GetNanoSeconds() - receivePathNs;
    if (propagationNs < 0)
    {
        throw FabricConfigError("bench: a hop of " + std::to_string(hop.GetNanoSeconds()) +
                                " ns is shorter than the DR8 receive path of " +
                                std::to_string(receivePathNs) + " ns");
    }
    // A hair over the exact length, so the delay does not truncate to the nanosecond below.
    return (propagationNs + 1e-6) /
           PhotonicMediumDelayNsPerMetre(PhotonicMedium::SINGLE_MODE_FIBRE);
}

/**
 * \brief A fingerprint of the completion times (FNV-1a over them in whole picoseconds), so
 * that runs can be checked for identical results at a glance.
 * \param fctUs completion times, microseconds
 * \return 16 hex digits
 */
std::string
FctDigest(const std::vector<double>& fctUs)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (double us : fctUs)
    {
        const auto ps = static_cast<uint64_t>(std::llround(us * 1e6));
        for (int b = 0; b < 8; ++b)
        {
            h = (h ^ ((ps >> (8 * b)) & 0xff)) * 0x100000001b3ull;
        }
    }
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(h));
    return text;
}

} // namespace

int
main(int argc, char* argv[])
{
    const Usage u0 = ProcessUsage();
    uint32_t k = 8;
    double kib = 2048;
    std::string transport = "uet";
    Time hopLatency = MicroSeconds(1);
    Time pipelineLatency = Time(0);
    // The benchmarks run on FabricSimulatorImpl and FabricLaneScheduler unless
    // --SimulatorImplementationType or --SchedulerType says otherwise.
    FabricSimulatorImpl::UseByDefault();
    CommandLine cmd(__FILE__);
    cmd.AddValue("k", "fat-tree arity (hosts = k^3 / 4)", k);
    cmd.AddValue("kib", "KiB each host sends", kib);
    cmd.AddValue("transport", "uet, roce or ib", transport);
    cmd.AddValue("hopLatency", "cable propagation + receive path of every link", hopLatency);
    cmd.AddValue("pipelineLatency", "PipelineLatency of every switch", pipelineLatency);
    cmd.Parse(argc, argv);
    return RunWithConfigErrors([&]() {
        const TransportProfile profile = TransportProfileByName(transport);
        FatTreeHelper ft;
        ft.SetTiers(3);
        ft.SetRadix(k);
        const double cable = CableForHop(hopLatency);
        for (const char* tier : {"gpu-leaf", "leaf-spine", "spine-core"})
        {
            ft.SetTierLink(tier, "DR8", PhotonicMedium::SINGLE_MODE_FIBRE, cable);
        }
        FabricTopology topo = ft.BuildDescription();
        FabricNetworkHelper netHelper;
        netHelper.SetInstallInternet(false);
        profile.ApplyTo(netHelper);
        netHelper.SetSwitchAttribute("PipelineLatency", TimeValue(pipelineLatency));
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transportHelper;
        transportHelper.SetTransport(profile.transport);
        const std::vector<Ptr<FabricNic>> nics = transportHelper.Install(net);
        const std::vector<MessageFlow> flows =
            PermutationFlows(net->GetNGpus(), static_cast<uint64_t>(kib * 1024), 1);
        const Usage u1 = ProcessUsage();
        const WorkloadResult r = RunWorkload(net, nics, flows, MicroSeconds(1), Seconds(1));
        const Usage u2 = ProcessUsage();

        uint64_t switchPorts = 0;
        for (const auto& sw : net->GetSwitches())
        {
            switchPorts += sw->GetNPorts();
        }
        Ptr<PhotonicNetDevice> dev = net->GetLinkDevice(0, 1);
        const Time hop = DynamicCast<PhotonicChannel>(dev->GetChannel())->GetDelay() +
                         dev->GetReceivePathLatency();

        BenchRecord record("perm-" + std::to_string(net->GetNGpus()));
        record.Set("transport", transport);
        record.Set("sim_time_s", Simulator::Now().GetSeconds());
        record.Set("packets", r.nic.dataPackets);
        record.Set("packet_hops", BenchPacketHops(net));
        record.Set("events", Simulator::GetEventCount());
        record.Set("hosts", net->GetNGpus());
        record.Set("switch_ports", switchPorts);
        record.Set("hop_latency_ns", static_cast<double>(hop.GetNanoSeconds()));
        record.Set("posted", r.posted);
        record.Set("completed", r.completed);
        record.Set("fct_mean_us", r.MeanUs());
        record.Set("fct_p50_us", r.Percentile(0.5));
        record.Set("fct_p99_us", r.Percentile(0.99));
        record.Set("fct_max_us", r.Percentile(1.0));
        record.Set("fct_digest", FctDigest(r.fctUs));
        record.Set("retransmissions", r.nic.retransmissions);
        record.Set("trims", r.trims);
        record.Set("drops", r.drops);
        record.Set("setup_cpu_s", u1.cpuS - u0.cpuS);
        record.Set("run_cpu_s", u2.cpuS - u1.cpuS);
        Simulator::Destroy();
        record.PrintWithUsage(u0);
        return 0;
    });
}
