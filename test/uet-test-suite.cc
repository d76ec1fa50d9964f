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
#include "ns3/fabric-config-error.h"
#include "ns3/nscc-congestion-control.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uet-transport.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>

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

/// A fat tree with UET NICs.
struct UetFabric
{
    Ptr<FabricNetwork> net;           //!< the fabric
    std::vector<Ptr<FabricNic>> nics; //!< NICs by GPU
};

/**
 * \brief A 2-tier fat tree of two leaves with ns3::UetTransport on every GPU.
 * \param radix switch radix
 * \param netHelper the network helper, configured
 * \param configure sets transport attributes and congestion control (may be null)
 * \return the fabric and its NICs
 */
UetFabric
BuildUet(uint32_t radix,
         const FabricNetworkHelper& netHelper = FabricNetworkHelper(),
         const std::function<void(FabricTransportHelper&)>& configure = nullptr)
{
    UetFabric f;
    f.net = netHelper.Install(TransportFatTree(radix, 2));
    FabricTransportHelper transport;
    transport.SetTransport("ns3::UetTransport");
    if (configure)
    {
        configure(transport);
    }
    f.nics = transport.Install(f.net);
    return f;
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
        UetFabric f = BuildUet(16);
        Ptr<FabricNetwork> net = f.net;
        const FabricTopology& topo = net->GetTopology();
        auto& nics = f.nics;
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
    UetFabric f = BuildUet(16, FabricNetworkHelper(), [&mode](FabricTransportHelper& t) {
        t.SetTransportAttribute("DeliveryMode", StringValue(mode));
        // Short enough that a timeout fires while later packets are still in flight (the
        // transfer takes about 90 us), long enough (2.5 base RTTs) that none fires spuriously:
        // resending anything but the overdue PSNs would show.
        t.SetTransportAttribute("RetransmitTimeout", TimeValue(MicroSeconds(20)));
    });
    Ptr<FabricNetwork> net = f.net;
    auto& nics = f.nics;
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
        for (const std::string mode : {"Rud", "Rod"})
        {
            const LossResult r = RunLossy(mode);
            NS_TEST_ASSERT_MSG_GT(r.lossProbability, 0.005, mode << ": the link loses frames");
            NS_TEST_ASSERT_MSG_GT(r.lost, 10, mode << ": frames were lost");
            NS_TEST_ASSERT_MSG_EQ(r.completed, LOSS_MESSAGES, mode << ": every message completes");
            NS_TEST_ASSERT_MSG_EQ(r.delivered, LOSS_MESSAGES, mode << ": each delivered once");
            NS_TEST_ASSERT_MSG_EQ(r.bytes,
                                  uint64_t(LOSS_MESSAGES) << 20,
                                  mode << ": bytes delivered = bytes sent");
            NS_TEST_ASSERT_MSG_EQ(r.tx.dataPackets,
                                  LOSS_MESSAGES * 256 + r.tx.retransmissions,
                                  mode << ": every packet sent once plus the retransmissions");
            if (mode == "Rud")
            {
                NS_TEST_ASSERT_MSG_EQ(r.tx.retransmissions, r.lost, "RUD: resent = lost");
                NS_TEST_ASSERT_MSG_GT(r.tx.timeouts, 0, "RUD: the timer found the losses");
                NS_TEST_ASSERT_MSG_EQ(r.rx.nacksSent, 0, "RUD: nothing trimmed, nothing NACKed");
                NS_TEST_ASSERT_MSG_EQ(r.rx.duplicates, 0, "RUD: nothing arrived twice");
            }
            else
            {
                NS_TEST_ASSERT_MSG_GT(r.rx.outOfOrder, 0, "ROD: packets beyond a gap discarded");
                NS_TEST_ASSERT_MSG_GT(r.rx.nacksSent, 0, "ROD: the receiver NACKs the gaps");
                NS_TEST_ASSERT_MSG_GT(r.tx.retransmissions,
                                      2 * r.lost,
                                      "ROD: go-back-N resends more than it lost");
            }
        }
    }
};

/// Senders of the incast: every GPU of leaf 0 of a TransportFatTree(32, 2).
constexpr uint32_t INCAST_SENDERS = 16;
/// The receiver: the first GPU of leaf 1.
constexpr uint32_t INCAST_RECEIVER = 16;
/// Bytes each sender sends.
constexpr uint64_t INCAST_BYTES = 2 << 20;
/// Start of the window the last-hop queue is averaged over: about six base RTTs after the start,
/// once the first burst (1.5 BDP per sender) has been trimmed and NSCC has adapted.
constexpr uint64_t INCAST_SETTLE_US = 50;

/// What an incast run shows.
struct IncastResult
{
    uint64_t completed{0};       //!< messages completed at the senders
    uint64_t bytesDelivered{0};  //!< bytes delivered at the receiver
    uint64_t trims{0};           //!< packets trimmed by all switches
    uint64_t drops{0};           //!< packets dropped by all switches
    uint64_t nacks{0};           //!< NACKs the receiver sent
    uint64_t nacksReceived{0};   //!< NACKs the senders received
    uint64_t retransmissions{0}; //!< packets the senders sent again
    uint64_t timeouts{0};        //!< retransmission timeouts at the senders
    uint64_t grants{0};          //!< credit grants the receiver sent
    double peakQueue{0};         //!< largest data queue at the receiver's leaf port, bytes
    double meanQueue{0};         //!< its time-weighted mean in the window, bytes
    Time lastDone;               //!< last completion
    double target{0};            //!< NSCC target delay x line rate, bytes
};

/**
 * Sixteen GPUs of leaf 0 send INCAST_BYTES each to GPU 16 on leaf 1 at once, through lossy
 * switches with trimming, a 2 MiB buffer (one egress queue holds up to 1 MiB, about 1.3 BDP) and
 * ECN marking between 160 kB and 640 kB (0.2 and 0.8 BDP, uet-htsim's profile). The data queue of
 * leaf 1's port to the receiver is sampled at every enqueue; its time-weighted mean is taken from
 * INCAST_SETTLE_US to the first completion (after which fewer senders share the link).
 * \param cc congestion control TypeId name
 * \param rccc whether receiver credits are on
 * \return what happened
 */
IncastResult
RunIncast(const std::string& cc, bool rccc)
{
    FabricNetworkHelper netHelper;
    netHelper.SetSwitchAttribute("Trimming", BooleanValue(true));
    netHelper.SetSwitchAttribute("BufferSize", UintegerValue(2 << 20));
    netHelper.SetSwitchAttribute("EcnKmin", UintegerValue(160000));
    netHelper.SetSwitchAttribute("EcnKmax", UintegerValue(640000));
    UetFabric f = BuildUet(32, netHelper, [&](FabricTransportHelper& t) {
        t.SetTransportAttribute("Rccc", BooleanValue(rccc));
        t.SetCongestionControl(cc);
    });
    Ptr<FabricNetwork> net = f.net;
    auto& nics = f.nics;
    IncastResult r;
    auto [leaf, port] = LeafPortOf(net, INCAST_RECEIVER);
    const uint8_t dataClass = nics[0]->GetDataClass();
    const Time from = MicroSeconds(INCAST_SETTLE_US);
    Time to = Time::Max();
    Time lastT = from;
    double lastQ = 0;
    double area = 0;
    leaf->TraceConnectWithoutContext(
        "Enqueue",
        Callback<void, uint32_t, uint8_t, uint64_t>([&](uint32_t p, uint8_t cls, uint64_t q) {
            if (p != port || cls != dataClass)
            {
                return;
            }
            // Each sample holds until the next one.
            const Time now = Simulator::Now();
            r.peakQueue = std::max(r.peakQueue, double(q));
            if (now >= from && now <= to)
            {
                area += lastQ * (now - lastT).GetSeconds();
                lastT = now;
            }
            lastQ = double(q);
        }));
    Completions c;
    const FabricMessageCallback done([&](const FabricMessage& m) {
        if (c.done.empty())
        {
            to = Simulator::Now();
            area += lastQ * (to - lastT).GetSeconds();
            r.meanQueue = area / (to - from).GetSeconds();
        }
        c.done.push_back(m);
        r.lastDone = Simulator::Now();
    });
    for (uint32_t g = 0; g < INCAST_SENDERS; ++g)
    {
        Simulator::Schedule(MicroSeconds(1),
                            [&, g]() { nics[g]->Send(INCAST_RECEIVER, INCAST_BYTES, done); });
    }
    Simulator::Stop(MilliSeconds(20));
    Simulator::Run();
    r.completed = c.done.size();
    const FabricNicCounters& rx = nics[INCAST_RECEIVER]->GetCounters();
    r.bytesDelivered = rx.bytesDelivered;
    r.nacks = rx.nacksSent;
    r.grants = rx.creditGrantsSent;
    for (uint32_t g = 0; g < INCAST_SENDERS; ++g)
    {
        const FabricNicCounters& tx = nics[g]->GetCounters();
        r.retransmissions += tx.retransmissions;
        r.nacksReceived += tx.nacksReceived;
        r.timeouts += tx.timeouts;
    }
    for (const auto& sw : net->GetSwitches())
    {
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            r.trims += sw->GetPortCounters(p).trims;
            for (uint64_t d : sw->GetPortCounters(p).drops)
            {
                r.drops += d;
            }
        }
    }
    Ptr<NsccCongestionControl> nscc =
        DynamicCast<NsccCongestionControl>(DynamicCast<UetTransport>(nics[0]->GetTransport())
                                               ->GetCongestionControl(INCAST_RECEIVER, 0));
    if (nscc)
    {
        r.target = nscc->GetTargetDelay().GetSeconds() * nscc->GetLineRate() / 8.0;
    }
    Simulator::Destroy();
    return r;
}

/// The incast without congestion control, run once and shared by the tests that compare with it.
const IncastResult&
IncastWithoutCc()
{
    static const IncastResult r = RunIncast("ns3::FabricCongestionControl", false);
    return r;
}

/**
 * NSCC in a 16-to-1 incast with trimming: everything completes, the first burst is trimmed,
 * NACKed and resent, and from then on the last-hop queue stays near the target delay x line
 * rate (time-weighted mean within 35 %), where without congestion control it sits at the buffer
 * limit with fifty times the trims.
 */
class UetIncastNsccTestCase : public TestCase
{
  public:
    UetIncastNsccTestCase()
        : TestCase("UET NSCC: a trimmed 16-to-1 incast completes with the last-hop queue near "
                   "the target delay x line rate")
    {
    }

  private:
    void DoRun() override
    {
        const IncastResult nscc = RunIncast("ns3::NsccCongestionControl", false);
        NS_TEST_ASSERT_MSG_EQ(nscc.completed, INCAST_SENDERS, "every message completes");
        NS_TEST_ASSERT_MSG_EQ(nscc.bytesDelivered,
                              INCAST_SENDERS * INCAST_BYTES,
                              "bytes delivered = bytes sent");
        NS_TEST_ASSERT_MSG_GT(nscc.trims, 0, "switches trim");
        NS_TEST_ASSERT_MSG_EQ(nscc.drops, 0, "nothing dropped");
        NS_TEST_ASSERT_MSG_EQ(nscc.nacks, nscc.trims, "every trimmed packet is NACKed");
        NS_TEST_ASSERT_MSG_EQ(nscc.nacksReceived, nscc.nacks, "every NACK reaches its sender");
        NS_TEST_ASSERT_MSG_EQ(nscc.retransmissions, nscc.nacks, "exactly the NACKed PSNs resent");
        NS_TEST_ASSERT_MSG_EQ(nscc.timeouts, 0, "no timeout needed");
        // Target: 0.75 x base RTT (8.124 us) x 100 GB/s = 609 kB.
        NS_TEST_ASSERT_MSG_GT(nscc.target, 500e3, "target queue computed");
        NS_TEST_ASSERT_MSG_EQ_TOL(nscc.meanQueue,
                                  nscc.target,
                                  0.35 * nscc.target,
                                  "mean last-hop queue within 35 % of the target");

        const IncastResult& none = IncastWithoutCc();
        NS_TEST_ASSERT_MSG_EQ(none.completed, INCAST_SENDERS, "no CC: every message completes");
        NS_TEST_ASSERT_MSG_EQ(none.bytesDelivered,
                              INCAST_SENDERS * INCAST_BYTES,
                              "no CC: bytes delivered = bytes sent");
        NS_TEST_ASSERT_MSG_GT(none.meanQueue,
                              1.25 * nscc.meanQueue,
                              "no CC: the queue sits at the buffer limit, well above NSCC's");
        NS_TEST_ASSERT_MSG_GT(none.trims, 20 * nscc.trims, "no CC: far more trims");
        NS_TEST_ASSERT_MSG_GT(none.lastDone, nscc.lastDone, "no CC: the incast takes longer");
    }
};

/**
 * RCCC in the same incast: the receiver paces credits at 0.99 x its line rate, so the last-hop
 * queue stays within one data frame per sender, nothing is trimmed, and everything completes;
 * alone (no window) and together with NSCC.
 */
class UetIncastRcccTestCase : public TestCase
{
  public:
    UetIncastRcccTestCase()
        : TestCase("UET RCCC: receiver credits keep the last-hop queue of a 16-to-1 incast within "
                   "one frame per sender, alone and with NSCC")
    {
    }

  private:
    void DoRun() override
    {
        const IncastResult& none = IncastWithoutCc();
        const double bound = INCAST_SENDERS * double(UET_DATA_FRAME);
        for (const std::string cc : {"ns3::FabricCongestionControl", "ns3::NsccCongestionControl"})
        {
            const IncastResult r = RunIncast(cc, true);
            NS_TEST_ASSERT_MSG_EQ(r.completed, INCAST_SENDERS, cc << ": every message completes");
            NS_TEST_ASSERT_MSG_EQ(r.bytesDelivered,
                                  INCAST_SENDERS * INCAST_BYTES,
                                  cc << ": bytes delivered = bytes sent");
            // 32 MiB in 16 KiB grants, plus the grants of the last, partial credits.
            NS_TEST_ASSERT_MSG_GT_OR_EQ(r.grants,
                                        INCAST_SENDERS * INCAST_BYTES / 16384,
                                        cc << ": the receiver grants the data");
            NS_TEST_ASSERT_MSG_EQ(r.trims, 0, cc << ": nothing trimmed");
            NS_TEST_ASSERT_MSG_EQ(r.retransmissions, 0, cc << ": nothing resent");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(r.peakQueue,
                                        bound,
                                        cc << ": peak within a frame per sender");
            NS_TEST_ASSERT_MSG_LT(r.meanQueue,
                                  0.05 * none.meanQueue,
                                  cc << ": mean far below the run without congestion control");
            // Paced at 0.99 x line rate after one round trip for the first grants.
            const double wire = INCAST_SENDERS * INCAST_BYTES / 4096.0 *
                                PhotonicNetDevice::WireBytes(UET_DATA_FRAME) * 8.0;
            NS_TEST_ASSERT_MSG_LT(r.lastDone.GetSeconds(),
                                  MicroSeconds(20).GetSeconds() + wire / (0.99 * 800e9),
                                  cc << ": the link stays busy");
        }
    }
};

/// Packets per leaf-0 uplink for one 1 MiB message from GPU 0 to GPU 8 on ECMP switches.
std::vector<uint64_t>
UplinkPackets(const std::string& mode, std::set<uint16_t>& entropies)
{
    UetFabric f = BuildUet(16, FabricNetworkHelper(), [&mode](FabricTransportHelper& t) {
        t.SetTransportAttribute("DeliveryMode", StringValue(mode));
    });
    Ptr<FabricNetwork> net = f.net;
    auto& nics = f.nics;
    auto [leaf, gpuPort] = LeafPortOf(net, 0);
    leaf->TraceConnectWithoutContext(
        "PortRx",
        Callback<void, uint32_t, Ptr<const Packet>>(
            [&, p0 = gpuPort](uint32_t p, Ptr<const Packet> packet) {
                // Ethernet (14) + IPv4 (20): the UDP source port is the entropy value.
                uint8_t b[36];
                if (p == p0 && packet->CopyData(b, sizeof(b)) == sizeof(b))
                {
                    entropies.insert(static_cast<uint16_t>((b[20] << 8) | b[21]));
                }
            }));
    Simulator::Schedule(MicroSeconds(1), [&]() { nics[0]->Send(8, 1 << 20); });
    Simulator::Run();
    std::vector<uint64_t> counts;
    const FabricTopology& t = net->GetTopology();
    const uint32_t leafNode = t.GetLinks()[t.GetPorts(net->GetRouting()->GetGpuNode(0))[0]].Other(
        net->GetRouting()->GetGpuNode(0));
    const auto& ports = t.GetPorts(leafNode);
    for (uint32_t p = 0; p < ports.size(); ++p)
    {
        if (t.GetLinks()[ports[p]].tier == "leaf-spine")
        {
            counts.push_back(leaf->GetPortCounters(p).txPackets);
        }
    }
    NS_ABORT_UNLESS(nics[8]->GetCounters().bytesDelivered == 1 << 20);
    Simulator::Destroy();
    return counts;
}

/**
 * One RUD PDC sprays its packets over all 64 entropies and so over every uplink of its leaf
 * (ECMP switches); one ROD PDC keeps one entropy and one uplink.
 */
class UetSprayingTestCase : public TestCase
{
  public:
    UetSprayingTestCase()
        : TestCase("UET: a RUD PDC sprays over 64 entropies and every uplink; ROD uses one")
    {
    }

  private:
    void DoRun() override
    {
        std::set<uint16_t> evs;
        const std::vector<uint64_t> rud = UplinkPackets("Rud", evs);
        NS_TEST_ASSERT_MSG_EQ(rud.size(), 8, "leaf 0 has 8 uplinks");
        NS_TEST_ASSERT_MSG_EQ(evs.size(), 64, "RUD: 64 entropies (UDP source ports)");
        NS_TEST_ASSERT_MSG_EQ(*evs.begin(), 49152, "RUD: the first entropy");
        NS_TEST_ASSERT_MSG_EQ(*evs.rbegin(), 49152 + 63, "RUD: the last entropy");
        NS_TEST_ASSERT_MSG_EQ(std::accumulate(rud.begin(), rud.end(), uint64_t(0)),
                              256,
                              "RUD: 256 packets up");
        NS_TEST_ASSERT_MSG_EQ(std::count(rud.begin(), rud.end(), 0), 0, "RUD: every uplink used");
        // 64 entropies hashed onto 8 ports, each taken 4 times: no port carries more than twice
        // its share.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(*std::max_element(rud.begin(), rud.end()),
                                    64,
                                    "RUD: no uplink carries more than twice its share");

        evs.clear();
        const std::vector<uint64_t> rod = UplinkPackets("Rod", evs);
        NS_TEST_ASSERT_MSG_EQ(evs.size(), 1, "ROD: one entropy");
        NS_TEST_ASSERT_MSG_EQ(std::count(rod.begin(), rod.end(), 0), 7, "ROD: one uplink used");
        NS_TEST_ASSERT_MSG_EQ(*std::max_element(rod.begin(), rod.end()),
                              256,
                              "ROD: all 256 packets on it");
    }
};

/**
 * PDCs per (peer, connection), created by their first packets: with four connections per peer,
 * messages on each connection arrive on their own PDC and the receiver names the sender's
 * connection index in its records, also when the sender's PDCs to an earlier peer took the first
 * ids.
 */
class UetPdcTestCase : public TestCase
{
  public:
    UetPdcTestCase()
        : TestCase("UET: one PDC per peer and connection, each created by its first packet")
    {
    }

  private:
    void DoRun() override
    {
        UetFabric f = BuildUet(16, FabricNetworkHelper(), [](FabricTransportHelper& t) {
            t.SetNicAttribute("ConnectionsPerPeer", UintegerValue(4));
        });
        std::vector<FabricMessage> delivered;
        f.nics[8]->SetReceiveCallback(
            FabricMessageCallback([&](const FabricMessage& m) { delivered.push_back(m); }));
        Simulator::Schedule(MicroSeconds(1), [&]() {
            f.nics[0]->Send(9, 4096); // GPU 9 takes PDC ids 1-4 at GPU 0
            for (int32_t k = 3; k >= 0; --k)
            {
                f.nics[0]->Send(8, 10000 + k, FabricMessageCallback(), 100 + k, k);
            }
        });
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(delivered.size(), 4, "four messages delivered at GPU 8");
        for (const FabricMessage& m : delivered)
        {
            NS_TEST_ASSERT_MSG_EQ(m.bytes, 10000 + m.connection, "the connection's message");
            NS_TEST_ASSERT_MSG_EQ(m.tag, 100 + m.connection, "with its tag");
            NS_TEST_ASSERT_MSG_EQ(m.id, 1, "the first message of its PDC");
        }
        Ptr<UetTransport> uet = DynamicCast<UetTransport>(f.nics[0]->GetTransport());
        for (uint32_t k = 0; k < 4; ++k)
        {
            NS_TEST_ASSERT_MSG_NE(uet->GetCongestionControl(8, k), nullptr, "a PDC per connection");
        }
        NS_TEST_ASSERT_MSG_EQ(uet->GetCongestionControl(9, 1), nullptr, "none where nothing went");
        NS_TEST_ASSERT_MSG_EQ(uet->GetCongestionControl(8, 4), nullptr, "none beyond the count");
        Simulator::Destroy();
    }
};

/// Configuration the transport refuses.
class UetRefusalsTestCase : public TestCase
{
  public:
    UetRefusalsTestCase()
        : TestCase("UET: a message beyond the SES 32-bit length is refused naming the limit")
    {
    }

  private:
    void DoRun() override
    {
        UetFabric f = BuildUet(16);
        auto& nics = f.nics;
        std::string what;
        try
        {
            nics[0]->Send(8, 1ULL << 32);
        }
        catch (const FabricConfigError& e)
        {
            what = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(what.find("4294967296"), std::string::npos, "names the size");
        NS_TEST_ASSERT_MSG_NE(what.find("4294967295"), std::string::npos, "names the limit");
        NS_TEST_ASSERT_MSG_EQ(nics[0]->GetTransport()->GetName(), "uet", "the UET transport");
        Simulator::Destroy();
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
        AddTestCase(new UetIncastNsccTestCase, TestCase::QUICK);
        AddTestCase(new UetIncastRcccTestCase, TestCase::QUICK);
        AddTestCase(new UetSprayingTestCase, TestCase::QUICK);
        AddTestCase(new UetPdcTestCase, TestCase::QUICK);
        AddTestCase(new UetRefusalsTestCase, TestCase::QUICK);
    }
};

/// Static instance.
static UetTestSuite g_uetTestSuite;

} // namespace
