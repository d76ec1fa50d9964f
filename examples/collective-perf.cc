/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// nccl-tests on the simulated fabric: one collective over a range of sizes, one row per size
// in nccl-tests' layout (size, count, type, redop, root, time, algbw, busbw), each size on a
// fresh, idle fabric. The transport runs as its deployments use it (RoCEv2 on PFC, InfiniBand-
// style on credits, Ultra Ethernet-style with trimming). A collective the algorithm cannot run
// prints "error: ..." and exits 2 before anything is simulated.
//
//   collective-perf                                    # all-reduce, ring, 4 x 8 rail cluster
//   collective-perf --algorithm=hierarchical --minBytes=1M --maxBytes=64M
//   collective-perf --op=all-to-all --algorithm=pxn
//   collective-perf --transport=uet --rail=0 --ns3::FabricCommunicator::Channels=4
//   collective-perf --op=all-gather --algorithm=tree   # error: 'tree' does not run all-gather

#include "example-topology.h"
#include "nccl-size.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CollectivePerfExample");

namespace
{

/// What one size runs on.
struct Fabric
{
    Ptr<FabricNetwork> net;           //!< the fabric
    std::vector<Ptr<FabricNic>> nics; //!< by GPU
    Ptr<FabricCommunicator> comm;     //!< over the chosen GPUs
};

int
Run(int argc, char* argv[])
{
    ExampleTopology topology;
    topology.topology = "rail";
    topology.servers = 4;
    std::string transport = "roce";
    std::string op = "all-reduce";
    std::string algorithm = "ring";
    std::string minBytes = "1M";
    std::string maxBytes = "16M";
    uint32_t factor = 2;
    int32_t rail = -1;
    uint32_t root = 0;
    double limitMs = 1000;

    // Same results as ns-3's default simulator and scheduler, sooner;
    // --SimulatorImplementationType and --SchedulerType choose others.
    FabricSimulatorImpl::UseByDefault();

    CommandLine cmd(__FILE__);
    topology.AddTo(cmd);
    cmd.AddValue("transport", "roce, ib or uet", transport);
    cmd.AddValue("op",
                 "all-reduce, all-gather, reduce-scatter, all-to-all, broadcast, send-recv",
                 op);
    cmd.AddValue("algorithm", "ring, tree, halving-doubling, hierarchical, direct, pxn", algorithm);
    cmd.AddValue("minBytes", "smallest size (nccl-tests' size; K, M, G suffixes)", minBytes);
    cmd.AddValue("maxBytes", "largest size", maxBytes);
    cmd.AddValue("factor", "size multiplier between rows (>= 2)", factor);
    cmd.AddValue("rail", "ranks: -1 = every GPU, k = the GPUs of rail k (one per server)", rail);
    cmd.AddValue("root", "broadcast root; send-recv sender (to root + 1)", root);
    cmd.AddValue("limitMs", "simulated time limit per collective, ms", limitMs);
    cmd.Parse(argc, argv);

    const CollectiveOp collectiveOp = CollectiveOpFromName(op);
    const CollectiveAlgorithm collectiveAlgorithm = CollectiveAlgorithmFromName(algorithm);
    const TransportProfile profile = TransportProfileByName(transport);
    const uint64_t lo = ParseNcclSize("minBytes", minBytes);
    const uint64_t hi = ParseNcclSize("maxBytes", maxBytes);
    if (lo > hi || factor < 2 || !(limitMs > 0))
    {
        throw FabricConfigError("need minBytes <= maxBytes, factor >= 2 and limitMs > 0");
    }
    const FabricTopology topo = topology.Build();

    const auto build = [&]() {
        Fabric f;
        FabricNetworkHelper netHelper;
        profile.ApplyTo(netHelper);
        f.net = netHelper.Install(topo);
        FabricTransportHelper transportHelper;
        transportHelper.SetTransport(profile.transport);
        f.nics = transportHelper.Install(f.net);
        const std::vector<uint32_t> gpus =
            rail < 0 ? std::vector<uint32_t>{}
                     : FabricCollectiveHelper::RailGpus(f.net, static_cast<uint32_t>(rail));
        f.comm = FabricCollectiveHelper().Install(f.net, f.nics, gpus);
        return f;
    };

    // Refuse what cannot run before anything is simulated: every size is planned once.
    {
        Fabric f = build();
        for (uint64_t bytes = lo; bytes <= hi; bytes *= factor)
        {
            f.comm->Plan(collectiveOp,
                         collectiveAlgorithm,
                         bytes,
                         root,
                         (root + 1) % f.comm->GetRanks());
        }
        UintegerValue channels;
        UintegerValue chunk;
        f.comm->GetAttribute("Channels", channels);
        f.comm->GetAttribute("ChunkBytes", chunk);
        std::cout << "# collective-perf: " << op << " with " << algorithm << " on "
                  << f.comm->GetRanks() << " ranks of a " << topology.topology << " fabric ("
                  << f.net->GetNGpus() << " GPUs), transport " << transport << ", "
                  << channels.Get() << " channels, chunks of " << chunk.Get() << " bytes\n#\n"
                  << NcclTestsHeader();
        Simulator::Destroy();
    }

    double busbwSum = 0;
    uint32_t rows = 0;
    for (uint64_t bytes = lo; bytes <= hi; bytes *= factor)
    {
        Fabric f = build();
        CollectiveResult r;
        try
        {
            r = FabricCollectiveHelper::Run(f.comm,
                                            collectiveOp,
                                            collectiveAlgorithm,
                                            bytes,
                                            root,
                                            MilliSeconds(limitMs));
        }
        catch (const std::runtime_error& e)
        {
            // Not a result: say so and fail rather than print a partial row.
            std::cerr << "error: " << e.what() << std::endl;
            return 1;
        }
        std::cout << FormatNcclTestsRow(r) << std::endl;
        busbwSum += r.busbwGBps;
        ++rows;
        Simulator::Destroy();
    }
    std::cout << "# Avg bus bandwidth    : " << busbwSum / rows << "\n";
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunWithConfigErrors([&]() { return Run(argc, argv); });
}
