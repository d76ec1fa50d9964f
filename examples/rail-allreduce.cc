/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The flagship example: an nccl-tests-style sweep of a collective (all-reduce by default) on a
// rail-optimized GPU cluster (16 servers x 8 GPUs, 400G NICs, 800G leaf-spine links, NVLink 4
// inside servers), over one transport and one packaging of the scale-out optics. It prints one
// nccl-tests row per size plus the scale-out network's energy, drops and pauses during that
// collective, and writes everything to an SQLite database. A refused configuration prints
// "error: ..." and exits 2 before anything runs or is written.
//
//   rail-allreduce                                     # RoCEv2, pluggable optics, ring
//   rail-allreduce --transport=uet --optics=cpo --algorithm=hierarchical
//   rail-allreduce --minBytes=64M --maxBytes=64M --db=results/one.sqlite
//   rail-allreduce --op=all-to-all --algorithm=pxn --minBytes=16M --maxBytes=16M

#include "example-topology.h"
#include "nccl-size.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <cstdio>
#include <functional>
#include <iostream>
#include <numeric>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("RailAllreduceExample");

namespace
{

/// What the fabric did during one collective: differences of the network's counters.
struct FabricDelta
{
    double scaleOutJ{0};     //!< scale-out network energy, joules
    uint64_t drops{0};       //!< switch drops, all reasons
    uint64_t pauses{0};      //!< PFC pause frames sent by switches
    uint64_t trims{0};       //!< packets trimmed
    uint64_t retransmits{0}; //!< NIC retransmissions
};

/// The counters a FabricDelta is taken from, at one instant.
struct FabricSnapshot
{
    double scaleOutJ{0};         //!< scale-out energy so far
    FabricPortCounters switches; //!< switch counters summed
    FabricNicCounters nics;      //!< NIC counters summed

    /**
     * \brief Take one.
     * \param net the network
     * \param nics its NICs
     * \return the snapshot
     */
    static FabricSnapshot Take(Ptr<FabricNetwork> net, const std::vector<Ptr<FabricNic>>& nics)
    {
        FabricSnapshot s;
        s.scaleOutJ = net->GetEnergy().scaleOutJ;
        s.switches = net->GetSwitchCounters();
        for (const auto& nic : nics)
        {
            s.nics += nic->GetCounters();
        }
        return s;
    }

    /**
     * \brief What happened since an earlier snapshot.
     * \param before the earlier one
     * \return the differences
     */
    FabricDelta Since(const FabricSnapshot& before) const
    {
        auto total = [](const FabricPortCounters& c) {
            return std::accumulate(c.drops.begin(), c.drops.end(), uint64_t(0));
        };
        FabricDelta d;
        d.scaleOutJ = scaleOutJ - before.scaleOutJ;
        d.drops = total(switches) - total(before.switches);
        d.pauses = switches.pfcPausesSent - before.switches.pfcPausesSent;
        d.trims = switches.trims - before.switches.trims;
        d.retransmits = nics.retransmissions - before.nics.retransmissions;
        return d;
    }
};

/// The sizes of an nccl-tests sweep: min, min x factor, ... up to max.
std::vector<uint64_t>
SweepSizes(uint64_t minBytes, uint64_t maxBytes, double factor)
{
    std::vector<uint64_t> sizes;
    for (double s = static_cast<double>(minBytes); s <= maxBytes * (1 + 1e-12); s *= factor)
    {
        sizes.push_back(static_cast<uint64_t>(s));
    }
    return sizes;
}

/// The nccl-tests header with this example's columns appended.
std::string
HeaderWithFabricColumns()
{
    const std::string header = NcclTestsHeader();
    const std::size_t nl = header.find('\n');
    return header.substr(0, nl) + "  energy  pJ/bit   drops  pauses   trims    retx\n" +
           header.substr(nl + 1, header.size() - nl - 2) + "     (J)\n";
}

int
Run(int argc, char* argv[])
{
    ExampleTopology topology;
    topology.topology = "rail";
    std::string transport = "roce";
    std::string algorithm = "ring";
    std::string op = "all-reduce";
    std::string minBytesText = "1M";
    std::string maxBytesText = "16M";
    double stepFactor = 2;
    uint32_t iters = 1;
    uint32_t channels = 0;
    double chunkKiB = 0;
    double bufferMb = 32;
    double limitMs = 1000;
    uint32_t messageSample = 16;
    uint64_t seed = 1;
    uint64_t runNumber = 1;
    std::string db;

    // Same results as ns-3's default simulator and scheduler, sooner;
    // --SimulatorImplementationType and --SchedulerType choose others.
    FabricSimulatorImpl::UseByDefault();

    CommandLine cmd(__FILE__);
    topology.AddTo(cmd);
    cmd.AddValue("transport", "roce, ib or uet", transport);
    cmd.AddValue("op",
                 "all-reduce, all-gather, reduce-scatter, all-to-all, broadcast or send-recv",
                 op);
    cmd.AddValue("algorithm",
                 "ring, tree, halving-doubling, hierarchical, direct or pxn (never substituted)",
                 algorithm);
    cmd.AddValue("minBytes", "smallest size (nccl-tests -b), e.g. 1M", minBytesText);
    cmd.AddValue("maxBytes", "largest size (nccl-tests -e), e.g. 16M", maxBytesText);
    cmd.AddValue("stepFactor", "size multiplier between rows (nccl-tests -f), > 1", stepFactor);
    cmd.AddValue("iters", "collectives per size, averaged (nccl-tests -n)", iters);
    cmd.AddValue("channels", "channels per collective (0: the communicator's default)", channels);
    cmd.AddValue("chunkKiB", "pipelining slice, KiB (0: the communicator's default)", chunkKiB);
    cmd.AddValue("bufferMB", "switch packet buffer, MiB", bufferMb);
    cmd.AddValue("limitMs", "simulated time limit for the whole sweep, ms", limitMs);
    cmd.AddValue("messageSample",
                 "write every N-th message to the database (1: all)",
                 messageSample);
    cmd.AddValue("seed", "random seed (RngSeedManager)", seed);
    cmd.AddValue("run", "run number (RngSeedManager)", runNumber);
    cmd.AddValue("db",
                 "SQLite results file (default results/rail-allreduce-<transport>-<optics>-"
                 "<algorithm>.sqlite)",
                 db);
    cmd.Parse(argc, argv);

    // --- everything is checked before anything runs or is written ----------------------
    if (topology.topology != "rail")
    {
        throw FabricConfigError("--topology: rail-allreduce runs on a rail-optimized cluster "
                                "only, got '" +
                                topology.topology + "'");
    }
    const TransportProfile profile = TransportProfileByName(transport);
    const CollectiveOp opKind = CollectiveOpFromName(op);
    const CollectiveAlgorithm algKind = CollectiveAlgorithmFromName(algorithm);
    const uint64_t minBytes = ParseNcclSize("minBytes", minBytesText);
    const uint64_t maxBytes = ParseNcclSize("maxBytes", maxBytesText);
    if (minBytes > maxBytes)
    {
        throw FabricConfigError("--minBytes=" + minBytesText +
                                " exceeds --maxBytes=" + maxBytesText);
    }
    if (!(stepFactor > 1) || iters == 0 || !(bufferMb > 0) || !(limitMs > 0) ||
        messageSample == 0 || chunkKiB < 0 || seed == 0)
    {
        throw FabricConfigError("--stepFactor must exceed 1; --iters, --bufferMB, --limitMs, "
                                "--messageSample and --seed must be positive; --chunkKiB "
                                "must not be negative");
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(runNumber);
    const FabricTopology topo = topology.Build();

    FabricNetworkHelper netHelper;
    profile.ApplyTo(netHelper);
    netHelper.SetSwitchAttribute("BufferSize",
                                 UintegerValue(static_cast<uint64_t>(bufferMb * 1024 * 1024)));
    Ptr<FabricNetwork> net = netHelper.Install(topo);
    FabricTransportHelper transportHelper;
    transportHelper.SetTransport(profile.transport);
    std::vector<Ptr<FabricNic>> nics = transportHelper.Install(net);
    FabricCollectiveHelper collHelper;
    if (channels > 0)
    {
        collHelper.SetCommunicatorAttribute("Channels", UintegerValue(channels));
    }
    if (chunkKiB > 0)
    {
        collHelper.SetCommunicatorAttribute("ChunkBytes",
                                            UintegerValue(static_cast<uint64_t>(chunkKiB * 1024)));
    }
    Ptr<FabricCommunicator> comm = collHelper.Install(net, nics);
    comm->Check(opKind, algKind);
    const std::vector<uint64_t> sizes = SweepSizes(minBytes, maxBytes, stepFactor);

    if (db.empty())
    {
        db = "results/rail-allreduce-" + transport + "-" + topology.optics + "-" + algorithm +
             ".sqlite";
    }
    Ptr<FabricResultsDatabase> results = CreateObject<FabricResultsDatabase>();
    results->SetAttribute("MessageSampleEvery", UintegerValue(messageSample));
    results->Open(db); // an unwritable path fails here, before the run
    std::map<std::string, std::string> params = {{"transport", transport},
                                                 {"op", op},
                                                 {"algorithm", algorithm},
                                                 {"minBytes", std::to_string(minBytes)},
                                                 {"maxBytes", std::to_string(maxBytes)},
                                                 {"stepFactor", std::to_string(stepFactor)},
                                                 {"iters", std::to_string(iters)},
                                                 {"bufferMB", std::to_string(bufferMb)},
                                                 {"limitMs", std::to_string(limitMs)}};
    topology.AddParameters(params);
    UintegerValue ch;
    comm->GetAttribute("Channels", ch);
    params["channels"] = std::to_string(ch.Get());
    UintegerValue chunk;
    comm->GetAttribute("ChunkBytes", chunk);
    params["chunkBytes"] = std::to_string(chunk.Get());
    results->BeginRun("rail-allreduce", seed, runNumber, params);
    results->Connect(*net, nics);

    std::cout << "# rail-allreduce: " << topology.servers << " servers x " << topology.gpusPerServer
              << " GPUs (" << comm->GetRanks() << " ranks), " << transport << " over "
              << topology.optics << " optics, " << op << " by " << algorithm << ", " << ch.Get()
              << " channels, " << chunk.Get() / 1024 << " KiB chunks\n"
              << "# energy: scale-out network (NIC and switch optics, leaf/spine ASICs) during "
                 "the collective; pJ/bit per payload bit sent through NICs\n"
              << HeaderWithFabricColumns();

    // One collective after another, as nccl-tests runs them; each row averages its iters.
    std::size_t sizeIndex = 0;
    uint32_t iter = 0;
    std::vector<CollectiveResult> rowRuns;
    FabricSnapshot rowStart;
    double busbwSum = 0;
    std::function<void()> startNext;
    const FabricCommunicator::CompleteCallback done([&](const CollectiveResult& r) {
        rowRuns.push_back(r);
        if (++iter < iters)
        {
            Simulator::ScheduleNow(startNext);
            return;
        }
        const FabricDelta d = FabricSnapshot::Take(net, nics).Since(rowStart);
        CollectiveResult row = rowRuns.front();
        row.timeS = 0;
        for (const auto& x : rowRuns)
        {
            row.timeS += x.timeS / rowRuns.size();
        }
        row.algbwGBps = row.bytes / row.timeS / 1e9;
        row.busbwGBps = row.algbwGBps * BusBandwidthFactor(opKind, row.ranks);
        row.end = rowRuns.back().end;
        const double energyJ = d.scaleOutJ / rowRuns.size();
        const double pjPerBit =
            row.scaleOutBytes > 0 ? energyJ / (8.0 * row.scaleOutBytes) * 1e12 : -1;
        busbwSum += row.busbwGBps;

        FabricCollectiveRecord rec;
        rec.op = row.op;
        rec.algorithm = row.algorithm;
        rec.ranks = row.ranks;
        rec.bytes = row.bytes;
        rec.timeS = row.timeS;
        rec.algbwGBps = row.algbwGBps;
        rec.busbwGBps = row.busbwGBps;
        rec.startS = rowRuns.front().start.GetSeconds();
        rec.endS = row.end.GetSeconds();
        rec.messages = row.messages;
        rec.energyJ = energyJ;
        rec.energyPjPerBit = pjPerBit;
        results->RecordCollective(rec);

        char extra[128];
        std::snprintf(extra,
                      sizeof(extra),
                      "  %6.3f  %6.2f  %6llu  %6llu  %6llu  %6llu",
                      energyJ,
                      pjPerBit,
                      static_cast<unsigned long long>(d.drops),
                      static_cast<unsigned long long>(d.pauses),
                      static_cast<unsigned long long>(d.trims),
                      static_cast<unsigned long long>(d.retransmits));
        std::cout << FormatNcclTestsRow(row) << extra << std::endl;
        iter = 0;
        rowRuns.clear();
        if (++sizeIndex < sizes.size())
        {
            Simulator::ScheduleNow(startNext);
        }
        else
        {
            Simulator::Stop();
        }
    });
    startNext = [&]() {
        if (iter == 0)
        {
            rowStart = FabricSnapshot::Take(net, nics);
        }
        comm->Start(opKind, algKind, sizes[sizeIndex], done);
    };
    Simulator::Schedule(MicroSeconds(1), startNext);
    Simulator::Stop(MilliSeconds(limitMs));
    Simulator::Run();

    if (sizeIndex < sizes.size())
    {
        std::ostringstream oss;
        oss << "the " << sizes[sizeIndex] << "-byte " << op
            << " did not complete within --limitMs=" << limitMs;
        results->Fail(oss.str());
        Simulator::Destroy();
        std::cerr << "error: " << oss.str() << "\n";
        return 1;
    }
    std::cout << "# Out of bounds values : 0 OK\n"
              << "# Avg bus bandwidth    : " << busbwSum / sizes.size() << "\n";
    results->RecordNetworkTotals(*net);
    const int64_t runId = results->GetRunId();
    results->Complete();
    std::cout << "# results: " << results->GetPath() << " (run " << runId << ", complete)\n";
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunWithConfigErrors([&]() { return Run(argc, argv); });
}
