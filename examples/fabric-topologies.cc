/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Build a fat tree or a rail-optimized GPU cluster from flags, print its inventory, power,
// diameter and bisection bandwidth, then instantiate it, run a short traffic test (every GPU
// sends to the GPU half the cluster away, across the bisection) and print per-tier utilisation,
// delivered traffic and switch drops. A refused configuration prints "error: ..." and exits 2.
//
//   fabric-topologies --topology=fat-tree --tiers=2 --radix=16 --leaves=4
//   fabric-topologies --topology=fat-tree --tiers=3 --radix=8 --loadBalancing=spray
//   fabric-topologies --topology=rail --servers=16 --flowControl=pfc
//   fabric-topologies --topology=rail --servers=16 --shift=65      # across rails: via spines
//   fabric-topologies --pattern=incast --flowControl=pfc --pcap=incast   # PFC frames in pcap
//   fabric-topologies --topology=rail --servers=18 --gpusPerServer=4 --scaleUp=nvl72
//   fabric-topologies --topology=rail --servers=16 --rails=6     # refused: 8 GPUs, 6 rails

#include "example-topology.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("FabricTopologiesExample");

namespace
{

/// Datagrams received by all GPUs.
struct Delivered
{
    uint64_t packets{0}; //!< datagrams
    uint64_t bytes{0};   //!< payload bytes
};

void
ReceiveAll(Delivered* d, Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        ++d->packets;
        d->bytes += p->GetSize();
    }
}

void
SendOne(Ptr<Socket> socket, uint32_t payload, FabricPacketTag tag)
{
    Ptr<Packet> p = Create<Packet>(payload);
    p->AddPacketTag(tag);
    socket->Send(p);
}

FabricFlowControl
FlowControlFromName(const std::string& name)
{
    if (name == "none")
    {
        return FabricFlowControl::NONE;
    }
    if (name == "pfc")
    {
        return FabricFlowControl::PFC;
    }
    if (name == "credit")
    {
        return FabricFlowControl::CREDIT;
    }
    throw UnknownNameError("flow control", name, {"none", "pfc", "credit"});
}

std::string
LoadBalancingAttribute(const std::string& name)
{
    if (name == "ecmp")
    {
        return "Ecmp";
    }
    if (name == "spray")
    {
        return "Spray";
    }
    if (name == "adaptive")
    {
        return "Adaptive";
    }
    throw UnknownNameError("load balancing", name, {"ecmp", "spray", "adaptive"});
}

void
PrintDescription(const FabricTopology& topo)
{
    const FabricInventory inv = topo.Inventory();
    std::cout << "Inventory\n";
    for (const auto& [role, n] : inv.nodesByRole)
    {
        std::cout << "  " << std::setw(10) << std::left << role << std::right << std::setw(8) << n
                  << "\n";
    }
    for (const auto& [tier, n] : inv.linksByTier)
    {
        std::cout << "  links " << std::setw(14) << std::left << tier << std::right << std::setw(6)
                  << n << "\n";
    }
    for (const auto& [preset, n] : inv.transceiversByPreset)
    {
        std::cout << "  modules " << std::setw(12) << std::left << preset << std::right
                  << std::setw(6) << n << "\n";
    }
    std::cout << "  fibres             " << std::setw(6) << inv.fibres << "\n"
              << "  optics power       " << std::fixed << std::setprecision(1)
              << inv.opticsPowerW / 1e3 << " kW (all link ends at full load)\n"
              << "  diameter           " << topo.Diameter() << " hops (GPU to GPU)\n"
              << "  bisection          " << std::setprecision(1)
              << topo.BisectionBandwidthBps() / 1e12 << " Tb/s\n";
}

int
Run(int argc, char* argv[])
{
    std::string flowControl = "none";
    std::string loadBalancing = "ecmp";
    double load = 0.5;
    double durationUs = 50.0;
    uint32_t payload = 4000;
    int64_t shift = -1;
    std::string pcap;
    std::string pattern = "shift";
    double bufferMb = 64;

    CommandLine cmd(__FILE__);
    ExampleTopology topology;
    topology.AddTo(cmd);
    cmd.AddValue("flowControl", "none, pfc or credit", flowControl);
    cmd.AddValue("loadBalancing", "ecmp, spray or adaptive", loadBalancing);
    cmd.AddValue("load", "offered load per GPU NIC, fraction of its line rate", load);
    cmd.AddValue("duration", "traffic duration, microseconds", durationUs);
    cmd.AddValue("payload", "UDP payload per packet, bytes", payload);
    cmd.AddValue("shift", "GPU g sends to GPU (g + shift) mod N; -1 = N/2", shift);
    cmd.AddValue("bufferMB", "switch packet buffer, MiB", bufferMb);
    cmd.AddValue("pattern", "shift (GPU g to g + shift) or incast (GPUs 1-8 to GPU 0)", pattern);
    cmd.AddValue("pcap",
                 "Capture the ports of GPUs 0 and 1 to <prefix>-<node>-<dev>.pcap (empty: none)",
                 pcap);
    cmd.Parse(argc, argv);

    const FabricFlowControl fc = FlowControlFromName(flowControl);
    if (pattern != "shift" && pattern != "incast")
    {
        throw UnknownNameError("traffic pattern", pattern, {"shift", "incast"});
    }
    const std::string lb = LoadBalancingAttribute(loadBalancing);
    if (!(load > 0 && load <= 1))
    {
        throw FabricConfigError("--load must be in (0, 1], got " + std::to_string(load));
    }
    if (!(durationUs > 0))
    {
        throw FabricConfigError("--duration must be positive");
    }
    if (payload < 8 || payload > 8900)
    {
        throw FabricConfigError("--payload must be 8..8900 bytes (MTU 9000), got " +
                                std::to_string(payload));
    }

    FabricTopology topo = topology.Build();

    std::cout << "Topology: " << topology.topology << "\n";
    PrintDescription(topo);

    FabricNetworkHelper helper;
    helper.SetFlowControl(fc);
    helper.SetSwitchAttribute("LoadBalancing", StringValue(lb));
    if (!(bufferMb > 0))
    {
        throw FabricConfigError("--bufferMB must be positive");
    }
    helper.SetSwitchAttribute("BufferSize",
                              UintegerValue(static_cast<uint64_t>(bufferMb * 1024 * 1024)));
    Ptr<FabricNetwork> net = helper.Install(topo);
    std::cout << "Switches: " << net->GetSwitches().size() << ", nameplate power "
              << std::setprecision(1) << net->GetSwitchPowerW() / 1e3
              << " kW (ASICs + switch-side optics)\n";

    if (!pcap.empty())
    {
        PhotonicLinkHelper capture;
        for (uint32_t g = 0; g < std::min<uint32_t>(2, net->GetNGpus()); ++g)
        {
            Ptr<Node> gpu = net->GetGpuNode(g);
            for (uint32_t d = 0; d < gpu->GetNDevices(); ++d)
            {
                capture.EnablePcap(pcap, gpu->GetDevice(d), true);
            }
        }
    }

    // Traffic: GPU g sends to GPU (g + shift) mod N at `load` of its NIC rate, 4 entropies.
    const uint32_t n = net->GetNGpus();
    const uint32_t offset = shift < 0 ? n / 2 : static_cast<uint32_t>(shift % n);
    if (offset == 0)
    {
        throw FabricConfigError("--shift must not be a multiple of the GPU count (" +
                                std::to_string(n) + "): every GPU would send to itself");
    }
    Delivered delivered;
    uint64_t sentPackets = 0;
    const Time duration = MicroSeconds(durationUs);
    for (uint32_t g = 0; g < n; ++g)
    {
        Ptr<Socket> rx = Socket::CreateSocket(net->GetGpuNode(g), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        rx->SetRecvCallback(MakeBoundCallback(&ReceiveAll, &delivered));
    }
    const uint32_t senders = pattern == "incast" ? std::min<uint32_t>(8, n - 1) : n;
    for (uint32_t i = 0; i < senders; ++i)
    {
        const uint32_t g = pattern == "incast" ? i + 1 : i;
        const uint32_t dst = pattern == "incast" ? 0 : (g + offset) % n;
        Ptr<Node> node = net->GetGpuNode(g);
        Ptr<PhotonicNetDevice> nic;
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<PhotonicNetDevice> dev = DynamicCast<PhotonicNetDevice>(node->GetDevice(d));
            if (dev && (!nic || dev->GetDataRate() < nic->GetDataRate()))
            {
                nic = dev; // the NIC is the slower of the NIC and NVLink ports
            }
        }
        const uint32_t entropies = 4;
        const double wireBits = 8.0 * PhotonicNetDevice::WireBytes(payload + 28 + 14);
        const Time interval =
            Seconds(wireBits * entropies / (load * nic->GetDataRate().GetBitRate()));
        FabricPacketTag tag;
        tag.SetPriority(3);
        for (uint32_t e = 0; e < entropies; ++e)
        {
            Ptr<Socket> tx = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
            tx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 50000 + e));
            tx->Connect(InetSocketAddress(net->GetGpuAddress(dst), 9));
            for (Time t = interval * e / entropies; t < duration; t += interval)
            {
                Simulator::Schedule(t, &SendOne, tx, payload, tag);
                ++sentPackets;
            }
        }
    }
    // Utilisation over the traffic window; then let the fabric drain.
    std::map<std::string, double> utilisation;
    Simulator::Schedule(duration, [&]() { utilisation = net->GetTierUtilisation(); });
    Simulator::Stop(duration + MicroSeconds(200));
    Simulator::Run();

    std::cout << "Traffic: "
              << (pattern == "incast" ? std::to_string(senders) + " GPUs to GPU 0"
                                      : std::to_string(n) + " GPUs, each to the GPU " +
                                            std::to_string(offset) + " away")
              << ", load " << load << ", " << durationUs << " us, flow control " << flowControl
              << ", load balancing " << loadBalancing << "\n"
              << "  delivered        " << delivered.packets << " of " << sentPackets
              << " datagrams\n";
    for (const auto& [reason, count] : net->GetSwitchDrops())
    {
        std::cout << "  switch drops     " << count << " (" << reason << ")\n";
    }
    std::cout << "Per-tier utilisation (both directions, over the " << durationUs
              << " us of traffic)\n";
    for (const auto& [tier, u] : utilisation)
    {
        std::cout << "  " << std::setw(14) << std::left << tier << std::right
                  << std::setprecision(1) << std::setw(6) << 100.0 * u << " %\n";
    }
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunWithConfigErrors([&]() { return Run(argc, argv); });
}
