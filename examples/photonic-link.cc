/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Two hosts joined by one photonic link. Choose the transceiver preset, the medium and the
// length from the command line; the program checks the link (reach, medium, optical margin),
// saturates it with UDP (or TCP with --tcp) and prints delay, goodput, frame loss, energy and
// pJ/bit. A refused configuration prints "error: ..." and exits with status 2.
//
//   photonic-link --transceiver=DR8 --medium=smf --length=100
//   photonic-link --transceiver=DR8 --length=2000        # refused: beyond the 500 m reach
//   photonic-link --transceiver=DR8 --rxPenalty=3.8      # a degraded receiver loses frames

#include "ns3/ai-fabric-module.h"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PhotonicLinkExample");

namespace
{

/// Counters filled by trace sinks.
struct LinkCounters
{
    uint64_t rxFrames{0};     //!< frames received intact
    uint64_t fecLost{0};      //!< frames lost to uncorrectable codewords
    uint64_t linkDownLost{0}; //!< frames lost to link down
};

void
CountRx(LinkCounters* c, Ptr<const Packet>)
{
    ++c->rxFrames;
}

void
CountDrop(LinkCounters* c, Ptr<const Packet>, PhotonicDropReason reason)
{
    (reason == PhotonicDropReason::FEC_UNCORRECTABLE ? c->fecLost : c->linkDownLost)++;
}

int
Run(int argc, char* argv[])
{
    std::string transceiver = "DR8";
    std::string medium = "smf";
    double length = 100.0;
    uint32_t connectors = 2;
    double insertionLoss = 0.0;
    double amplifierGain = 0.0;
    double rxPenalty = 0.0;
    double durationMs = 1.0;
    bool tcp = false;
    std::string pcap;
    uint32_t seed = 1;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("transceiver", "Transceiver preset (see --listPresets)", transceiver);
    cmd.AddValue("medium", "Cable medium: smf, mmf, copper, hcf", medium);
    cmd.AddValue("length", "Cable length in metres", length);
    cmd.AddValue("connectors", "Mated connector pairs on the path", connectors);
    cmd.AddValue("insertionLoss", "Circuit switch / panel insertion loss in dB", insertionLoss);
    cmd.AddValue("amplifierGain", "In-line optical amplifier gain in dB", amplifierGain);
    cmd.AddValue("rxPenalty", "Received power penalty in dB (degradation)", rxPenalty);
    cmd.AddValue("duration", "Traffic duration in milliseconds", durationMs);
    cmd.AddValue("tcp", "Use one TCP BulkSend flow instead of saturating UDP", tcp);
    cmd.AddValue("pcap", "Write pcap files with this path prefix (empty: none)", pcap);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.AddValue("run", "Random run number", run);
    bool listPresets = false;
    cmd.AddValue("listPresets", "Print the transceiver presets and exit", listPresets);
    cmd.Parse(argc, argv);

    if (listPresets)
    {
        std::cout << std::left << std::setw(12) << "preset" << std::setw(8) << "Gb/s"
                  << std::setw(8) << "medium" << std::setw(10) << "reach m" << std::setw(8) << "W"
                  << "pJ/bit" << std::endl;
        for (const auto& name : OpticsCatalogue::Names())
        {
            const TransceiverSpec s = OpticsCatalogue::Get(name);
            std::cout << std::left << std::setw(12) << s.name << std::setw(8)
                      << s.DataRateBps() / 1e9 << std::setw(8) << PhotonicMediumName(s.medium)
                      << std::setw(10) << s.reachM << std::setw(8) << s.powerW << s.EnergyPerBitPj()
                      << std::endl;
        }
        return 0;
    }
    if (!(durationMs > 0))
    {
        throw FabricConfigError("--duration must be > 0 ms, got " + std::to_string(durationMs));
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);

    NodeContainer hosts;
    hosts.Create(2);
    PhotonicLinkHelper link;
    link.SetTransceiver(transceiver);
    link.SetChannelAttribute("Medium", StringValue(medium));
    link.SetChannelAttribute("Length", DoubleValue(length));
    link.SetChannelAttribute("Connectors", UintegerValue(connectors));
    link.SetChannelAttribute("InsertionLoss", DoubleValue(insertionLoss));
    link.SetChannelAttribute("AmplifierGain", DoubleValue(amplifierGain));
    link.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1000p"));
    NetDeviceContainer devices = link.Install(hosts); // refuses a bad link
    link.AssignStreams(devices, 0);
    Ptr<PhotonicNetDevice> txDev = DynamicCast<PhotonicNetDevice>(devices.Get(0));
    Ptr<PhotonicNetDevice> rxDev = DynamicCast<PhotonicNetDevice>(devices.Get(1));
    // A degradation after installation is a fault, not a configuration: it is not refused.
    rxDev->SetRxPowerPenalty(rxPenalty);
    if (!pcap.empty())
    {
        link.EnablePcapAll(pcap, false);
    }

    InternetStackHelper internet;
    internet.Install(hosts);
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);

    const uint16_t port = 9000;
    const Time start = MicroSeconds(10);
    const Time stop = start + Seconds(durationMs / 1000.0);
    const uint32_t mtu = txDev->GetMtu();
    ApplicationContainer sinkApp;
    if (tcp)
    {
        // Buffers far above the bandwidth-delay product, so the window never limits the flow.
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(256 << 20));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(256 << 20));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifaces.GetAddress(1), port));
        bulk.SetAttribute("SendSize", UintegerValue(mtu - 52));
        bulk.Install(hosts.Get(0)).Start(start);
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        sinkApp = sink.Install(hosts.Get(1));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(mtu - 52));
    }
    else
    {
        OnOffHelper onoff("ns3::UdpSocketFactory", InetSocketAddress(ifaces.GetAddress(1), port));
        onoff.SetConstantRate(
            DataRate(static_cast<uint64_t>(txDev->GetDataRate().GetBitRate() * 1.02)),
            mtu - 28);
        ApplicationContainer src = onoff.Install(hosts.Get(0));
        src.Start(start);
        src.Stop(stop);
        PacketSinkHelper sink("ns3::UdpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        sinkApp = sink.Install(hosts.Get(1));
    }
    sinkApp.Start(Seconds(0));

    LinkCounters counters;
    rxDev->TraceConnectWithoutContext("PhyRxEnd", MakeBoundCallback(&CountRx, &counters));
    rxDev->TraceConnectWithoutContext("PhyRxDrop", MakeBoundCallback(&CountDrop, &counters));

    // Measure goodput at the receiver on the steady part: skip the first 10% of the traffic and
    // shift the window by the one-way latency, so long links are measured fairly.
    Ptr<PhotonicChannel> channel = DynamicCast<PhotonicChannel>(txDev->GetChannel());
    const uint32_t frameBytes = mtu + PhotonicNetDevice::ETHERNET_HEADER_BYTES;
    const Time oneWay =
        txDev->GetWireTime(frameBytes) + channel->GetDelay() + rxDev->GetReceivePathLatency();
    const Time measureFrom = start + (stop - start) / 10 + oneWay;
    const Time measureTo = stop + oneWay;
    uint64_t bytesAtMeasureStart = 0;
    Simulator::Schedule(measureFrom, [&]() {
        bytesAtMeasureStart = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
    });
    uint64_t bytesAtStop = 0;
    Simulator::Schedule(measureTo, [&]() {
        bytesAtStop = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
    });
    Simulator::Stop(measureTo);
    Simulator::Run();

    const LinkBudget& b = rxDev->GetLinkBudget();
    const TransceiverSpec& spec = txDev->GetTransceiver();
    const double goodputBps =
        (bytesAtStop - bytesAtMeasureStart) * 8.0 / (measureTo - measureFrom).GetSeconds();
    const uint64_t sent = counters.rxFrames + counters.fecLost + counters.linkDownLost;
    const double energy = txDev->GetEnergy() + rxDev->GetEnergy();
    const double deliveredBits = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx() * 8.0;

    std::cout << std::setprecision(4);
    std::cout << "photonic link: " << spec.name << " (" << spec.description << ") over "
              << static_cast<uint64_t>(channel->GetLength()) << " m "
              << PhotonicMediumName(channel->GetMedium()) << "\n";
    std::cout << "  line rate          " << spec.DataRateBps() / 1e9 << " Gb/s (" << spec.lanes
              << " x " << spec.laneRateGbps << "G, FEC " << spec.fec << ")\n";
    std::cout << "  propagation delay  " << channel->GetDelay().GetNanoSeconds() << " ns\n";
    std::cout << "  rx path latency    " << rxDev->GetReceivePathLatency().GetNanoSeconds()
              << " ns (module DSP both ends + FEC)\n";
    std::cout << "  one-way, MTU frame " << oneWay.GetNanoSeconds() << " ns\n";
    if (b.optical)
    {
        std::cout << "  optical margin     " << b.marginDb << " dB (received " << b.receivedDbm
                  << " dBm, sensitivity " << b.sensitivityDbm << " dBm)\n";
    }
    std::cout << "  pre-FEC BER        " << b.preFecBer << "\n";
    std::cout << "  post-FEC frame err " << rxDev->GetFrameErrorProbability(frameBytes)
              << " (MTU frame)\n";
    std::cout << "  goodput            " << goodputBps / 1e9 << " Gb/s (" << (tcp ? "TCP" : "UDP")
              << " payload)\n";
    std::cout << "  frames             " << sent << " sent, " << counters.fecLost
              << " lost to FEC, " << counters.linkDownLost << " lost to link down, loss ratio "
              << (sent ? double(counters.fecLost + counters.linkDownLost) / sent : 0.0) << "\n";
    std::cout << "  energy             " << energy << " J (both ends, "
              << Simulator::Now().GetSeconds() * 1e3 << " ms), "
              << (deliveredBits > 0 ? energy / deliveredBits * 1e12 : 0.0)
              << " pJ per delivered bit\n";
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunWithConfigErrors([&]() { return Run(argc, argv); });
}
