/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Run the same incast and permutation over each transport family on one topology, and print
// per transport and pattern the message completion-time percentiles and what the fabric did:
// drops, PFC pauses, trims, ECN/FECN marks, retransmissions, NAKs, CNPs/BECNs, timeouts.
// Each transport runs on the fabric its deployments use: RoCEv2 on PFC with ECN (DCQCN),
// InfiniBand-style on credits with FECN (CCT), Ultra Ethernet-style on a lossy fabric with
// trimming (NSCC). A refused configuration prints "error: ..." and exits 2.
//
//   transport-compare                                  # 2-tier fat tree, 128 GPUs, all three
//   transport-compare --transports=roce,uet --pattern=permutation
//   transport-compare --transports=uet --cc=ns3::FabricCongestionControl   # UET without CC
//   transport-compare --topology=rail --servers=16 --pattern=incast --incastSenders=32
//   transport-compare --transports=roce --pattern=incast --pcap=roce   # RoCEv2 in pcap
//   transport-compare --db=results/compare.sqlite      # one database run per transport x pattern

#include "example-topology.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TransportCompareExample");

namespace
{

/// Split "a,b,c".
std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

/// A number as the command line would give it.
std::string
Text(double v)
{
    std::ostringstream oss;
    oss << v;
    return oss.str();
}

/// One line of the results table.
void
PrintRow(const std::string& transport, const std::string& pattern, const WorkloadResult& r)
{
    std::cout << std::left << std::setw(6) << transport << std::setw(12) << pattern << std::right
              << std::setw(5) << r.completed << "/" << std::left << std::setw(5) << r.posted
              << std::right << std::fixed << std::setprecision(1) << std::setw(9) << r.MeanUs()
              << std::setw(9) << r.Percentile(0.5) << std::setw(9) << r.Percentile(0.99)
              << std::setw(9) << r.Percentile(1.0) << std::setw(7) << r.drops << std::setw(7)
              << r.pfcPauses << std::setw(7) << r.trims << std::setw(7) << r.ecnMarks
              << std::setw(7) << r.nic.retransmissions << std::setw(6) << r.nic.nacksSent
              << std::setw(6) << r.nic.cnpsSent + r.nic.becnsSent << std::setw(5) << r.nic.timeouts
              << "\n";
}

int
Run(int argc, char* argv[])
{
    ExampleTopology topology;
    topology.leaves = 16; // 128 GPUs at radix 16
    std::string transports = "roce,ib,uet";
    std::string cc;
    std::string pattern = "incast,permutation";
    uint32_t incastSenders = 16;
    double incastKiB = 1024;
    double permutationKiB = 1024;
    double bufferMb = 32;
    double limitMs = 100;
    std::string pcap;
    std::string dbPath;

    // Same results as ns-3's default simulator and scheduler, sooner;
    // --SimulatorImplementationType and --SchedulerType choose others.
    FabricSimulatorImpl::UseByDefault();

    CommandLine cmd(__FILE__);
    topology.AddTo(cmd);
    cmd.AddValue("transports", "comma list of roce, ib, uet", transports);
    cmd.AddValue("cc",
                 "congestion control TypeId for every transport (empty: each transport's "
                 "default; ns3::FabricCongestionControl = none)",
                 cc);
    cmd.AddValue("pattern", "comma list of incast, permutation", pattern);
    cmd.AddValue("incastSenders", "incast: senders to GPU 0", incastSenders);
    cmd.AddValue("incastKiB", "incast: KiB per sender", incastKiB);
    cmd.AddValue("permutationKiB", "permutation: KiB per GPU", permutationKiB);
    cmd.AddValue("bufferMB", "switch packet buffer, MiB", bufferMb);
    cmd.AddValue("limitMs", "simulated time limit per run, ms", limitMs);
    cmd.AddValue("pcap",
                 "capture GPU 0's and GPU 1's NIC ports to <prefix>-<transport>-<pattern>-... "
                 "(real ICRCs; empty: none)",
                 pcap);
    cmd.AddValue("db",
                 "write the results to this SQLite database, one run per transport and pattern "
                 "(replaces a previous run's file; empty: none)",
                 dbPath);
    cmd.Parse(argc, argv);

    std::vector<TransportProfile> profiles;
    for (const std::string& name : SplitList(transports))
    {
        profiles.push_back(TransportProfileByName(name));
    }
    if (profiles.empty())
    {
        throw FabricConfigError("--transports names no transport");
    }
    const std::vector<std::string> patterns = SplitList(pattern);
    for (const std::string& p : patterns)
    {
        if (p != "incast" && p != "permutation")
        {
            throw UnknownNameError("traffic pattern", p, {"incast", "permutation"});
        }
    }
    if (!(incastKiB > 0) || !(permutationKiB > 0) || !(bufferMb > 0) || !(limitMs > 0))
    {
        throw FabricConfigError("--incastKiB, --permutationKiB, --bufferMB and --limitMs must be "
                                "positive");
    }

    const FabricTopology topo = topology.Build();
    // Check the transport and congestion-control names before any run.
    FabricTransportHelper check;
    for (const TransportProfile& p : profiles)
    {
        check.SetTransport(p.transport);
    }
    check.SetCongestionControl(cc);
    // The database is opened before anything runs, so a bad path is refused up front.
    Ptr<FabricResultsDatabase> db;
    if (!dbPath.empty())
    {
        db = CreateObject<FabricResultsDatabase>();
        db->Open(dbPath);
    }

    const uint32_t gpus = static_cast<uint32_t>(topo.GetNodesOfRole(FabricRole::GPU).size());
    std::cout << "Topology: " << topology.topology << ", " << gpus << " GPUs; switch buffer "
              << bufferMb << " MiB\n"
              << "Incast: " << incastSenders << " senders x " << incastKiB << " KiB to GPU 0; "
              << "permutation: " << permutationKiB << " KiB per GPU\n\n"
              << "                    done     mean      p50      p99      max  drops pauses "
                 " trims  marks   retx  nack cnp/b   rto\n"
              << "                             (message completion time, us)\n";
    // One transport on one pattern: a fresh fabric, the workload, a row (and a database run).
    auto runOne = [&](const TransportProfile& profile, const std::string& p) {
        FabricNetworkHelper netHelper;
        profile.ApplyTo(netHelper);
        netHelper.SetSwitchAttribute("BufferSize",
                                     UintegerValue(static_cast<uint64_t>(bufferMb * 1024 * 1024)));
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transport;
        transport.SetTransport(profile.transport);
        transport.SetCongestionControl(cc);
        TypeId::AttributeInformation icrc;
        if (!pcap.empty() &&
            TypeId::LookupByName(profile.transport).LookupAttributeByName("ComputeIcrc", &icrc))
        {
            transport.SetTransportAttribute("ComputeIcrc", BooleanValue(true));
        }
        std::vector<Ptr<FabricNic>> nics = transport.Install(net);
        if (!pcap.empty())
        {
            PhotonicLinkHelper capture;
            for (uint32_t g = 0; g < std::min<uint32_t>(2, gpus); ++g)
            {
                Ptr<PhotonicNetDevice> dev =
                    nics[g]->GetPortDevice(nics[g]->PortFor((g + 1) % gpus));
                capture.EnablePcap(pcap + "-" + profile.name + "-" + p, dev, true);
            }
        }
        if (db)
        {
            db->Connect(*net, nics);
        }
        const std::vector<MessageFlow> flows =
            p == "incast"
                ? IncastFlows(gpus, incastSenders, 0, static_cast<uint64_t>(incastKiB * 1024))
                : PermutationFlows(gpus, static_cast<uint64_t>(permutationKiB * 1024), 1);
        const WorkloadResult r =
            RunWorkload(net, nics, flows, MicroSeconds(1), MilliSeconds(limitMs));
        PrintRow(profile.name, p, r);
        if (db)
        {
            db->RecordNetworkTotals(*net);
            db->Complete();
        }
        Simulator::Destroy();
    };

    for (const TransportProfile& profile : profiles)
    {
        for (const std::string& p : patterns)
        {
            if (db)
            {
                // The flags that reproduce this run alone.
                std::map<std::string, std::string> params{
                    {"transports", profile.name},
                    {"pattern", p},
                    {"cc", cc},
                    {"incastSenders", std::to_string(incastSenders)},
                    {"incastKiB", Text(incastKiB)},
                    {"permutationKiB", Text(permutationKiB)},
                    {"bufferMB", Text(bufferMb)},
                    {"limitMs", Text(limitMs)}};
                topology.AddParameters(params);
                db->BeginRun("transport-compare",
                             RngSeedManager::GetSeed(),
                             RngSeedManager::GetRun(),
                             params);
            }
            try
            {
                runOne(profile, p);
            }
            catch (const std::exception& e)
            {
                // The run is marked failed with the reason; the program still reports the error.
                if (db && db->GetRunId() >= 0)
                {
                    db->Fail(e.what());
                }
                throw;
            }
        }
    }
    if (db)
    {
        std::cout << "\nResults database: " << db->GetPath() << "\n";
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunWithConfigErrors([&]() { return Run(argc, argv); });
}
