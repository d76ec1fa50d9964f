/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The Ultra Ethernet-style transport end to end on small fat trees: idle-path completion time
// against the path arithmetic, selective retransmission under frame loss (and go-back-N for
// ROD), NSCC and RCCC in an incast with trimming switches, spraying over the uplinks.

#include "transport-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/nscc-congestion-control.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uet-transport.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <numeric>

using namespace ns3;
using namespace ns3::aif_test;

namespace
{

/// Frame bytes (no FCS) of a full UET data packet: Ethernet, IPv4, UDP, PDS, SES, payload.
constexpr uint32_t UET_DATA_FRAME = 14 + 20 + 8 + 12 + 12 + 4096;
/// Frame bytes of a message's first packet: the SES header carries 8 bytes of header data.
constexpr uint32_t UET_FIRST_FRAME = UET_DATA_FRAME + 8;
/// Frame bytes of an ACK_CC: Ethernet, IPv4, UDP, ACK_CC.
constexpr uint32_t UET_ACK_FRAME = 14 + 20 + 8 + 32;

/// Device of a node's end of a link.
Ptr<PhotonicNetDevice>
EndOf(Ptr<FabricNetwork> net, uint32_t link, uint32_t node)
{
    return net->GetLinkDevice(link, net->GetTopology().GetLinks()[link].a == node ? 0 : 1);
}

/// A link of a tier.
uint32_t
LinkOfTier(const FabricTopology& topo, const std::string& tier)
{
    const auto& links = topo.GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        if (links[l].tier == tier)
        {
            return l;
        }
    }
    return 0;
}

/// The GPU's NIC device.
Ptr<PhotonicNetDevice>
NicOf(Ptr<FabricNetwork> net, uint32_t gpu)
{
    const uint32_t node = net->GetRouting()->GetGpuNode(gpu);
    return EndOf(net, net->GetTopology().GetPorts(node)[0], node);
}

/// The switch a GPU hangs off and the port index of the GPU's link on it.
std::pair<Ptr<FabricSwitch>, uint32_t>
LeafPortOf(Ptr<FabricNetwork> net, uint32_t gpu)
{
    const FabricTopology& topo = net->GetTopology();
    const uint32_t gpuNode = net->GetRouting()->GetGpuNode(gpu);
    const uint32_t link = topo.GetPorts(gpuNode)[0];
    const uint32_t leaf = topo.GetLinks()[link].Other(gpuNode);
    const auto& ports = topo.GetPorts(leaf);
    const uint32_t port =
        static_cast<uint32_t>(std::find(ports.begin(), ports.end(), link) - ports.begin());
    return {net->GetSwitch(leaf), port};
}

/// Frame loss on a device until a frame of the given size is lost with at least this chance.
double
DegradeTo(Ptr<PhotonicNetDevice> rx, uint32_t frameBytes, double probability)
{
    double penalty = 0;
    while (rx->GetFrameErrorProbability(frameBytes) < probability && penalty < 30)
    {
        penalty += 0.05;
        rx->SetRxPowerPenalty(penalty);
    }
    return rx->GetFrameErrorProbability(frameBytes);
}

/**
 * One RUD message over an idle leaf-spine-leaf path completes in the base latency plus its
 * size over the goodput, within 1 %.
 */
class UetIdlePathTestCase : public TestCase
{
  public:
    UetIdlePathTestCase()
        : TestCase("UET RUD: an idle-path message completes in base latency plus size over goodput")
    {
    }

  private:
    void DoRun() override
    {
        FabricTopology topo = TransportFatTree(16, 2);
        FabricNetworkHelper netHelper;
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transport;
        transport.SetTransport("ns3::UetTransport");
        auto nics = transport.Install(net);
        Completions c;
        const uint64_t bytes = 1 << 20;
        Simulator::Schedule(MicroSeconds(1), [&]() { nics[0]->Send(8, bytes, Record(&c), 77); });
        std::vector<FabricMessage> delivered;
        nics[8]->SetReceiveCallback(
            FabricMessageCallback([&](const FabricMessage& m) { delivered.push_back(m); }));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(c.done.size(), 1, "the message completes");
        NS_TEST_ASSERT_MSG_EQ(delivered.size(), 1, "the message is delivered once");
        NS_TEST_ASSERT_MSG_EQ(delivered[0].tag, 77, "the label travels with the first packet");
        NS_TEST_ASSERT_MSG_EQ(delivered[0].src, 0, "delivered from GPU 0");
        // Path: GPU 0 -> leaf 0 -> spine -> leaf 1 -> GPU 8; links of a tier are alike.
        Ptr<PhotonicNetDevice> gpuLink = NicOf(net, 0);
        const uint32_t ls = LinkOfTier(topo, "leaf-spine");
        Ptr<PhotonicNetDevice> up = net->GetLinkDevice(ls, 0);
        const std::vector<Ptr<PhotonicNetDevice>> path{gpuLink, up, up, gpuLink};
        const Time pipeline = net->GetSwitches()[0]->GetPipelineLatency();
        const double rate = static_cast<double>(gpuLink->GetDataRate().GetBitRate());
        const double wire = PhotonicNetDevice::WireBytes(UET_DATA_FRAME) * 8.0 / rate;
        // The sender's link carries 256 frames back to back, the first 8 bytes longer.
        const double serialization = (255.0 * PhotonicNetDevice::WireBytes(UET_DATA_FRAME) +
                                      PhotonicNetDevice::WireBytes(UET_FIRST_FRAME)) *
                                     8.0 / rate;
        // Base latency: the last packet's trip after its own serialization, and the ACK back.
        const double base = (PathLatency(path, UET_DATA_FRAME, pipeline).GetSeconds() - wire) +
                            PathLatency(path, UET_ACK_FRAME, pipeline).GetSeconds();
        const double expected = base + serialization;
        const double measured = (c.done[0].end - c.done[0].start).GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(measured, expected, 0.01 * expected, "within 1 %");
        const FabricNicCounters& tx = nics[0]->GetCounters();
        const FabricNicCounters& rx = nics[8]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(rx.bytesDelivered, bytes, "all bytes delivered");
        NS_TEST_ASSERT_MSG_EQ(tx.retransmissions, 0, "nothing resent");
        NS_TEST_ASSERT_MSG_EQ(tx.dataPackets, 256, "256 data packets");
        // ACK every 16 KiB = 4 packets: 64 ACKs, the last one for EOM and completion together.
        NS_TEST_ASSERT_MSG_EQ(rx.acksSent, 64, "one ACK per 16 KiB");
        Simulator::Destroy();
    }
};

/// Messages of 1 MiB in a loss-recovery run.
constexpr uint32_t LOSS_MESSAGES = 8;

/// What a loss-recovery run shows.
struct LossResult
{
    uint64_t completed{0};     //!< messages completed at the sender
    uint64_t delivered{0};     //!< messages delivered
    uint64_t bytes{0};         //!< bytes delivered
    uint64_t lost{0};          //!< frames lost on the receiver's link
    FabricNicCounters tx;      //!< sender counters
    FabricNicCounters rx;      //!< receiver counters
    double lossProbability{0}; //!< frame error probability of a full data frame
};

/**
 * Run LOSS_MESSAGES messages of 1 MiB from GPU 0 to GPU 8 with about 1 % frame loss on the
 * receiver's link. \param mode "Rud" or "Rod" \return what happened
 */
LossResult
RunLossy(const std::string& mode)
{
    FabricTopology topo = TransportFatTree(16, 2);
    FabricNetworkHelper netHelper;
    Ptr<FabricNetwork> net = netHelper.Install(topo);
    FabricTransportHelper transport;
    transport.SetTransport("ns3::UetTransport");
    transport.SetTransportAttribute("DeliveryMode", StringValue(mode));
    auto nics = transport.Install(net);
    LossResult r;
    Ptr<PhotonicNetDevice> rx = NicOf(net, 8);
    r.lossProbability = DegradeTo(rx, UET_DATA_FRAME, 0.01);
    rx->TraceConnectWithoutContext("PhyRxDrop",
                                   Callback<void, Ptr<const Packet>, PhotonicDropReason>(
                                       [&r](Ptr<const Packet>, PhotonicDropReason) { ++r.lost; }));
    Completions c;
    Simulator::Schedule(MicroSeconds(1), [&]() {
        for (uint32_t m = 0; m < LOSS_MESSAGES; ++m)
        {
            nics[0]->Send(8, 1 << 20, Record(&c));
        }
    });
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    r.completed = c.done.size();
    r.tx = nics[0]->GetCounters();
    r.rx = nics[8]->GetCounters();
    r.delivered = r.rx.messagesDelivered;
    r.bytes = r.rx.bytesDelivered;
    Simulator::Destroy();
    return r;
}

/**
 * Frame loss on the receiver's link: RUD resends exactly the lost PSNs (found by the
 * retransmission timer, as nothing is trimmed); ROD goes back N and resends more.
 */
class UetLossRecoveryTestCase : public TestCase
{
  public:
    UetLossRecoveryTestCase()
        : TestCase("UET: RUD resends only the lost PSNs; ROD goes back N")
    {
    }

  private:
    void DoRun() override
    {
        const LossResult rud = RunLossy("Rud");
        NS_TEST_ASSERT_MSG_GT(rud.lossProbability, 0.005, "the link loses frames");
        NS_TEST_ASSERT_MSG_EQ(rud.completed, LOSS_MESSAGES, "RUD: every message completes");
        NS_TEST_ASSERT_MSG_EQ(rud.delivered, LOSS_MESSAGES, "RUD: each delivered once");
        NS_TEST_ASSERT_MSG_EQ(rud.bytes,
                              uint64_t(LOSS_MESSAGES) << 20,
                              "RUD: bytes delivered = bytes sent");
        NS_TEST_ASSERT_MSG_GT(rud.lost, 10, "RUD: frames were lost");
        NS_TEST_ASSERT_MSG_EQ(rud.tx.retransmissions, rud.lost, "RUD: resent = lost");
        NS_TEST_ASSERT_MSG_GT(rud.tx.timeouts, 0, "RUD: the timer found the losses");
        NS_TEST_ASSERT_MSG_EQ(rud.rx.nacksSent, 0, "RUD: nothing trimmed, nothing NACKed");
        NS_TEST_ASSERT_MSG_EQ(rud.rx.duplicates, 0, "RUD: nothing arrived twice");
        NS_TEST_ASSERT_MSG_EQ(rud.tx.dataPackets,
                              LOSS_MESSAGES * 256 + rud.tx.retransmissions,
                              "RUD: every packet sent once plus the retransmissions");

        const LossResult rod = RunLossy("Rod");
        NS_TEST_ASSERT_MSG_EQ(rod.completed, LOSS_MESSAGES, "ROD: every message completes");
        NS_TEST_ASSERT_MSG_EQ(rod.delivered, LOSS_MESSAGES, "ROD: each delivered once");
        NS_TEST_ASSERT_MSG_EQ(rod.bytes,
                              uint64_t(LOSS_MESSAGES) << 20,
                              "ROD: bytes delivered = bytes sent");
        NS_TEST_ASSERT_MSG_GT(rod.lost, 10, "ROD: frames were lost");
        NS_TEST_ASSERT_MSG_GT(rod.rx.outOfOrder, 0, "ROD: packets beyond a gap are discarded");
        NS_TEST_ASSERT_MSG_GT(rod.rx.nacksSent, 0, "ROD: the receiver NACKs the gaps");
        NS_TEST_ASSERT_MSG_GT(rod.tx.retransmissions,
                              2 * rod.lost,
                              "ROD: go-back-N resends more than it lost");
    }
};

/// The UET suite.
class UetTestSuite : public TestSuite
{
  public:
    UetTestSuite()
        : TestSuite("ai-fabric-uet", UNIT)
    {
        AddTestCase(new UetIdlePathTestCase, TestCase::QUICK);
        AddTestCase(new UetLossRecoveryTestCase, TestCase::QUICK);
    }
};

/// Static instance.
static UetTestSuite g_uetTestSuite;

} // namespace
