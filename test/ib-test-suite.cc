/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// InfiniBand-style wire format, LID forwarding and congestion control: the LRH layout, the VCRC
// and local ICRC against bitwise reference CRCs, the LID plan, forwarding by DLID through a fat
// tree, FECN marking by the RED profile, and the CCT-based source congestion control.

#include "ai-fabric-test-util.h"
#include "crc-test-util.h"

#include "ns3/channel.h"
#include "ns3/core-module.h"
#include "ns3/ethernet-header.h"
#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-network-helper.h"
#include "ns3/fabric-tags.h"
#include "ns3/fat-tree-helper.h"
#include "ns3/ib-congestion-control.h"
#include "ns3/ib-headers.h"
#include "ns3/photonic-channel.h"

#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::aif_test;

namespace
{

/// Payload bytes of the test frames (a multiple of 4: no BTH padding).
constexpr uint32_t PAYLOAD = 4000;

/**
 * \brief An IBA-local frame (no Ethernet header): LRH, BTH (RC RDMA WRITE middle), payload, ICRC,
 * VCRC.
 * \param slid source LID
 * \param dlid destination LID
 * \param sl service level
 * \param qp destination QP
 * \param psn packet sequence number
 * \param payload the payload (empty: PAYLOAD zero bytes)
 * \return the frame
 */
Ptr<Packet>
IbFrame(uint16_t slid,
        uint16_t dlid,
        uint8_t sl,
        uint32_t qp,
        uint32_t psn,
        const std::vector<uint8_t>& payload = {})
{
    Ptr<Packet> p = payload.empty()
                        ? Create<Packet>(PAYLOAD)
                        : Create<Packet>(payload.data(), static_cast<uint32_t>(payload.size()));
    IbBthHeader bth;
    bth.opcode = IbBthHeader::RC_WRITE_MIDDLE;
    bth.destQp = qp;
    bth.psn = psn;
    p->AddHeader(bth);
    IbLrhHeader lrh;
    lrh.sl = sl;
    lrh.dlid = dlid;
    lrh.slid = slid;
    lrh.pktLen = IbLrhHeader::LengthWords(p->GetSize() + IbLrhHeader::SIZE + 4);
    p->AddHeader(lrh);
    IbAddCrcs(p);
    return p;
}

/**
 * \brief The bytes of a packet.
 * \param p the packet
 * \return its bytes
 */
std::vector<uint8_t>
BytesOf(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), p->GetSize());
    return b;
}

/// What a finished frame's bytes say.
struct FrameView
{
    uint16_t dlid{0};   //!< LRH DLID
    bool fecn{false};   //!< BTH FECN
    uint32_t psn{0};    //!< BTH PSN
    bool icrcOk{false}; //!< ICRC matches the bitwise reference (variant fields as ones)
    bool vcrcOk{false}; //!< VCRC matches the bitwise reference
    uint32_t pktLen{0}; //!< LRH PktLen
    uint32_t bytes{0};  //!< bytes from LRH through VCRC
};

/**
 * \brief Read a finished IBA-local frame and check its CRCs against the bitwise references.
 * \param p the frame (LRH first)
 * \return what it says
 */
FrameView
ViewFrame(Ptr<const Packet> p)
{
    std::vector<uint8_t> b = BytesOf(p);
    FrameView v;
    const std::size_t n = b.size();
    v.bytes = static_cast<uint32_t>(n);
    v.dlid = static_cast<uint16_t>((b[2] << 8) | b[3]);
    v.pktLen = ((b[4] & 0x07u) << 8) | b[5];
    v.fecn = (b[12] & 0x80) != 0;
    v.psn = (uint32_t(b[17]) << 16) | (uint32_t(b[18]) << 8) | b[19];
    // Trailers, least significant byte first: ICRC (4) then VCRC (2).
    const uint32_t icrc =
        b[n - 6] | (b[n - 5] << 8) | (b[n - 4] << 16) | (uint32_t(b[n - 3]) << 24);
    const uint16_t vcrc = static_cast<uint16_t>(b[n - 2] | (b[n - 1] << 8));
    std::vector<uint8_t> throughIcrc(b.begin(), b.end() - 2);
    v.vcrcOk = BitwiseIbVcrc(throughIcrc) == vcrc;
    std::vector<uint8_t> invariant(b.begin(), b.end() - 6);
    invariant[0] |= 0xf0; // LRH VL
    invariant[12] = 0xff; // BTH reserved byte (FECN, BECN)
    v.icrcOk = BitwiseCrc32(invariant) == icrc;
    return v;
}

/**
 * \brief A 2-tier fat tree of radix 16 with 2 leaves (8 GPUs per leaf, 8 spines) without the
 * Internet stack: raw frames only.
 * \param helper the helper (attributes already set)
 * \param topo where to put the description
 * \return the network
 */
Ptr<FabricNetwork>
BuildFatTree(FabricNetworkHelper& helper, FabricTopology& topo)
{
    FatTreeHelper ft;
    ft.SetTiers(2);
    ft.SetRadix(16);
    ft.SetLeaves(2);
    topo = ft.BuildDescription();
    helper.SetInstallInternet(false);
    return helper.Install(topo);
}

/**
 * \brief A GPU's NIC.
 * \param net the fabric
 * \param gpu ordinal
 * \return its scale-out device
 */
Ptr<PhotonicNetDevice>
NicOf(Ptr<FabricNetwork> net, uint32_t gpu)
{
    Ptr<Node> node = net->GetGpuNode(gpu);
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<PhotonicNetDevice> dev = DynamicCast<PhotonicNetDevice>(node->GetDevice(d));
        if (dev && Mac48Address::ConvertFrom(dev->GetAddress()) == FabricAddressPlan::NicMac(gpu))
        {
            return dev;
        }
    }
    return nullptr;
}

/**
 * \brief The port of a switch whose link leads to a GPU's NIC.
 * \param sw the switch
 * \param nic the NIC
 * \return the port index, or -1
 */
int32_t
PortTo(Ptr<FabricSwitch> sw, Ptr<PhotonicNetDevice> nic)
{
    for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
    {
        Ptr<Channel> channel = sw->GetPort(p)->GetChannel();
        for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
        {
            if (channel->GetDevice(d) == nic)
            {
                return static_cast<int32_t>(p);
            }
        }
    }
    return -1;
}

/// Frames one GPU received.
struct IbRx
{
    std::vector<FrameView> frames; //!< in arrival order
};

/**
 * \brief Record the frames a NIC receives (MacRx: the frame without its Ethernet header).
 * \param nic the NIC
 * \param rx where to record (must outlive the simulation)
 */
void
RecordIbRx(Ptr<PhotonicNetDevice> nic, IbRx* rx)
{
    nic->TraceConnectWithoutContext(
        "MacRx",
        MakeBoundCallback(
            +[](IbRx* r, Ptr<const Packet> p) { r->frames.push_back(ViewFrame(p)); },
            rx));
}

} // namespace

/// LRH layout, PktLen, the LID plan and the class of an untagged frame.
class IbLrhTestCase : public TestCase
{
  public:
    IbLrhTestCase()
        : TestCase("LRH serializes to the IBA 7.7 layout; LID plan gpu + 1 up to 0xBFFF; an "
                   "untagged IB frame's class is its SL")
    {
    }

  private:
    void DoRun() override
    {
        IbLrhHeader lrh;
        lrh.vl = 0x3;
        lrh.lver = 0x0;
        lrh.sl = 0x5;
        lrh.lnh = IbLrhHeader::LNH_IBA_LOCAL;
        lrh.dlid = 0x1234;
        lrh.pktLen = 0x3ab;
        lrh.slid = 0xbeef;
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(lrh);
        const std::vector<uint8_t> expected = {0x30, 0x52, 0x12, 0x34, 0x03, 0xab, 0xbe, 0xef};
        NS_TEST_EXPECT_MSG_EQ((BytesOf(p) == expected), true, "LRH bytes per IBA 7.7");
        IbLrhHeader back;
        p->RemoveHeader(back);
        NS_TEST_EXPECT_MSG_EQ((back.vl == 3 && back.sl == 5 && back.lnh == 2), true, "VL SL LNH");
        NS_TEST_EXPECT_MSG_EQ((back.dlid == 0x1234 && back.slid == 0xbeef), true, "LIDs");
        NS_TEST_EXPECT_MSG_EQ(back.pktLen, 0x3ab, "PktLen round-trips (11 bits)");

        // PktLen: LRH (8) + BTH (12) + payload + ICRC (4), in words; the VCRC does not count.
        Ptr<Packet> frame = IbFrame(1, 2, 0, 7, 9);
        const FrameView v = ViewFrame(frame);
        NS_TEST_EXPECT_MSG_EQ(v.bytes, 8u + 12 + PAYLOAD + 4 + 2, "frame = LRH..VCRC");
        NS_TEST_EXPECT_MSG_EQ(v.pktLen, (8u + 12 + PAYLOAD + 4) / 4, "PktLen excludes the VCRC");

        // LID plan.
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::LidOfGpu(0), 1, "GPU 0 has LID 1");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::LidOfGpu(0xbffe), 0xbfff, "last unicast LID");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfLid(0x1234), 0x1233, "LID - 1");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfLid(0), -1, "LID 0 is reserved");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfLid(0xc000), -1, "multicast LID");
        NS_TEST_EXPECT_MSG_EQ(FabricAddressPlan::GpuOfLid(0xffff), -1, "permissive LID");
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([] { FabricAddressPlan::LidOfGpu(0xbfff); }, {"49151", "0xBFFF"}),
            true,
            "GPU 49151 has no unicast LID");
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([] { FabricAddressPlan::CheckIbAddressable(49152); },
                              {"49152", "49151"}),
            true,
            "a fabric of 49152 GPUs cannot use IB-style addressing");
        FabricAddressPlan::CheckIbAddressable(49151);

        // Class of an untagged frame: the SL (modulo the 8 classes); a tag wins.
        Ptr<Packet> sl5 = IbFrame(1, 2, 5, 7, 9);
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sl5, false, IB_ETHERTYPE)), 5, "SL 5");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(IbFrame(1, 2, 13, 7, 9), false, IB_ETHERTYPE)),
                              5,
                              "SL 13 -> class 5");
        EthernetHeader eth(false);
        eth.SetLengthType(IB_ETHERTYPE);
        Ptr<Packet> framed = sl5->Copy();
        framed->AddHeader(eth);
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(framed, true)), 5, "framed: SL from the LRH");
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sl5, false)),
                              0,
                              "without the EtherType the LRH is not read");
        FabricPacketTag tag;
        tag.SetPriority(2);
        sl5->AddPacketTag(tag);
        NS_TEST_EXPECT_MSG_EQ(int(FabricPriorityOf(sl5, false, IB_ETHERTYPE)), 2, "the tag wins");
    }
};

/// ICRC and VCRC.
class IbCrcTestCase : public TestCase
{
  public:
    IbCrcTestCase()
        : TestCase("VCRC (CRC-16 0x100B) and local ICRC match bitwise CRCs; the ICRC ignores VL, "
                   "FECN and BECN, the VCRC does not; FECN marking keeps both valid")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<uint8_t> payload(64);
        for (std::size_t i = 0; i < payload.size(); ++i)
        {
            payload[i] = static_cast<uint8_t>(i * 37 + 11);
        }
        Ptr<Packet> frame = IbFrame(0x0011, 0x0022, 3, 0x00abcd, 0x123456, payload);
        const FrameView v = ViewFrame(frame);
        NS_TEST_EXPECT_MSG_EQ(v.icrcOk, true, "ICRC = bitwise CRC-32 with VL and resv8a as ones");
        NS_TEST_EXPECT_MSG_EQ(v.vcrcOk, true, "VCRC = bitwise CRC-16 (0x100B) over LRH..ICRC");

        // The functions on the unfinished packet give the trailers' values.
        std::vector<uint8_t> b = BytesOf(frame);
        Ptr<Packet> bare = Create<Packet>(b.data(), static_cast<uint32_t>(b.size() - 6));
        Ptr<Packet> throughIcrc = Create<Packet>(b.data(), static_cast<uint32_t>(b.size() - 2));
        const std::vector<uint8_t> invariant(b.begin(), b.end() - 6);
        std::vector<uint8_t> masked = invariant;
        masked[0] |= 0xf0;
        masked[12] = 0xff;
        NS_TEST_EXPECT_MSG_EQ(IbLocalIcrc(bare), BitwiseCrc32(masked), "IbLocalIcrc");
        NS_TEST_EXPECT_MSG_NE(BitwiseCrc32(invariant), BitwiseCrc32(masked), "masks change bits");
        const std::vector<uint8_t> vcrcInput(b.begin(), b.end() - 2);
        NS_TEST_EXPECT_MSG_EQ(IbVcrc(throughIcrc), BitwiseIbVcrc(vcrcInput), "IbVcrc");

        // A switch changing VL, FECN or BECN leaves the ICRC; SL or a payload byte change it.
        auto icrcWith = [&](std::size_t offset, uint8_t value) {
            std::vector<uint8_t> c = invariant;
            c[offset] = value;
            return IbLocalIcrc(Create<Packet>(c.data(), static_cast<uint32_t>(c.size())));
        };
        const uint32_t icrc = IbLocalIcrc(bare);
        NS_TEST_EXPECT_MSG_EQ(icrcWith(0, 0x70), icrc, "VL 7 instead of 0: same ICRC");
        NS_TEST_EXPECT_MSG_EQ(icrcWith(12, 0xc0), icrc, "FECN and BECN set: same ICRC");
        NS_TEST_EXPECT_MSG_NE(icrcWith(1, 0x42), icrc, "SL 4 instead of 3: another ICRC");
        NS_TEST_EXPECT_MSG_NE(icrcWith(40, 0x00), icrc, "payload byte: another ICRC");
        std::vector<uint8_t> vl7 = vcrcInput;
        vl7[0] = 0x70;
        NS_TEST_EXPECT_MSG_NE(IbVcrc(Create<Packet>(vl7.data(), static_cast<uint32_t>(vl7.size()))),
                              IbVcrc(throughIcrc),
                              "the VCRC covers the VL");

        // FECN marking: once, VCRC recomputed, ICRC kept; BECN untouched.
        Ptr<Packet> marked = frame->Copy();
        NS_TEST_EXPECT_MSG_EQ(IbMarkFecn(marked), true, "marked");
        const FrameView m = ViewFrame(marked);
        NS_TEST_EXPECT_MSG_EQ(m.fecn, true, "FECN set");
        NS_TEST_EXPECT_MSG_EQ((m.icrcOk && m.vcrcOk), true, "both CRCs valid after marking");
        const std::vector<uint8_t> mb = BytesOf(marked);
        NS_TEST_EXPECT_MSG_EQ(int(mb[12]), 0x80, "only FECN in the reserved byte");
        NS_TEST_EXPECT_MSG_EQ(mb.size(), b.size(), "same size");
        NS_TEST_EXPECT_MSG_EQ(IbMarkFecn(marked), false, "already marked");
        // A raw (LNH 0) packet has no BTH: never marked.
        std::vector<uint8_t> raw = b;
        raw[1] &= 0xfc;
        NS_TEST_EXPECT_MSG_EQ(IbMarkFecn(Create<Packet>(raw.data(), uint32_t(raw.size()))),
                              false,
                              "LNH 0 is not marked");
    }
};

/// Forwarding by DLID: a linear forwarding table.
class IbLidForwardingTestCase : public TestCase
{
  public:
    IbLidForwardingTestCase()
        : TestCase("Frames reach the GPU of their DLID (broadcast MAC); an edge switch sends all "
                   "frames to one DLID on one port, different DLIDs on different ports; Spray "
                   "spreads one DLID")
    {
    }

  private:
    /// What a run showed.
    struct Result
    {
        std::map<uint16_t, std::set<uint32_t>> portsOfDlid; //!< leaf 0 egress ports per DLID
        std::vector<uint64_t> received;                     //!< frames per destination GPU
        bool allAtOwnLid{true}; //!< every frame arrived at the GPU of its DLID
        bool crcsOk{true};      //!< every frame's CRCs valid on arrival
        uint64_t drops{0};      //!< switch drops
    };

    /**
     * \brief GPUs 0-3 (leaf 0) send 5 frames with different QPs to each GPU 8-15 (leaf 1).
     * \param lb load balancing
     * \return the result
     */
    Result Run(const std::string& lb)
    {
        FabricNetworkHelper helper;
        helper.SetSwitchAttribute("LoadBalancing", StringValue(lb));
        FabricTopology topo;
        Ptr<FabricNetwork> net = BuildFatTree(helper, topo);
        Ptr<FabricSwitch> leaf0 = net->GetSwitch(topo.GetNodesOfRole(FabricRole::LEAF)[0]);
        Result r;
        leaf0->TraceConnectWithoutContext(
            "PortTx",
            MakeBoundCallback(
                +[](Result* res, uint32_t port, Ptr<const Packet> p) {
                    // Ethernet II header (14 bytes), then the LRH: DLID at bytes 2-3.
                    uint8_t b[18];
                    p->CopyData(b, sizeof(b));
                    if (((b[12] << 8) | b[13]) == IB_ETHERTYPE)
                    {
                        res->portsOfDlid[static_cast<uint16_t>((b[16] << 8) | b[17])].insert(port);
                    }
                },
                &r));
        std::vector<IbRx> rx(16);
        for (uint32_t g = 0; g < 16; ++g)
        {
            RecordIbRx(NicOf(net, g), &rx[g]);
        }
        uint32_t qp = 100;
        for (uint32_t src = 0; src < 4; ++src)
        {
            Ptr<PhotonicNetDevice> nic = NicOf(net, src);
            for (uint32_t dst = 8; dst < 16; ++dst)
            {
                for (uint32_t k = 0; k < 5; ++k)
                {
                    // A new QP per frame: per-flow hashing would spread them; a linear
                    // forwarding table must not.
                    Ptr<Packet> f = IbFrame(FabricAddressPlan::LidOfGpu(src),
                                            FabricAddressPlan::LidOfGpu(dst),
                                            0,
                                            qp++,
                                            k);
                    Simulator::Schedule(NanoSeconds(200 * (qp % 64)), [nic, f]() {
                        nic->Send(f, Mac48Address::GetBroadcast(), IB_ETHERTYPE);
                    });
                }
            }
        }
        Simulator::Stop(MilliSeconds(1));
        Simulator::Run();
        for (uint32_t g = 0; g < 16; ++g)
        {
            r.received.push_back(rx[g].frames.size());
            for (const FrameView& v : rx[g].frames)
            {
                r.allAtOwnLid = r.allAtOwnLid && v.dlid == FabricAddressPlan::LidOfGpu(g);
                r.crcsOk = r.crcsOk && v.icrcOk && v.vcrcOk && !v.fecn;
            }
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
        const Result lft = Run("Ecmp");
        NS_TEST_EXPECT_MSG_EQ(lft.drops, 0u, "no drops");
        for (uint32_t g = 0; g < 16; ++g)
        {
            NS_TEST_EXPECT_MSG_EQ(lft.received[g],
                                  (g >= 8 ? 20u : 0u),
                                  "GPU " << g << " receives the frames to its LID");
        }
        NS_TEST_EXPECT_MSG_EQ(lft.allAtOwnLid, true, "every frame arrived at its DLID's GPU");
        NS_TEST_EXPECT_MSG_EQ(lft.crcsOk, true, "CRCs valid, no FECN, after two hops");
        NS_TEST_ASSERT_MSG_EQ(lft.portsOfDlid.size(), 8u, "8 DLIDs left leaf 0");
        std::set<uint32_t> used;
        for (const auto& [dlid, ports] : lft.portsOfDlid)
        {
            NS_TEST_EXPECT_MSG_EQ(ports.size(),
                                  1u,
                                  "all 20 frames to LID " << dlid << " on 1 port");
            used.insert(ports.begin(), ports.end());
        }
        // 8 DLIDs hashed onto 8 uplinks: 5.25 distinct ports expected, all on one 8^-7.
        NS_TEST_EXPECT_MSG_GT_OR_EQ(used.size(), 3u, "different DLIDs spread over the uplinks");

        // Spraying (adaptive routing by round robin) moves one DLID's frames over several ports.
        const Result spray = Run("Spray");
        NS_TEST_EXPECT_MSG_EQ(spray.allAtOwnLid, true, "sprayed frames still reach their GPU");
        std::size_t maxPorts = 0;
        for (const auto& [dlid, ports] : spray.portsOfDlid)
        {
            maxPorts = std::max(maxPorts, ports.size());
        }
        NS_TEST_EXPECT_MSG_GT(maxPorts, 1u, "Spray uses several ports for one DLID");
    }
};

/// FECN by the RED profile.
class IbFecnTestCase : public TestCase
{
  public:
    IbFecnTestCase()
        : TestCase("7-to-1 IB incast: FECN on every frame that saw a queue >= Kmax, on none at or "
                   "below Kmin; marks counted and traced; VCRC valid after marking")
    {
    }

  private:
    /// What a run showed.
    struct Result
    {
        std::vector<uint64_t> queueSeen; //!< bytes ahead of each frame at the bottleneck
        std::vector<FrameView> frames;   //!< frames at the receiver, in order
        uint64_t ecnMarks{0};            //!< the bottleneck port's counter
        uint64_t markTraces{0};          //!< EcnMark trace calls at that port
    };

    /**
     * \brief GPUs 1-7 send 150 frames each to GPU 0 at once (one switch: leaf 0).
     * \param ecn whether marking is enabled
     * \return the result
     */
    Result Run(bool ecn)
    {
        FabricNetworkHelper helper;
        helper.SetSwitchAttribute("EcnEnabled", BooleanValue(ecn));
        helper.SetSwitchAttribute("EcnKmin", UintegerValue(KMIN));
        helper.SetSwitchAttribute("EcnKmax", UintegerValue(KMAX));
        helper.SetSwitchAttribute("EcnPmax", DoubleValue(0.2));
        helper.SetSwitchAttribute("BufferSize", UintegerValue(32 << 20));
        FabricTopology topo;
        Ptr<FabricNetwork> net = BuildFatTree(helper, topo);
        Ptr<FabricSwitch> leaf0 = net->GetSwitch(topo.GetNodesOfRole(FabricRole::LEAF)[0]);
        Ptr<PhotonicNetDevice> sink = NicOf(net, 0);
        const int32_t port = PortTo(leaf0, sink);
        NS_ABORT_MSG_IF(port < 0, "leaf 0 has no port to GPU 0");
        Result r;
        leaf0->TraceConnectWithoutContext(
            "Enqueue",
            MakeBoundCallback(
                +[](Result* res, int32_t want, uint32_t p, uint8_t, uint64_t q) {
                    if (int32_t(p) == want)
                    {
                        res->queueSeen.push_back(q);
                    }
                },
                &r,
                port));
        leaf0->TraceConnectWithoutContext("EcnMark",
                                          MakeBoundCallback(
                                              +[](Result* res, int32_t want, uint32_t p, uint64_t) {
                                                  res->markTraces += int32_t(p) == want ? 1 : 0;
                                              },
                                              &r,
                                              port));
        IbRx rx;
        RecordIbRx(sink, &rx);
        for (uint32_t src = 1; src < 8; ++src)
        {
            Ptr<PhotonicNetDevice> nic = NicOf(net, src);
            for (uint32_t k = 0; k < FRAMES; ++k)
            {
                nic->Send(IbFrame(FabricAddressPlan::LidOfGpu(src),
                                  FabricAddressPlan::LidOfGpu(0),
                                  0,
                                  src,
                                  k),
                          Mac48Address::GetBroadcast(),
                          IB_ETHERTYPE);
            }
        }
        Simulator::Stop(MilliSeconds(5));
        Simulator::Run();
        r.frames = rx.frames;
        r.ecnMarks = leaf0->GetPortCounters(port).ecnMarks;
        Simulator::Destroy();
        return r;
    }

    void DoRun() override
    {
        const Result r = Run(true);
        NS_TEST_ASSERT_MSG_EQ(r.frames.size(), 7u * FRAMES, "every frame arrives");
        NS_TEST_ASSERT_MSG_EQ(r.queueSeen.size(), r.frames.size(), "one enqueue per frame");
        // One class, one FIFO: the i-th frame admitted to the port is the i-th to arrive.
        uint64_t nHigh = 0;
        uint64_t nMid = 0;
        uint64_t markedHigh = 0;
        uint64_t markedLow = 0;
        uint64_t marked = 0;
        bool crcsOk = true;
        for (std::size_t i = 0; i < r.frames.size(); ++i)
        {
            const uint64_t q = r.queueSeen[i];
            const bool fecn = r.frames[i].fecn;
            crcsOk = crcsOk && r.frames[i].vcrcOk && r.frames[i].icrcOk;
            marked += fecn ? 1 : 0;
            if (q >= KMAX)
            {
                ++nHigh;
                markedHigh += fecn ? 1 : 0;
            }
            else if (q <= KMIN)
            {
                markedLow += fecn ? 1 : 0;
            }
            else
            {
                ++nMid;
            }
        }
        NS_TEST_ASSERT_MSG_GT(nHigh, 0u, "the queue passed Kmax");
        NS_TEST_ASSERT_MSG_GT(nMid, 0u, "frames between Kmin and Kmax");
        NS_TEST_EXPECT_MSG_EQ(markedHigh, nHigh, "FECN on every frame that saw >= Kmax");
        NS_TEST_EXPECT_MSG_EQ(markedLow, 0u, "no FECN at or below Kmin");
        NS_TEST_EXPECT_MSG_GT(marked, markedHigh, "some frames between Kmin and Kmax marked");
        NS_TEST_EXPECT_MSG_EQ(r.ecnMarks, marked, "the port counts each FECN mark");
        NS_TEST_EXPECT_MSG_EQ(r.markTraces, marked, "EcnMark fires for each FECN mark");
        NS_TEST_EXPECT_MSG_EQ(crcsOk, true, "VCRC recomputed, ICRC intact");

        const Result off = Run(false);
        uint64_t offMarked = 0;
        for (const FrameView& v : off.frames)
        {
            offMarked += v.fecn ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(off.frames.size(), 7u * FRAMES, "every frame arrives");
        NS_TEST_EXPECT_MSG_EQ(offMarked + off.ecnMarks, 0u, "EcnEnabled false: no FECN");
    }

    static constexpr uint64_t KMIN = 100000;  //!< RED Kmin, bytes
    static constexpr uint64_t KMAX = 1000000; //!< RED Kmax, bytes
    static constexpr uint32_t FRAMES = 150;   //!< frames per sender
};

/// Source congestion control by the CCT.
class IbCongestionControlTestCase : public TestCase
{
  public:
    IbCongestionControlTestCase()
        : TestCase("IbCongestionControl: BECNs raise the CCTI by CctiIncrease up to CctiLimit, "
                   "rate = line x t_pkt over (t_pkt + IPD), the timer brings the CCTI back to 0 "
                   "one step per CctiTimer, then stops")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t line = 800000000000ull; // 800 Gb/s
        const uint32_t mtu = 4096;
        const Time timer = MicroSeconds(50);
        Ptr<IbCongestionControl> cc = CreateObject<IbCongestionControl>();
        cc->SetAttribute("CctiIncrease", UintegerValue(2));
        cc->SetAttribute("CctiLimit", UintegerValue(10));
        cc->SetAttribute("CctiTimer", TimeValue(timer));
        cc->SetAttribute("CctShift", UintegerValue(1));
        cc->SetAttribute("CctMultiplierStep", UintegerValue(3));
        cc->Start(line, MicroSeconds(5), mtu);
        NS_TEST_EXPECT_MSG_EQ(cc->GetName(), "ib-cct", "name");
        NS_TEST_EXPECT_MSG_EQ(cc->GetRate(), line, "CCTI 0: line rate");
        // t_pkt = 40.96 ns; Time values are rounded to the resolution (1 ns).
        const double tPkt = 4096 * 8 / 800e9;
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetPacketTime().GetSeconds(), tPkt, 1e-9, "t_pkt");

        std::vector<std::pair<Time, uint32_t>> trace;
        cc->TraceConnectWithoutContext(
            "Ccti",
            MakeBoundCallback(
                +[](std::vector<std::pair<Time, uint32_t>>* t, uint32_t, uint32_t v) {
                    t->emplace_back(Simulator::Now(), v);
                },
                &trace));
        // Two BECNs at 10 us: CCTI 4; IPD = t_pkt x (4 x 3) / 2^1 = 6 t_pkt; rate = line / 7.
        const Time t0 = MicroSeconds(10);
        uint32_t cctiAfter = 0;
        uint64_t rateAfter = 0;
        Time ipdAfter;
        Simulator::Schedule(t0, [&]() {
            cc->OnCongestionNotification();
            cc->OnCongestionNotification();
            cctiAfter = cc->GetCcti();
            rateAfter = cc->GetRate();
            ipdAfter = cc->GetInterPacketDelay();
        });
        // A third BECN half a period later does not restart the timer.
        Simulator::Schedule(t0 + timer / 2, [&]() { cc->OnCongestionNotification(); });
        Simulator::Stop(MilliSeconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(cctiAfter, 4u, "2 BECNs x CctiIncrease 2");
        NS_TEST_EXPECT_MSG_EQ_TOL(ipdAfter.GetSeconds(), 6 * tPkt, 1e-9, "IPD = 6 t_pkt");
        const double expected = line * tPkt / (tPkt + 6 * tPkt);
        NS_TEST_EXPECT_MSG_EQ_TOL(double(rateAfter), expected, 1.0, "rate formula");
        NS_TEST_EXPECT_MSG_EQ(rateAfter, line / 7, "line / 7");
        // Trace: 2, 4 at t0; 6 at t0 + T/2; then 5, 4, ..., 0 at t0 + T, ..., t0 + 6T.
        NS_TEST_ASSERT_MSG_EQ(trace.size(), 3u + 6, "3 raises, 6 decrements");
        NS_TEST_EXPECT_MSG_EQ(trace[2].second, 6u, "third BECN: 6");
        for (uint32_t k = 1; k <= 6; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(trace[2 + k].first, t0 + timer * k, "decrement " << k);
            NS_TEST_EXPECT_MSG_EQ(trace[2 + k].second, 6u - k, "CCTI after decrement " << k);
        }
        NS_TEST_EXPECT_MSG_EQ(cc->GetCcti(), 0u, "back to CctiMin");
        NS_TEST_EXPECT_MSG_EQ(cc->GetRate(), line, "back to line rate");
        // Events: 2 scheduled BECN lambdas + 6 timer expiries (+ the stop event): none after 0.
        NS_TEST_EXPECT_MSG_EQ(Simulator::GetEventCount(), 2u + 6 + 1, "the timer stopped at 0");
        Simulator::Destroy();

        // The limit caps the index; an explicit table maps it.
        Ptr<IbCongestionControl> capped = CreateObject<IbCongestionControl>();
        capped->SetAttribute("CctiLimit", UintegerValue(3));
        capped->SetTable({IbCongestionControl::MakeCctEntry(0, 0),
                          IbCongestionControl::MakeCctEntry(0, 1),
                          IbCongestionControl::MakeCctEntry(2, 1),
                          IbCongestionControl::MakeCctEntry(3, 24)});
        capped->Start(line, MicroSeconds(5), mtu);
        for (int i = 0; i < 10; ++i)
        {
            capped->OnCongestionNotification();
        }
        NS_TEST_EXPECT_MSG_EQ(capped->GetCcti(), 3u, "capped at CctiLimit");
        NS_TEST_EXPECT_MSG_EQ(capped->GetRate(), line * 8 / (8 + 24), "entry 3:24: 8 / 32");
        Simulator::Destroy();

        // Configurations the table cannot hold.
        auto startWith = [line, mtu](const std::string& name, uint32_t value) {
            Ptr<IbCongestionControl> c = CreateObject<IbCongestionControl>();
            c->SetAttribute(name, UintegerValue(value));
            c->Start(line, MicroSeconds(5), mtu);
        };
        NS_TEST_EXPECT_MSG_EQ(ThrowsConfigError([&] { startWith("CctShift", 4); }, {"4", "3"}),
                              true,
                              "shift is 2 bits");
        NS_TEST_EXPECT_MSG_EQ(
            ThrowsConfigError([&] { startWith("CctMultiplierStep", 200); }, {"25400", "16383"}),
            true,
            "127 x 200 exceeds 14-bit multipliers");
        NS_TEST_EXPECT_MSG_EQ(ThrowsConfigError(
                                  [&] {
                                      Ptr<IbCongestionControl> c =
                                          CreateObject<IbCongestionControl>();
                                      c->SetTable({0, 1});
                                      c->Start(line, MicroSeconds(5), mtu);
                                  },
                                  {"127", "2 entries"}),
                              true,
                              "CctiLimit must index the table");
    }
};

/// The suite.
class IbTestSuite : public TestSuite
{
  public:
    IbTestSuite()
        : TestSuite("ai-fabric-ib", AIF_UNIT)
    {
        AddTestCase(new IbLrhTestCase, AIF_QUICK);
        AddTestCase(new IbCrcTestCase, AIF_QUICK);
        AddTestCase(new IbLidForwardingTestCase, AIF_QUICK);
        AddTestCase(new IbFecnTestCase, AIF_QUICK);
        AddTestCase(new IbCongestionControlTestCase, AIF_QUICK);
    }
};

/// Registers the suite.
static IbTestSuite g_ibTestSuite;
