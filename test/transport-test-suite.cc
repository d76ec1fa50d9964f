/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Transports end to end on small fat trees: idle-path completion time against the path
// arithmetic, loss recovery by go-back-N, DCQCN's reaction to ECN.

#include "transport-test-util.h"

#include "ns3/boolean.h"
#include "ns3/dcqcn-congestion-control.h"
#include "ns3/double.h"
#include "ns3/ib-congestion-control.h"
#include "ns3/rc-transport.h"
#include "ns3/test.h"
#include "ns3/transport-workload.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::aif_test;

namespace
{

/// Frame bytes (no FCS) of a full RoCEv2 data packet: Ethernet, IPv4, UDP, BTH, payload, ICRC.
constexpr uint32_t ROCE_DATA_FRAME = 14 + 20 + 8 + 12 + 4096 + 4;
/// Frame bytes of a RoCEv2 ACK: Ethernet, IPv4, UDP, BTH, AETH, ICRC.
constexpr uint32_t ROCE_ACK_FRAME = 14 + 20 + 8 + 12 + 4 + 4;

/// How a transport is run in a test: its TypeId, link flow control and frame sizes.
struct TransportCase
{
    std::string label;    //!< for test names
    std::string type;     //!< TypeId name
    FabricFlowControl fc; //!< link flow control
    uint32_t dataFrame;   //!< full data frame bytes (no FCS)
    uint32_t ackFrame;    //!< ACK frame bytes (no FCS)
};

/// RoCEv2 on PFC.
const TransportCase ROCE{"RoCEv2",
                         "ns3::RoceTransport",
                         FabricFlowControl::PFC,
                         ROCE_DATA_FRAME,
                         ROCE_ACK_FRAME};
/// InfiniBand-style on credits: Ethernet, LRH, BTH, payload, ICRC, VCRC; ACK with AETH.
const TransportCase IB{"InfiniBand",
                       "ns3::IbTransport",
                       FabricFlowControl::CREDIT,
                       14 + 8 + 12 + 4096 + 6,
                       14 + 8 + 12 + 4 + 6};

/**
 * \brief The fabric a transport case runs on, with its NICs.
 * \param tc the transport
 * \param topo the description
 * \param net set to the instantiated fabric
 * \return the NICs
 */
std::vector<Ptr<FabricNic>>
Build(const TransportCase& tc, const FabricTopology& topo, Ptr<FabricNetwork>& net)
{
    FabricNetworkHelper netHelper;
    netHelper.SetFlowControl(tc.fc);
    // Credits must cover a hop's credit round trip (100 m at 800G: ~150 kB) or they, not the
    // line rate, bound the throughput.
    netHelper.SetDeviceAttribute("CreditBuffer", UintegerValue(256 * 1024));
    net = netHelper.Install(topo);
    FabricTransportHelper transport;
    transport.SetTransport(tc.type);
    return transport.Install(net);
}

/**
 * One message over an idle leaf-spine-leaf path completes in the base latency plus its size
 * over the goodput, within 1 %.
 */
class IdlePathTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param tc the transport
     */
    IdlePathTestCase(const TransportCase& tc)
        : TestCase(tc.label + ": an idle-path message completes in base latency plus size "
                              "over goodput"),
          m_tc(tc)
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t ROCE_DATA_FRAME = m_tc.dataFrame;
        const uint32_t ROCE_ACK_FRAME = m_tc.ackFrame;
        FabricTopology topo = TransportFatTree(16, 2);
        Ptr<FabricNetwork> net;
        auto nics = Build(m_tc, topo, net);
        Completions c;
        const uint64_t bytes = 1 << 20;
        Simulator::Schedule(MicroSeconds(1), [&]() { nics[0]->Send(8, bytes, Record(&c)); });
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(c.done.size(), 1, "the message completes");
        // Path: GPU 0 -> leaf 0 -> spine -> leaf 1 -> GPU 8; links of a tier are alike.
        Ptr<PhotonicNetDevice> gpuLink = NicOf(net, 0);
        const uint32_t ls = LinkOfTier(topo, "leaf-spine");
        Ptr<PhotonicNetDevice> up = net->GetLinkDevice(ls, 0);
        const std::vector<Ptr<PhotonicNetDevice>> path{gpuLink, up, up, gpuLink};
        const Time pipeline = net->GetSwitches()[0]->GetPipelineLatency();
        const double rate = static_cast<double>(gpuLink->GetDataRate().GetBitRate());
        const double wire = PhotonicNetDevice::WireBytes(ROCE_DATA_FRAME) * 8.0 / rate;
        const double goodput = rate * 4096.0 / PhotonicNetDevice::WireBytes(ROCE_DATA_FRAME);
        // Base latency: the last packet's trip after its own serialization, and the ACK back.
        const double base = (PathLatency(path, ROCE_DATA_FRAME, pipeline).GetSeconds() - wire) +
                            PathLatency(path, ROCE_ACK_FRAME, pipeline).GetSeconds();
        const double expected = base + bytes * 8.0 / goodput;
        const double measured = (c.done[0].end - c.done[0].start).GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(measured, expected, 0.01 * expected, "within 1 %");
        NS_TEST_ASSERT_MSG_EQ(nics[8]->GetCounters().bytesDelivered, bytes, "all bytes delivered");
        NS_TEST_ASSERT_MSG_EQ(nics[0]->GetCounters().retransmissions, 0, "nothing resent");
        Simulator::Destroy();
    }

    TransportCase m_tc; //!< the transport
};

/**
 * Frame loss on the receiver's link: RC recovers by NAK and go-back-N; every message
 * completes and the bytes delivered equal the bytes sent.
 */
class LossRecoveryTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param tc the transport
     */
    LossRecoveryTestCase(const TransportCase& tc)
        : TestCase(tc.label + ": frame loss is recovered by NAK and go-back-N"),
          m_tc(tc)
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t ROCE_DATA_FRAME = m_tc.dataFrame;
        FabricTopology topo = TransportFatTree(16, 2);
        Ptr<FabricNetwork> net;
        auto nics = Build(m_tc, topo, net);
        // Degrade the receiver's optics until about 1 % of full frames fail FEC.
        Ptr<PhotonicNetDevice> rx = NicOf(net, 8);
        double penalty = 0;
        while (rx->GetFrameErrorProbability(ROCE_DATA_FRAME) < 0.01 && penalty < 30)
        {
            penalty += 0.05;
            rx->SetRxPowerPenalty(penalty);
        }
        const double loss = rx->GetFrameErrorProbability(ROCE_DATA_FRAME);
        NS_TEST_ASSERT_MSG_GT(loss, 0.005, "the link loses frames");
        uint64_t lost = 0;
        rx->TraceConnectWithoutContext(
            "PhyRxDrop",
            Callback<void, Ptr<const Packet>, PhotonicDropReason>(
                [&lost](Ptr<const Packet>, PhotonicDropReason) { ++lost; }));
        Completions c;
        const uint64_t bytes = 1 << 20;
        const uint32_t messages = 4;
        Simulator::Schedule(MicroSeconds(1), [&]() {
            for (uint32_t m = 0; m < messages; ++m)
            {
                nics[0]->Send(8, bytes, Record(&c));
            }
        });
        Simulator::Stop(MilliSeconds(50));
        Simulator::Run();

        const FabricNicCounters& tx = nics[0]->GetCounters();
        const FabricNicCounters& rxc = nics[8]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(c.done.size(), messages, "every message completes");
        NS_TEST_ASSERT_MSG_EQ(rxc.bytesDelivered, messages * bytes, "bytes delivered = sent");
        NS_TEST_ASSERT_MSG_EQ(rxc.messagesDelivered, messages, "each delivered once");
        NS_TEST_ASSERT_MSG_GT(lost, 0, "frames were lost");
        NS_TEST_ASSERT_MSG_GT(rxc.nacksSent, 0, "the receiver NAKs the gaps");
        NS_TEST_ASSERT_MSG_GT(rxc.outOfOrder, 0, "packets beyond a gap are discarded");
        // Go-back-N resends the lost packets and those sent after them.
        NS_TEST_ASSERT_MSG_GT(tx.retransmissions, lost, "go-back-N resends more than the losses");
        NS_TEST_ASSERT_MSG_EQ(tx.dataPackets,
                              messages * 256 + tx.retransmissions,
                              "every packet sent once plus the retransmissions");
        Simulator::Destroy();
    }

    TransportCase m_tc; //!< the transport
};

/**
 * Two RoCEv2 flows into one 800G link: with ECN marking, receivers send CNPs, senders cut,
 * and the flows share the link fairly; without marking nobody cuts.
 */
class DcqcnFairnessTestCase : public TestCase
{
  public:
    DcqcnFairnessTestCase()
        : TestCase("DCQCN: two flows converge to fair shares; no ECN, no cuts")
    {
    }

  private:
    /// What one run shows.
    struct Result
    {
        uint64_t bytes[2]{0, 0}; //!< bytes completed per flow in the measurement window
        uint64_t cnps{0};        //!< CNPs sent by the receiver
        uint64_t cuts[2]{0, 0};  //!< rate cuts per sender
        uint64_t drops{0};       //!< switch drops
        double minRate[2]{0, 0}; //!< lowest DCQCN rate seen per sender, bit/s
    };

    Result Run(bool ecn)
    {
        FabricTopology topo = TransportFatTree(16, 2);
        FabricNetworkHelper netHelper;
        netHelper.SetFlowControl(FabricFlowControl::PFC);
        netHelper.SetSwitchAttribute("EcnEnabled", BooleanValue(ecn));
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transport;
        transport.SetTransport("ns3::RoceTransport");
        transport.SetCongestionControl("ns3::DcqcnCongestionControl");
        auto nics = transport.Install(net);
        Result r;
        const Time from = MicroSeconds(500);
        const Time to = MicroSeconds(1500);
        const uint64_t chunk = 256 * 1024;
        // Each sender keeps 4 messages outstanding until the end of the window.
        std::function<void(uint32_t, const FabricMessage&)> next;
        next = [&](uint32_t i, const FabricMessage& m) {
            if (m.end >= from && m.end < to)
            {
                r.bytes[i] += m.bytes;
            }
            if (Simulator::Now() < to)
            {
                nics[i]->Send(8, chunk, FabricMessageCallback([&, i](const FabricMessage& d) {
                                  next(i, d);
                              }));
            }
        };
        for (uint32_t i = 0; i < 2; ++i)
        {
            Simulator::Schedule(MicroSeconds(1), [&, i]() {
                for (int k = 0; k < 4; ++k)
                {
                    nics[i]->Send(8, chunk, FabricMessageCallback([&, i](const FabricMessage& d) {
                                      next(i, d);
                                  }));
                }
            });
        }
        r.minRate[0] = r.minRate[1] = 1e18;
        Simulator::Schedule(MicroSeconds(2), [&]() {
            for (uint32_t i = 0; i < 2; ++i)
            {
                auto cc = DynamicCast<DcqcnCongestionControl>(
                    DynamicCast<RcTransport>(nics[i]->GetTransport())->GetCongestionControl(8, 0));
                cc->TraceConnectWithoutContext(
                    "Rate",
                    Callback<void, uint64_t, uint64_t>([&r, i](uint64_t, uint64_t v) {
                        r.minRate[i] = std::min(r.minRate[i], static_cast<double>(v));
                    }));
            }
        });
        Simulator::Stop(to + MicroSeconds(200));
        Simulator::Run();
        r.cnps = nics[8]->GetCounters().cnpsSent;
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto cc = DynamicCast<DcqcnCongestionControl>(
                DynamicCast<RcTransport>(nics[i]->GetTransport())->GetCongestionControl(8, 0));
            r.cuts[i] = cc->GetRateCuts();
        }
        for (const auto& sw : net->GetSwitches())
        {
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                for (uint64_t d : sw->GetPortCounters(p).drops)
                {
                    r.drops += d;
                }
            }
        }
        Simulator::Destroy();
        return r;
    }

    void DoRun() override
    {
        const Result marked = Run(true);
        NS_TEST_ASSERT_MSG_GT(marked.cnps, 0, "the receiver sends CNPs");
        NS_TEST_ASSERT_MSG_GT(marked.cuts[0], 0, "sender 0 cuts its rate");
        NS_TEST_ASSERT_MSG_GT(marked.cuts[1], 0, "sender 1 cuts its rate");
        NS_TEST_ASSERT_MSG_LT(marked.minRate[0], 600e9, "sender 0's rate went down");
        NS_TEST_ASSERT_MSG_EQ(marked.drops, 0, "PFC: nothing dropped");
        const double total = static_cast<double>(marked.bytes[0] + marked.bytes[1]);
        NS_TEST_ASSERT_MSG_GT(total, 0, "data flowed in the window");
        // Fair share: each flow within 10 % of half the total.
        NS_TEST_ASSERT_MSG_EQ_TOL(marked.bytes[0] / total, 0.5, 0.1, "flow 0 near its share");
        NS_TEST_ASSERT_MSG_EQ_TOL(marked.bytes[1] / total, 0.5, 0.1, "flow 1 near its share");

        const Result unmarked = Run(false);
        NS_TEST_ASSERT_MSG_EQ(unmarked.cnps, 0, "no marking, no CNPs");
        NS_TEST_ASSERT_MSG_EQ(unmarked.cuts[0] + unmarked.cuts[1], 0, "no marking, no cuts");
        NS_TEST_ASSERT_MSG_EQ(unmarked.drops, 0, "PFC: nothing dropped");
    }
};

/**
 * An 8-to-1 InfiniBand-style incast under credit flow control: nothing is dropped, switches
 * mark FECN, the receiver returns BECNs, the senders' CCT index rises and then decays to 0.
 */
class IbIncastTestCase : public TestCase
{
  public:
    IbIncastTestCase()
        : TestCase("InfiniBand: an incast under credits drops nothing; BECNs raise the CCT "
                   "index, which decays")
    {
    }

  private:
    void DoRun() override
    {
        FabricTopology topo = TransportFatTree(16, 2);
        FabricNetworkHelper netHelper;
        netHelper.SetFlowControl(FabricFlowControl::CREDIT);
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        FabricTransportHelper transport;
        transport.SetTransport("ns3::IbTransport");
        auto nics = transport.Install(net);
        Completions c;
        const uint32_t senders = 8;
        const uint64_t bytes = 4 << 20;
        uint32_t peak[senders] = {};
        Time lastChange;
        Simulator::Schedule(MicroSeconds(1), [&]() {
            for (uint32_t i = 0; i < senders; ++i)
            {
                nics[i]->Send(8, bytes, Record(&c));
                auto cc = DynamicCast<IbCongestionControl>(
                    DynamicCast<RcTransport>(nics[i]->GetTransport())->GetCongestionControl(8, 0));
                cc->TraceConnectWithoutContext(
                    "Ccti",
                    Callback<void, uint32_t, uint32_t>([&, i](uint32_t, uint32_t v) {
                        peak[i] = std::max(peak[i], v);
                        lastChange = Simulator::Now();
                    }));
            }
        });
        Simulator::Stop(MilliSeconds(40));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(c.done.size(), senders, "every message completes");
        NS_TEST_ASSERT_MSG_EQ(nics[8]->GetCounters().bytesDelivered,
                              senders * bytes,
                              "bytes delivered = sent");
        uint64_t drops = 0;
        uint64_t marks = 0;
        for (const auto& sw : net->GetSwitches())
        {
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                for (uint64_t d : sw->GetPortCounters(p).drops)
                {
                    drops += d;
                }
                marks += sw->GetPortCounters(p).ecnMarks;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(drops, 0, "credits: nothing dropped");
        NS_TEST_ASSERT_MSG_GT(marks, 0, "switches mark FECN");
        NS_TEST_ASSERT_MSG_EQ(nics[8]->GetCounters().ecnMarkedReceived,
                              marks,
                              "every FECN reaches the receiver");
        NS_TEST_ASSERT_MSG_EQ(nics[8]->GetCounters().becnsSent, marks, "one BECN per FECN");
        uint64_t notices = 0;
        for (uint32_t i = 0; i < senders; ++i)
        {
            notices += nics[i]->GetCounters().congestionNotices;
            NS_TEST_ASSERT_MSG_GT(peak[i], 0, "sender " << i << "'s CCT index rose");
            auto cc = DynamicCast<IbCongestionControl>(
                DynamicCast<RcTransport>(nics[i]->GetTransport())->GetCongestionControl(8, 0));
            NS_TEST_ASSERT_MSG_EQ(cc->GetCcti(), 0, "and decayed back to 0");
        }
        NS_TEST_ASSERT_MSG_EQ(notices, marks, "the senders took every BECN");
        NS_TEST_ASSERT_MSG_LT(lastChange, MilliSeconds(40), "the decay finished in the run");
        Simulator::Destroy();
    }
};

/**
 * A 128-host permutation on a 2-tier fat tree, per transport profile and congestion control:
 * the completion-time distribution.
 * \param profile roce, ib or uet
 * \param cc congestion control TypeId ("" = the transport's default)
 * \param bytes bytes per host
 * \param bufferBytes switch buffer
 * \return the result
 */
WorkloadResult
Permutation128(const std::string& profile,
               const std::string& cc,
               uint64_t bytes,
               uint64_t bufferBytes)
{
    const TransportProfile tp = TransportProfileByName(profile);
    FabricNetworkHelper netHelper;
    netHelper.SetFlowControl(tp.flowControl);
    netHelper.SetSwitchAttribute("Trimming", BooleanValue(tp.trimming));
    netHelper.SetSwitchAttribute("BufferSize", UintegerValue(bufferBytes));
    Ptr<FabricNetwork> net = netHelper.Install(TransportFatTree(16, 16));
    FabricTransportHelper transport;
    transport.SetTransport(tp.transport);
    transport.SetCongestionControl(cc);
    auto nics = transport.Install(net);
    const WorkloadResult r = RunWorkload(net,
                                         nics,
                                         PermutationFlows(net->GetNGpus(), bytes, 1),
                                         MicroSeconds(1),
                                         MilliSeconds(50));
    Simulator::Destroy();
    return r;
}

/**
 * A 128-host permutation on a 2-tier fat tree: Ultra Ethernet-style spraying finishes
 * measurably sooner than RoCEv2, whose QPs ECMP hashes onto shared uplinks; and changing RoCEv2's
 * congestion control (DCQCN against none) changes the completion-time distribution.
 */
class PermutationTestCase : public TestCase
{
  public:
    PermutationTestCase()
        : TestCase("Permutation of 128 hosts: spraying beats ECMP; congestion control changes "
                   "the completion times")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t mib = 1 << 20;
        const WorkloadResult roce = Permutation128("roce", "", mib, 32 * mib);
        const WorkloadResult uet = Permutation128("uet", "", mib, 32 * mib);
        NS_TEST_ASSERT_MSG_EQ(roce.completed, 128, "RoCEv2: all complete");
        NS_TEST_ASSERT_MSG_EQ(uet.completed, 128, "UET: all complete");
        // An uncontended 1 MiB message takes about 13 us; ECMP collisions double some.
        NS_TEST_ASSERT_MSG_LT(uet.Percentile(0.99),
                              0.7 * roce.Percentile(0.99),
                              "p99 UET " << uet.Percentile(0.99) << " us vs RoCEv2 "
                                         << roce.Percentile(0.99) << " us");
        NS_TEST_ASSERT_MSG_LT(uet.finishUs, 0.7 * roce.finishUs, "the whole permutation too");

        // 4 MiB per host (about 43 us at 800G, long against the CNP loop) through 8 MiB
        // buffers, where collisions fill queues and PFC pauses: DCQCN acts.
        const WorkloadResult dcqcn =
            Permutation128("roce", "ns3::DcqcnCongestionControl", 4 * mib, 8 * mib);
        const WorkloadResult none =
            Permutation128("roce", "ns3::FabricCongestionControl", 4 * mib, 8 * mib);
        NS_TEST_ASSERT_MSG_EQ(dcqcn.completed + none.completed, 256, "all complete");
        NS_TEST_ASSERT_MSG_EQ(dcqcn.drops + none.drops, 0, "PFC: nothing dropped");
        NS_TEST_ASSERT_MSG_GT(dcqcn.nic.congestionNotices, 0, "DCQCN saw CNPs");
        NS_TEST_ASSERT_MSG_LT(dcqcn.pfcPauses,
                              0.75 * none.pfcPauses,
                              "DCQCN pauses the fabric less: " << dcqcn.pfcPauses << " vs "
                                                               << none.pfcPauses);
        // The distributions differ: the largest relative shift of mean, p99 or max over 5 %.
        double shift = 0;
        for (double q : {0.99, 1.0})
        {
            shift =
                std::max(shift,
                         std::abs(dcqcn.Percentile(q) - none.Percentile(q)) / none.Percentile(q));
        }
        shift = std::max(shift, std::abs(dcqcn.MeanUs() - none.MeanUs()) / none.MeanUs());
        NS_TEST_ASSERT_MSG_GT(shift,
                              0.05,
                              "mean " << dcqcn.MeanUs() << " vs " << none.MeanUs() << " us, max "
                                      << dcqcn.Percentile(1.0) << " vs " << none.Percentile(1.0)
                                      << " us");
    }
};

/// The transport suite.
class TransportTestSuite : public TestSuite
{
  public:
    TransportTestSuite()
        : TestSuite("ai-fabric-transport", UNIT)
    {
        AddTestCase(new IdlePathTestCase(ROCE), TestCase::QUICK);
        AddTestCase(new IdlePathTestCase(IB), TestCase::QUICK);
        AddTestCase(new LossRecoveryTestCase(ROCE), TestCase::QUICK);
        AddTestCase(new LossRecoveryTestCase(IB), TestCase::QUICK);
        AddTestCase(new DcqcnFairnessTestCase, TestCase::QUICK);
        AddTestCase(new IbIncastTestCase, TestCase::QUICK);
        AddTestCase(new PermutationTestCase, TestCase::QUICK);
    }
};

/// Static instance.
static TransportTestSuite g_transportTestSuite;

} // namespace
