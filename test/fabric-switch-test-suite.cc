/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Switch parts on their own: port queue scheduling, the MMU's thresholds and regions, link flow
// control state, control frames, radix and ASIC capacity, CPO engine groups and switch power.

#include "ai-fabric-test-util.h"

#include "ns3/core-module.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/ecn-red-profile.h"
#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-mmu.h"
#include "ns3/fabric-network-helper.h"
#include "ns3/fabric-port-queue.h"
#include "ns3/fat-tree-helper.h"
#include "ns3/link-control-header.h"
#include "ns3/link-flow-control.h"
#include "ns3/optics-catalogue.h"
#include "ns3/photonic-channel.h"
#include "ns3/photonic-link-helper.h"
#include "ns3/queue-item.h"

using namespace ns3;
using namespace ns3::aif_test;

namespace
{
/// A frame of a class, Ethernet-framed size bytes (the class from a FabricPacketTag).
Ptr<Packet>
ClassFrame(uint8_t cls, uint32_t size)
{
    Ptr<Packet> p = Create<Packet>(size);
    FabricPacketTag tag;
    tag.SetPriority(cls);
    p->AddPacketTag(tag);
    return p;
}
} // namespace

/// Strict priority and DWRR in the port queue.
class PortQueueTestCase : public TestCase
{
  public:
    PortQueueTestCase()
        : TestCase("Port queue: strict priority serves class 7 first; DWRR shares by weight; "
                   "ineligible classes are skipped")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<FabricPortQueue> sp = CreateObject<FabricPortQueue>();
        sp->Enqueue(ClassFrame(1, 100));
        sp->Enqueue(ClassFrame(7, 100));
        sp->Enqueue(ClassFrame(3, 100));
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sp->Dequeue(), true)), 7, "7 first");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sp->Dequeue(), true)), 3, "then 3");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sp->Dequeue(), true)), 1, "then 1");

        // DWRR with weights 1:3 on classes 0 and 1, equal packets: 1:3 service while both wait.
        Ptr<FabricPortQueue> dwrr = CreateObject<FabricPortQueue>();
        dwrr->SetAttribute("Scheduler", StringValue("Dwrr"));
        dwrr->SetAttribute("Weights", StringValue("1 3 1 1 1 1 1 1"));
        dwrr->SetAttribute("Quantum", UintegerValue(1000));
        for (int i = 0; i < 1000; ++i)
        {
            dwrr->Enqueue(ClassFrame(0, 1000));
            dwrr->Enqueue(ClassFrame(1, 1000));
        }
        uint32_t served[2] = {0, 0};
        for (int i = 0; i < 800; ++i)
        {
            ++served[FabricPriorityOf(dwrr->Dequeue(), true)];
        }
        NS_TEST_EXPECT_MSG_EQ(served[0], 200u, "weight 1 of 4: 200 of 800");
        NS_TEST_EXPECT_MSG_EQ(served[1], 600u, "weight 3 of 4: 600 of 800");
        NS_TEST_EXPECT_MSG_EQ(dwrr->GetClassPackets(0), 800u, "class 0 left");
        NS_TEST_EXPECT_MSG_EQ(dwrr->GetClassBytes(1), 400u * 1000, "class 1 bytes left");

        // A paused class is skipped, others go on.
        Ptr<FabricPortQueue> q = CreateObject<FabricPortQueue>();
        q->Enqueue(ClassFrame(3, 100));
        q->Enqueue(ClassFrame(0, 100));
        Ptr<Packet> p = q->DequeueEligible([](uint8_t c, Ptr<const Packet>) { return c != 3; });
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(p, true)), 0, "class 3 paused: class 0 goes");
        NS_TEST_EXPECT_MSG_EQ(
            q->DequeueEligible([](uint8_t c, Ptr<const Packet>) { return c != 3; }),
            nullptr,
            "only the paused class left: nothing");
        NS_TEST_EXPECT_MSG_EQ(q->GetNPackets(), 1u, "its packet waits");
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([&]() { q->SetWeights("1 2 3"); }, {"Weights", "eight"}),
            true,
            "short weight list refused");
    }
};

/// The port queue keeps ns-3 Queue's counters and traces (it is a QueueBase, not a Queue).
class PortQueueTracesTestCase : public TestCase
{
  public:
    PortQueueTracesTestCase()
        : TestCase("Port queue: Enqueue, Dequeue, Drop, DropBeforeEnqueue and DropAfterDequeue "
                   "traces and the QueueBase counters, as ns-3's DropTailQueue keeps them")
    {
    }

  private:
    /// What the traces saw.
    struct Seen
    {
        uint32_t enqueued{0};      //!< Enqueue
        uint32_t dequeued{0};      //!< Dequeue
        uint32_t dropped{0};       //!< Drop
        uint32_t droppedBefore{0}; //!< DropBeforeEnqueue
        uint32_t droppedAfter{0};  //!< DropAfterDequeue
    };

    /**
     * \brief Count a queue's traces.
     * \param q the queue
     * \param seen where to count
     */
    static void Watch(Ptr<QueueBase> q, Seen* seen)
    {
        auto count = [](uint32_t* n, Ptr<const Packet>) { ++*n; };
        q->TraceConnectWithoutContext("Enqueue", MakeBoundCallback(+count, &seen->enqueued));
        q->TraceConnectWithoutContext("Dequeue", MakeBoundCallback(+count, &seen->dequeued));
        q->TraceConnectWithoutContext("Drop", MakeBoundCallback(+count, &seen->dropped));
        q->TraceConnectWithoutContext("DropBeforeEnqueue",
                                      MakeBoundCallback(+count, &seen->droppedBefore));
        q->TraceConnectWithoutContext("DropAfterDequeue",
                                      MakeBoundCallback(+count, &seen->droppedAfter));
    }

    void DoRun() override
    {
        Ptr<FabricPortQueue> port = CreateObject<FabricPortQueue>();
        port->SetMaxSize(QueueSize("3p"));
        Ptr<DropTailQueue<Packet>> ref = CreateObject<DropTailQueue<Packet>>();
        ref->SetMaxSize(QueueSize("3p"));
        Seen portSeen;
        Seen refSeen;
        Watch(port, &portSeen);
        Watch(ref, &refSeen);
        // Four frames into room for three, one taken, one removed (dropped after dequeue).
        for (uint32_t i = 0; i < 4; ++i)
        {
            const bool a = port->Enqueue(ClassFrame(static_cast<uint8_t>(i % 2), 100 + i));
            const bool b = ref->Enqueue(ClassFrame(static_cast<uint8_t>(i % 2), 100 + i));
            NS_TEST_EXPECT_MSG_EQ(a, b, "enqueue " << i << " accepted alike");
        }
        NS_TEST_EXPECT_MSG_EQ(port->GetNPackets(), 3u, "three held");
        NS_TEST_EXPECT_MSG_EQ(port->GetNBytes(), ref->GetNBytes(), "same bytes held");
        NS_TEST_EXPECT_MSG_NE(port->Dequeue(), nullptr, "one taken");
        ref->Dequeue();
        NS_TEST_EXPECT_MSG_NE(port->Remove(), nullptr, "one removed");
        ref->Remove();
        NS_TEST_EXPECT_MSG_EQ(portSeen.enqueued, 3u, "Enqueue fired per frame held");
        NS_TEST_EXPECT_MSG_EQ(portSeen.enqueued, refSeen.enqueued, "Enqueue as Queue");
        NS_TEST_EXPECT_MSG_EQ(portSeen.dequeued, 2u, "Dequeue for the taken and the removed");
        NS_TEST_EXPECT_MSG_EQ(portSeen.dequeued, refSeen.dequeued, "Dequeue as Queue");
        NS_TEST_EXPECT_MSG_EQ(portSeen.dropped, 2u, "Drop for the refused and the removed");
        NS_TEST_EXPECT_MSG_EQ(portSeen.dropped, refSeen.dropped, "Drop as Queue");
        NS_TEST_EXPECT_MSG_EQ(portSeen.droppedBefore, 1u, "DropBeforeEnqueue for the refused");
        NS_TEST_EXPECT_MSG_EQ(portSeen.droppedAfter, 1u, "DropAfterDequeue for the removed");
        NS_TEST_EXPECT_MSG_EQ(port->GetTotalReceivedPackets(),
                              ref->GetTotalReceivedPackets(),
                              "received packets");
        NS_TEST_EXPECT_MSG_EQ(port->GetTotalReceivedBytes(),
                              ref->GetTotalReceivedBytes(),
                              "received bytes");
        NS_TEST_EXPECT_MSG_EQ(port->GetTotalDroppedPacketsBeforeEnqueue(), 1u, "refused counted");
        NS_TEST_EXPECT_MSG_EQ(port->GetTotalDroppedPacketsAfterDequeue(), 1u, "removed counted");
        // The refused frame (103 bytes) and, by class, not arrival: Dequeue took class 1's
        // 101-byte frame, Remove the head of class 0 (100 bytes).
        NS_TEST_EXPECT_MSG_EQ(port->GetTotalDroppedBytes(), 203u, "dropped bytes");
        NS_TEST_EXPECT_MSG_EQ(port->GetNBytes(), 102u, "class 0's second frame left");
        NS_TEST_EXPECT_MSG_EQ(port->GetNPackets(), ref->GetNPackets(), "same packets left");

        // Sinks connected after traffic started (the queue asks its Enqueue and Dequeue
        // traces only once one had a sink) see every later packet, as a Queue's do.
        Ptr<FabricPortQueue> latePort = CreateObject<FabricPortQueue>();
        Ptr<DropTailQueue<Packet>> lateRef = CreateObject<DropTailQueue<Packet>>();
        latePort->Enqueue(ClassFrame(0, 100));
        lateRef->Enqueue(ClassFrame(0, 100));
        Seen latePortSeen;
        Seen lateRefSeen;
        Watch(latePort, &latePortSeen);
        Watch(lateRef, &lateRefSeen);
        latePort->Enqueue(ClassFrame(1, 100));
        lateRef->Enqueue(ClassFrame(1, 100));
        latePort->Dequeue();
        latePort->Dequeue();
        lateRef->Dequeue();
        lateRef->Dequeue();
        NS_TEST_EXPECT_MSG_EQ(latePortSeen.enqueued, 1u, "late Enqueue sink: the second frame");
        NS_TEST_EXPECT_MSG_EQ(latePortSeen.dequeued, 2u, "late Dequeue sink: both frames");
        NS_TEST_EXPECT_MSG_EQ(latePortSeen.enqueued, lateRefSeen.enqueued, "late, as Queue");
        NS_TEST_EXPECT_MSG_EQ(latePortSeen.dequeued, lateRefSeen.dequeued, "late, as Queue");

        // A device takes it or any Queue<Packet>; nothing else.
        Ptr<PhotonicNetDevice> dev = CreateObject<PhotonicNetDevice>();
        dev->SetQueue(port);
        NS_TEST_EXPECT_MSG_EQ(dev->GetQueue(), Ptr<QueueBase>(port), "port queue taken");
        dev->SetQueue(ref);
        NS_TEST_EXPECT_MSG_EQ(dev->GetQueue(), Ptr<QueueBase>(ref), "DropTailQueue taken");
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError(
                [&]() { dev->SetQueue(CreateObject<DropTailQueue<QueueDiscItem>>()); },
                {"TxQueue", "neither"}),
            true,
            "a queue of other items refused");
    }
};

/// MMU thresholds and regions against hand values.
class MmuTestCase : public TestCase
{
  public:
    MmuTestCase()
        : TestCase("MMU: dynamic thresholds, PFC XOFF into headroom and XON, credit regions, "
                   "reserves that do not fit")
    {
    }

  private:
    void DoRun() override
    {
        FabricMmuConfig cfg;
        cfg.bufferBytes = 1000000;
        cfg.queueAlpha = 1.0;
        cfg.portAlpha = 4.0;
        FabricMmu mmu;
        mmu.Configure(cfg, {0, 0}, 0, {0, 0});
        // One queue alone: q <= alpha (B - q) => q <= B / 2 = 500,000 bytes.
        uint64_t admitted = 0;
        FabricMmu::Admission lossy;
        while ((lossy = mmu.AdmitLossy(1, 0, 1000)).admitted)
        {
            NS_TEST_EXPECT_MSG_EQ(int(lossy.region), int(FabricMmu::LOSSY), "egress only");
            admitted += 1000;
        }
        NS_TEST_EXPECT_MSG_EQ(admitted, 500000u, "alpha = 1: one queue takes half the buffer");
        const FabricMmu::Admission full = mmu.AdmitLossy(1, 0, 1000);
        NS_TEST_EXPECT_MSG_EQ(FabricDropReasonName(full.reason), "buffer-full", "reason");
        // A second queue now gets alpha x (B - 500,000) - its own: q2 <= (500,000 - q2).
        uint64_t second = 0;
        while (mmu.AdmitLossy(0, 0, 1000).admitted)
        {
            second += 1000;
        }
        NS_TEST_EXPECT_MSG_EQ(second, 250000u, "second queue: (B - 500k) / 2");
        NS_TEST_EXPECT_MSG_EQ(mmu.GetOccupancy(), 750000u, "occupancy");
        mmu.Release(0, 1, 0, 1000, FabricMmu::LOSSY);
        NS_TEST_EXPECT_MSG_EQ(mmu.GetEgressBytes(1), 499000u, "release counts down");
        NS_TEST_EXPECT_MSG_EQ(mmu.GetOccupancy(), 749000u, "and the shared pool with it");

        // PFC: 2 ports, class 3, headroom 10,000 each; XOFF at pfcAlpha x free shared.
        FabricMmuConfig pcfg;
        pcfg.bufferBytes = 1000000;
        pcfg.pfcAlpha = 0.1;
        pcfg.xonDeltaBytes = 2000;
        FabricMmu pfc;
        pfc.Configure(pcfg, {10000, 10000}, 0x08, {0, 0});
        NS_TEST_EXPECT_MSG_EQ(pfc.GetSharedSize(), 980000u, "shared = buffer - 2 headrooms");
        bool paused = false;
        uint32_t n = 0;
        while (!paused)
        {
            const FabricMmu::Admission a = pfc.AdmitPfc(0, 1, 3, 1000);
            NS_TEST_ASSERT_MSG_EQ(a.admitted, true, "PFC class admitted");
            paused = a.pause;
            ++n;
        }
        // The 90th kB would make held 90,000 > 0.1 x (980,000 - 89,000) = 89,100: it goes to
        // headroom and XOFF is sent.
        NS_TEST_EXPECT_MSG_EQ(n, 90u, "XOFF where held passes 0.1 x free");
        // In-flight data lands in headroom, up to its size, then is dropped.
        uint32_t inHeadroom = 0;
        FabricMmu::Admission a;
        while ((a = pfc.AdmitPfc(0, 1, 3, 1000)).admitted)
        {
            NS_TEST_EXPECT_MSG_EQ(int(a.region), int(FabricMmu::HEADROOM), "after XOFF: headroom");
            ++inHeadroom;
        }
        NS_TEST_EXPECT_MSG_EQ(inHeadroom, 9u, "headroom holds 10,000 bytes (the XOFF kB + 9)");
        NS_TEST_EXPECT_MSG_EQ(FabricDropReasonName(a.reason), "headroom-overflow", "then drops");
        // Draining: headroom first, XON once held + delta <= threshold.
        bool resumed = false;
        uint32_t released = 0;
        while (!resumed)
        {
            resumed = pfc.Release(0, 1, 3, 1000, FabricMmu::SHARED);
            ++released;
        }
        // Headroom (10 kB) drains first; then shared held = 89 - k kB, XON when
        // held + 2 <= 0.1 (980 - held), i.e. held <= 87.27 kB: k = 2.
        NS_TEST_EXPECT_MSG_EQ(released, 12u, "XON after headroom and 2 kB of shared drained");
        NS_TEST_EXPECT_MSG_EQ(pfc.IsPaused(0, 3), false, "resumed");

        // Credit regions and a buffer too small for them.
        FabricMmu credit;
        credit.Configure(pcfg, {0, 0}, 0, {4096, 4096});
        NS_TEST_EXPECT_MSG_EQ(credit.AdmitCredit(0, 1, 0, 4096).admitted, true, "credit fits");
        NS_TEST_EXPECT_MSG_EQ(FabricDropReasonName(credit.AdmitCredit(0, 1, 0, 1).reason),
                              "credit-overrun",
                              "a sender over its credit is caught");
        FabricMmu tooSmall;
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([&]() { tooSmall.Configure(pcfg, {0}, 0, {2000000}); },
                              {"cannot hold its reserves", "2000000"}),
            true,
            "reserves beyond the buffer refused");
    }
};

/// Link-level flow control state and frames.
class LinkFlowControlTestCase : public TestCase
{
  public:
    LinkFlowControlTestCase()
        : TestCase("Link flow control: 64-byte credit blocks with modulo-2^32 limits; pause "
                   "times; PFC and credit frames round-trip")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(LinkFlowControl::BlocksFor(60), 1u, "60 + FCS = 64: one block");
        NS_TEST_EXPECT_MSG_EQ(LinkFlowControl::BlocksFor(61), 2u, "65 bytes: two blocks");
        LinkFlowControl fc;
        NS_TEST_EXPECT_MSG_EQ(fc.HasCredit(0, 1), false, "no credit before an update");
        fc.SetCreditLimit(0, 0xfffffff0u + 20); // wraps to 4
        fc.ConsumeCredit(0, 0xfffffff0u);
        NS_TEST_EXPECT_MSG_EQ(fc.GetAvailableCredit(0), 20u, "limit - sent, modulo 2^32");
        fc.ConsumeCredit(0, 20);
        NS_TEST_EXPECT_MSG_EQ(fc.HasCredit(0, 1), false, "zero credit: stop");
        fc.SetReceiveBuffer(6400);
        fc.SetLanes(2);
        fc.FreeBlocks(1, 5);
        NS_TEST_EXPECT_MSG_EQ(fc.GetAdvertisedLimit(1), 105u, "freed + 100 buffer blocks");
        NS_TEST_EXPECT_MSG_EQ(fc.GetAdvertisedLimit(2), 0u, "lane beyond CreditLanes: none");

        fc.Pause(3, MicroSeconds(10), MicroSeconds(0));
        NS_TEST_EXPECT_MSG_EQ(fc.IsPaused(3, MicroSeconds(5)), true, "paused");
        fc.Resume(3, MicroSeconds(4));
        NS_TEST_EXPECT_MSG_EQ(fc.IsPaused(3, MicroSeconds(5)), false, "resumed");
        NS_TEST_EXPECT_MSG_EQ(fc.GetPausedTime(3, MicroSeconds(50)), MicroSeconds(4), "4 us");

        PfcPauseHeader pfc;
        pfc.SetClass(3, 0xffff);
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(pfc);
        NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 46u, "PFC body padded to the minimum payload");
        PfcPauseHeader back;
        p->RemoveHeader(back);
        NS_TEST_EXPECT_MSG_EQ(back.IsPfc(), true, "opcode 0x0101");
        NS_TEST_EXPECT_MSG_EQ(back.IsClassEnabled(3), true, "class 3 enabled");
        NS_TEST_EXPECT_MSG_EQ(back.IsClassEnabled(2), false, "class 2 not");
        NS_TEST_EXPECT_MSG_EQ(back.GetQuanta(3), 0xffff, "quanta kept");
        CreditUpdateHeader cu;
        cu.SetLimit(5, 123456789u);
        Ptr<Packet> q = Create<Packet>();
        q->AddHeader(cu);
        CreditUpdateHeader cuBack;
        q->RemoveHeader(cuBack);
        NS_TEST_EXPECT_MSG_EQ(cuBack.GetLimit(5), 123456789u, "credit limit kept");
    }
};

/// Radix, ASIC capacity, CPO engines, power.
class SwitchLimitsTestCase : public TestCase
{
  public:
    SwitchLimitsTestCase()
        : TestCase("Switch: 51.2 Tbps takes 64 x 800G but not 65; a CPO engine failure downs its "
                   "4 ports; power = ASIC + optics")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Node> node = CreateObject<Node>();
        Ptr<FabricSwitch> sw = CreateObject<FabricSwitch>();
        sw->SetAttribute("Name", StringValue("tor"));
        sw->SetAttribute("AsicCapacity", DataRateValue(DataRate(51200000000000ull)));
        sw->Install(node, 0);
        PhotonicLinkHelper link;
        link.SetTransceiver("DR8");
        for (uint32_t i = 0; i < 64; ++i)
        {
            NetDeviceContainer d = link.Install(node, CreateObject<Node>());
            sw->AddPort(DynamicCast<PhotonicNetDevice>(d.Get(0)), FabricPortKind::PLUGGABLE);
        }
        NS_TEST_EXPECT_MSG_EQ(sw->GetNPorts(), 64u, "64 x 800G fit 51.2 Tb/s");
        NetDeviceContainer d65 = link.Install(node, CreateObject<Node>());
        NS_TEST_EXPECT_MSG_EQ(ThrowsConfigError(
                                  [&]() {
                                      sw->AddPort(DynamicCast<PhotonicNetDevice>(d65.Get(0)),
                                                  FabricPortKind::PLUGGABLE);
                                  },
                                  {"tor", "65 ports", "52 Tb/s", "51.2 Tb/s"}),
                              true,
                              "the 65th port is refused");
        sw->Finalize();
        const double pluggable = 500.0 + 64 * OpticsCatalogue::Get("DR8").powerW;
        NS_TEST_EXPECT_MSG_EQ_TOL(sw->GetPowerW(), pluggable, 1e-9, "ASIC 500 W + 64 DR8");

        // A CPO switch: 32 x 1.6T ports, 4 per 6.4 Tb/s optical engine.
        Ptr<Node> cpoNode = CreateObject<Node>();
        Ptr<FabricSwitch> cpo = CreateObject<FabricSwitch>();
        cpo->SetAttribute("AsicCapacity", DataRateValue(DataRate(51200000000000ull)));
        cpo->Install(cpoNode, 1);
        link.SetTransceiver("CPO");
        for (uint32_t i = 0; i < 32; ++i)
        {
            NetDeviceContainer d = link.Install(cpoNode, CreateObject<Node>());
            cpo->AddPort(DynamicCast<PhotonicNetDevice>(d.Get(0)), FabricPortKind::CPO);
        }
        cpo->Finalize();
        NS_TEST_EXPECT_MSG_EQ(cpo->GetNCpoEngines(), 8u, "32 CPO ports / 4 per engine");
        cpo->SetCpoEngineFailed(2, true);
        uint32_t down = 0;
        for (uint32_t p = 0; p < 32; ++p)
        {
            down += cpo->GetPort(p)->IsLinkUp() ? 0 : 1;
        }
        NS_TEST_EXPECT_MSG_EQ(down, 4u, "engine 2's 4 ports are down");
        NS_TEST_EXPECT_MSG_EQ(cpo->GetPort(8)->IsLinkUp(), false, "port 8 is on engine 2");
        NS_TEST_EXPECT_MSG_EQ(cpo->GetPort(12)->IsLinkUp(), true, "port 12 is on engine 3");
        cpo->SetCpoEngineFailed(2, false);
        NS_TEST_EXPECT_MSG_EQ(cpo->GetPort(8)->IsLinkUp(), true, "repaired");
        NS_TEST_EXPECT_MSG_EQ(ThrowsConfigError([&]() { cpo->SetCpoEngineFailed(8, true); },
                                                {"no CPO optical engine 8"}),
                              true,
                              "unknown engine refused");
        const double expected = 500.0 + 32 * OpticsCatalogue::Get("CPO").powerW;
        NS_TEST_EXPECT_MSG_EQ_TOL(cpo->GetPowerW(), expected, 1e-9, "ASIC 500 W + 32 CPO ports");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPortKindOf("LPO")), int(FabricPortKind::LPO), "LPO kind");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPortKindOf("DR8")),
                              int(FabricPortKind::PLUGGABLE),
                              "DR8 is pluggable");
        Simulator::Destroy();

        // A radix-limited switch from a description: 17 links to a radix-16 leaf.
        FatTreeHelper ft;
        ft.SetTiers(2);
        ft.SetRadix(16);
        ft.SetLeaves(2);
        FabricTopology topo = ft.BuildDescription();
        FabricNetworkHelper helper;
        helper.SetSwitchAttribute("EcnKmin", UintegerValue(500));
        helper.SetSwitchAttribute("EcnKmax", UintegerValue(100));
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([&]() { helper.Install(topo); }, {"EcnKmax", "EcnKmin"}),
            true,
            "RED thresholds out of order refused before simulation");
        Simulator::Destroy();
    }
};

/// The address plan.
class AddressPlanTestCase : public TestCase
{
  public:
    AddressPlanTestCase()
        : TestCase("Address plan: NIC 10.0.0.0 + n + 1, scale-up 10.128.0.0 + n + 1 (9-bit "
                   "prefixes), MACs invert to the GPU")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::NicAddress(0), Ipv4Address("10.0.0.1"), "GPU 0");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::NicAddress(100000),
                              Ipv4Address("10.1.134.161"),
                              "GPU 100000");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::ScaleUpAddress(7),
                              Ipv4Address("10.128.0.8"),
                              "scale-up of GPU 7");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfAddress(Ipv4Address("10.1.134.161")),
                              100000,
                              "address to GPU");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfAddress(Ipv4Address("10.128.0.8")),
                              7,
                              "scale-up address to GPU");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfAddress(Ipv4Address("192.168.0.1")),
                              -1,
                              "outside the plan");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfMac(FabricAddressPlan::NicMac(123456)),
                              123456,
                              "NIC MAC to GPU");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfMac(FabricAddressPlan::SwitchPortMac(3, 4)),
                              -1,
                              "switch MAC is no GPU");
    }
};

/// The suite.
class FabricSwitchTestSuite : public TestSuite
{
  public:
    FabricSwitchTestSuite()
        : TestSuite("ai-fabric-switch", AIF_UNIT)
    {
        AddTestCase(new PortQueueTestCase, AIF_QUICK);
        AddTestCase(new PortQueueTracesTestCase, AIF_QUICK);
        AddTestCase(new MmuTestCase, AIF_QUICK);
        AddTestCase(new LinkFlowControlTestCase, AIF_QUICK);
        AddTestCase(new SwitchLimitsTestCase, AIF_QUICK);
        AddTestCase(new AddressPlanTestCase, AIF_QUICK);
    }
};

/// Registers the suite.
static FabricSwitchTestSuite g_fabricSwitchTestSuite;
