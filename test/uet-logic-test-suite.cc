/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ultra Ethernet-style building blocks: PDS header byte layouts, the SACK bitmap, NSCC's rules,
// RCCC's credit pacing and the entropy selector.

#include "ai-fabric-test-util.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/nscc-congestion-control.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/rccc-credit-scheduler.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/uet-entropy-selector.h"
#include "ns3/uet-headers.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <set>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{
/**
 * \brief A packet of a header and a payload.
 * \param h the header
 * \param payload payload bytes after it
 * \return the packet
 */
Ptr<Packet>
WithHeader(const Header& h, uint32_t payload = 0)
{
    Ptr<Packet> p = Create<Packet>(payload);
    p->AddHeader(h);
    return p;
}

/**
 * \brief The bytes a header serializes to.
 * \param h the header
 * \return its bytes
 */
std::vector<uint8_t>
BytesOf(const Header& h)
{
    Ptr<Packet> p = WithHeader(h);
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

/**
 * \brief Bytes written as hexadecimal digits (spaces ignored).
 * \param hex e.g. "5b84 abcd"
 * \return the bytes
 */
std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> bytes;
    std::string digits;
    for (char c : hex)
    {
        if (c != ' ')
        {
            digits += c;
        }
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    {
        bytes.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

/**
 * \brief Remove a header from the front of a packet.
 * \tparam H the header type
 * \param p the packet
 * \return the header read
 */
template <typename H>
H
Removed(Ptr<Packet> p)
{
    H h;
    p->RemoveHeader(h);
    return h;
}

// The NSCC scenario of the hand computations: 100 Gb/s, base RTT 12 us, MTU 4096 B. Then
// BDP = 12.5e9 B/s x 12 us = 150000 B, a = 150000 / 150000 = 1, target = 0.75 x 12 = 9 us,
// b = 9 / 12 = 0.75, fi = 5 x 4096 x 1 = 20480 B, alpha x (target - delay) =
// 4 x 4096 x 1 x 0.75 x (1 - delay / 9 us) = 12288 x (1 - delay / 9 us) B, max window 225000 B.
constexpr uint64_t LINE_RATE = 100000000000ull;
constexpr uint32_t MTU = 4096;
constexpr double BDP = 150000;

/**
 * \brief An NSCC started on the scenario.
 * \param initialBdp InitialWindowBdp
 * \param ewmaGain DelayEwmaGain
 * \return the started object
 */
Ptr<NsccCongestionControl>
MakeNscc(double initialBdp = 1.5, double ewmaGain = 0.0125)
{
    Ptr<NsccCongestionControl> cc = CreateObject<NsccCongestionControl>();
    cc->SetAttribute("InitialWindowBdp", DoubleValue(initialBdp));
    cc->SetAttribute("DelayEwmaGain", DoubleValue(ewmaGain));
    cc->Start(LINE_RATE, MicroSeconds(12), MTU);
    return cc;
}

/**
 * \brief An ACK's feedback.
 * \param acked bytes newly acknowledged
 * \param ecn ECN echo
 * \param rttUs RTT sample in microseconds
 * \return the feedback
 */
FabricCcFeedback
Ack(uint32_t acked, bool ecn, double rttUs)
{
    FabricCcFeedback f;
    f.ackedBytes = acked;
    f.ecnEcho = ecn;
    f.rtt = NanoSeconds(int64_t(std::llround(rttUs * 1000)));
    return f;
}

/**
 * \brief One ACK to a fresh NSCC started at 1 BDP (so increases are not capped by the 1.5 BDP
 * maximum).
 * \param f the ACK
 * \return the window after it, and whether OnAck asked for another path
 */
std::pair<double, bool>
AfterOneAck(const FabricCcFeedback& f)
{
    Ptr<NsccCongestionControl> cc = MakeNscc(1.0);
    const bool changePath = cc->OnAck(f);
    return {double(cc->GetWindow()), changePath};
}

/**
 * \brief The multiplicative decrease factor of the rule.
 * \param avgUs average delay, microseconds
 * \return max(1 - 0.8 x (avg - 9) / avg, 0.5)
 */
double
DecreaseFactor(double avgUs)
{
    return std::max(1.0 - 0.8 * (avgUs - 9.0) / avgUs, 0.5);
}
} // namespace

/// PDS and SES header layouts.
class UetHeadersTestCase : public TestCase
{
  public:
    UetHeadersTestCase()
        : TestCase("PDS request, ACK, ACK_CC, NACK and the compact SES header serialize to their "
                   "documented bytes and round-trip")
    {
    }

  private:
    void DoRun() override
    {
        UetPdsRequestHeader req;
        req.type = UET_PDS_RUD_REQ;
        req.nextHeader = UET_NEXT_COMPACT_SES;
        req.retransmit = true;
        req.ackRequest = true;
        req.clearPsnOffset = -3;
        req.psn = 0x01020304;
        req.sourcePdcId = 0x1111;
        req.destPdcId = 0x2222;
        // Prologue: type 2 << 11 | next header 15 << 7 | RETX 0x10 | AR 0x08 = 0x1798.
        const std::vector<uint8_t> reqBytes =
            {0x17, 0x98, 0xff, 0xfd, 0x01, 0x02, 0x03, 0x04, 0x11, 0x11, 0x22, 0x22};
        NS_TEST_EXPECT_MSG_EQ((BytesOf(req) == reqBytes), true, "RUD request bytes (Table 3-33)");
        NS_TEST_EXPECT_MSG_EQ(req.GetClearPsn(), 0x01020301u, "clear PSN = PSN + offset");

        UetPdsAckHeader ack;
        ack.ecnMarked = true;
        ack.request = 1;
        ack.ackPsnOffset = 2;
        ack.cackPsn = 0x100;
        ack.sourcePdcId = 0x0a0b;
        ack.destPdcId = 0x0c0d;
        ack.ccType = UetPdsAckHeader::CC_CREDIT;
        ack.ccFlags = 3;
        ack.mpr = 0x40;
        ack.sackPsnOffset = 1;
        ack.sackBitmap = 0x8000000000000005ull;
        ack.ccState = 0x0102030405060708ull;
        // Prologue: type 8 << 11 | M 0x20 | REQ 1 << 1 = 0x4022.
        const std::vector<uint8_t> ackBytes = {0x40, 0x22, 0x00, 0x02, 0x00, 0x00, 0x01, 0x00,
                                               0x0a, 0x0b, 0x0c, 0x0d, 0x13, 0x40, 0x00, 0x01,
                                               0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
                                               0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
        NS_TEST_EXPECT_MSG_EQ((BytesOf(ack) == ackBytes), true, "ACK_CC bytes (Table 3-36)");
        NS_TEST_EXPECT_MSG_EQ(ack.GetAckPsn(), 0x102u, "ACK PSN = CACK + offset");
        NS_TEST_EXPECT_MSG_EQ(ack.GetSackBase(), 0x101u, "SACK base = CACK + SACK offset");

        UetPdsAckHeader plain = ack;
        plain.type = UET_PDS_ACK;
        const std::vector<uint8_t> plainBytes(BytesOf(plain));
        NS_TEST_EXPECT_MSG_EQ(plainBytes.size(), 12u, "a plain ACK (Table 3-35) is 12 bytes");
        NS_TEST_EXPECT_MSG_EQ(int(plainBytes[0]), 0x38, "type 7 in the prologue");

        UetPdsNackHeader nack;
        nack.retransmit = true;
        nack.nackCode = UET_NACK_TRIMMED;
        nack.nackPsn = 0xdeadbeef;
        nack.sourcePdcId = 1;
        nack.destPdcId = 2;
        nack.payload = 0x10;
        const std::vector<uint8_t> nackBytes = {0x50,
                                                0x10,
                                                0x01,
                                                0x00,
                                                0xde,
                                                0xad,
                                                0xbe,
                                                0xef,
                                                0x00,
                                                0x01,
                                                0x00,
                                                0x02,
                                                0x00,
                                                0x00,
                                                0x00,
                                                0x10};
        NS_TEST_EXPECT_MSG_EQ((BytesOf(nack) == nackBytes), true, "NACK bytes (Table 3-40)");

        UetSesHeader ses;
        ses.opcode = UetSesHeader::OPCODE_WRITE;
        ses.startOfMessage = true;
        ses.messageId = 0x1234;
        ses.messageOffset = 0x10000;
        ses.messageLength = 0x100000;
        const std::vector<uint8_t> sesBytes =
            {0x01, 0x01, 0x12, 0x34, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00};
        NS_TEST_EXPECT_MSG_EQ((BytesOf(ses) == sesBytes), true, "compact SES bytes");

        // A data packet as the NIC builds it: UDP 4793 / PDS request / SES / payload.
        Ptr<Packet> data = WithHeader(ses, 4096);
        data->AddHeader(req);
        NS_TEST_EXPECT_MSG_EQ(int(UetPeekPdsType(data)), int(UET_PDS_RUD_REQ), "peek RUD");
        UdpHeader udp;
        udp.SetSourcePort(49152);
        udp.SetDestinationPort(UET_UDP_PORT);
        data->AddHeader(udp);
        NS_TEST_EXPECT_MSG_EQ(Removed<UdpHeader>(data).GetDestinationPort(), 4793, "UDP port");
        const auto reqBack = Removed<UetPdsRequestHeader>(data);
        const auto sesBack = Removed<UetSesHeader>(data);
        NS_TEST_EXPECT_MSG_EQ(data->GetSize(), 4096u, "payload left after 12 + 12 header bytes");
        NS_TEST_EXPECT_MSG_EQ((reqBack.psn == req.psn && reqBack.clearPsnOffset == -3 &&
                               reqBack.retransmit && reqBack.ackRequest && !reqBack.syn &&
                               reqBack.sourcePdcId == 0x1111 && reqBack.destPdcId == 0x2222 &&
                               reqBack.nextHeader == UET_NEXT_COMPACT_SES),
                              true,
                              "request round-trips");
        NS_TEST_EXPECT_MSG_EQ((sesBack.opcode == 1 && sesBack.startOfMessage &&
                               !sesBack.endOfMessage && sesBack.messageId == 0x1234 &&
                               sesBack.messageOffset == 0x10000 &&
                               sesBack.messageLength == 0x100000),
                              true,
                              "SES round-trips");

        Ptr<Packet> ackPacket = WithHeader(ack);
        NS_TEST_EXPECT_MSG_EQ(int(UetPeekPdsType(ackPacket)), int(UET_PDS_ACK_CC), "peek ACK");
        const auto ackBack = Removed<UetPdsAckHeader>(ackPacket);
        NS_TEST_EXPECT_MSG_EQ(ackPacket->GetSize(), 0u, "ACK_CC consumed 32 bytes");
        NS_TEST_EXPECT_MSG_EQ(
            (ackBack.ecnMarked && !ackBack.retransmit && !ackBack.probe && ackBack.request == 1 &&
             ackBack.ackPsnOffset == 2 && ackBack.cackPsn == 0x100 && ackBack.ccType == 1 &&
             ackBack.ccFlags == 3 && ackBack.mpr == 0x40 && ackBack.sackPsnOffset == 1 &&
             ackBack.sackBitmap == 0x8000000000000005ull &&
             ackBack.ccState == 0x0102030405060708ull),
            true,
            "ACK_CC round-trips");

        Ptr<Packet> plainPacket = WithHeader(plain, 8);
        const auto plainBack = Removed<UetPdsAckHeader>(plainPacket);
        NS_TEST_EXPECT_MSG_EQ(plainPacket->GetSize(), 8u, "a plain ACK consumes 12 bytes only");
        NS_TEST_EXPECT_MSG_EQ((plainBack.type == UET_PDS_ACK && plainBack.sackBitmap == 0 &&
                               plainBack.cackPsn == 0x100 && plainBack.ecnMarked),
                              true,
                              "plain ACK round-trips without SACK");

        Ptr<Packet> nackPacket = WithHeader(nack);
        NS_TEST_EXPECT_MSG_EQ(int(UetPeekPdsType(nackPacket)), int(UET_PDS_NACK), "peek NACK");
        const auto nackBack = Removed<UetPdsNackHeader>(nackPacket);
        NS_TEST_EXPECT_MSG_EQ((nackBack.nackCode == UET_NACK_TRIMMED &&
                               nackBack.nackPsn == 0xdeadbeef && nackBack.retransmit &&
                               !nackBack.ecnMarked && nackBack.sourcePdcId == 1 &&
                               nackBack.destPdcId == 2 && nackBack.payload == 0x10),
                              true,
                              "NACK round-trips");
        NS_TEST_EXPECT_MSG_EQ(int(UetPeekPdsType(Create<Packet>(1))), 0, "too short to peek");
    }
};

/// PDS control packet layout and the SES header data.
class UetControlHeaderTestCase : public TestCase
{
  public:
    UetControlHeaderTestCase()
        : TestCase("PDS control (credit) header and SES header data serialize to their documented "
                   "bytes and round-trip")
    {
    }

  private:
    void DoRun() override
    {
        UetPdsControlHeader grant;
        grant.controlType = UET_CTL_CREDIT;
        grant.syn = true;
        grant.probeOpaque = 0xabcd;
        grant.psn = 0x01020304;
        grant.sourcePdcId = 0x0005;
        grant.destPdcId = 0x0006;
        grant.payload = 0x00104000;
        // Prologue: type 11 << 11 | control type 7 << 7 | SYN 0x04 = 0x5b84.
        NS_TEST_EXPECT_MSG_EQ((BytesOf(grant) == FromHex("5b84 abcd 01020304 0005 0006 00104000")),
                              true,
                              "credit grant bytes");
        UetPdsControlHeader request;
        request.controlType = UET_CTL_CREDIT_REQ;
        request.retransmit = true;
        request.ackRequest = true;
        request.payload = 0xfffffff0;
        // Prologue: type 11 << 11 | control type 8 << 7 | RETX 0x10 | AR 0x08 = 0x5c18.
        const std::vector<uint8_t> requestBytes(BytesOf(request));
        NS_TEST_EXPECT_MSG_EQ(requestBytes.size(), 16u, "a control packet is 16 bytes");
        NS_TEST_EXPECT_MSG_EQ(int(requestBytes[0]), 0x5c, "prologue high byte");
        NS_TEST_EXPECT_MSG_EQ(int(requestBytes[1]), 0x18, "prologue low byte");

        Ptr<Packet> packet = WithHeader(grant, 3);
        NS_TEST_EXPECT_MSG_EQ(int(UetPeekPdsType(packet)), int(UET_PDS_CONTROL), "peek CONTROL");
        const auto back = Removed<UetPdsControlHeader>(packet);
        NS_TEST_EXPECT_MSG_EQ(packet->GetSize(), 3u, "16 bytes consumed");
        NS_TEST_EXPECT_MSG_EQ((back.controlType == UET_CTL_CREDIT && back.syn && !back.retransmit &&
                               !back.ackRequest && back.probeOpaque == 0xabcd &&
                               back.psn == 0x01020304 && back.sourcePdcId == 5 &&
                               back.destPdcId == 6 && back.payload == 0x00104000),
                              true,
                              "credit grant round-trips");
        const auto requestBack = Removed<UetPdsControlHeader>(WithHeader(request));
        NS_TEST_EXPECT_MSG_EQ((requestBack.controlType == UET_CTL_CREDIT_REQ &&
                               requestBack.retransmit && requestBack.ackRequest &&
                               !requestBack.syn && requestBack.payload == 0xfffffff0),
                              true,
                              "credit request round-trips");

        UetSesHeader ses;
        ses.opcode = UetSesHeader::OPCODE_WRITE;
        ses.startOfMessage = true;
        ses.endOfMessage = true;
        ses.messageId = 7;
        ses.messageOffset = 0;
        ses.messageLength = 100;
        ses.hasHeaderData = true;
        ses.headerData = 0x1122334455667788ull;
        // Flags: HD 0x04 | EOM 0x02 | SOM 0x01; the header data follows the 12 bytes.
        const std::vector<uint8_t> sesBytes =
            FromHex("0107 0007 00000000 00000064 1122334455667788");
        NS_TEST_EXPECT_MSG_EQ((BytesOf(ses) == sesBytes), true, "SES with header data");
        Ptr<Packet> data = WithHeader(ses, 100);
        const auto sesBack = Removed<UetSesHeader>(data);
        NS_TEST_EXPECT_MSG_EQ(data->GetSize(), 100u, "20 header bytes consumed");
        NS_TEST_EXPECT_MSG_EQ((sesBack.hasHeaderData && sesBack.headerData == ses.headerData &&
                               sesBack.startOfMessage && sesBack.endOfMessage &&
                               sesBack.messageLength == 100),
                              true,
                              "SES with header data round-trips");
        // PDS request + SES with header data still fit a 64-byte trimmed packet's 36 bytes.
        NS_TEST_EXPECT_MSG_LT_OR_EQ(UetPdsRequestHeader::SIZE + ses.GetSerializedSize(),
                                    36u,
                                    "fits a trimmed packet");
    }
};

/// SACK bitmap construction and reading.
class UetSackBitmapTestCase : public TestCase
{
  public:
    UetSackBitmapTestCase()
        : TestCase("SACK bitmap: bit i is PSN base + i, across the 32-bit wrap, written into and "
                   "read back from an ACK_CC")
    {
    }

  private:
    void DoRun() override
    {
        UetSackBitmap sack = UetSackBitmap::FromPsns(100, {100, 101, 103, 163, 164, 99});
        NS_TEST_EXPECT_MSG_EQ(sack.GetBits(),
                              uint64_t((uint64_t(1) << 63) | 0xbull),
                              "bits 0, 1, 3 and 63; 99 and 164 are outside");
        NS_TEST_EXPECT_MSG_EQ(sack.CountReceived(), 4u, "four PSNs marked");
        NS_TEST_EXPECT_MSG_EQ((sack.IsReceived(103) && !sack.IsReceived(102) &&
                               !sack.IsReceived(164) && !sack.IsReceived(99)),
                              true,
                              "membership");
        NS_TEST_EXPECT_MSG_EQ(sack.Mark(164), false, "outside the window");
        const std::vector<uint32_t> missing = sack.Missing(108);
        NS_TEST_EXPECT_MSG_EQ((missing == std::vector<uint32_t>{102, 104, 105, 106, 107}),
                              true,
                              "missing PSNs below the highest sent");
        NS_TEST_EXPECT_MSG_EQ(sack.Missing(1000).size(), 60u, "missing clamps to 64 PSNs");

        UetPdsAckHeader ack;
        ack.cackPsn = 99;
        NS_TEST_EXPECT_MSG_EQ(sack.WriteTo(ack), true, "written");
        NS_TEST_EXPECT_MSG_EQ(ack.sackPsnOffset, 1, "SACK offset = base - CACK");
        const UetSackBitmap read =
            UetSackBitmap::FromAck(Removed<UetPdsAckHeader>(WithHeader(ack)));
        NS_TEST_EXPECT_MSG_EQ(read.GetBase(), 100u, "base read back");
        NS_TEST_EXPECT_MSG_EQ(read.GetBits(), sack.GetBits(), "bits read back");

        UetSackBitmap wrap(0xfffffffeu);
        for (uint32_t psn : {0xffffffffu, 0u, 1u})
        {
            NS_TEST_EXPECT_MSG_EQ(wrap.Mark(psn), true, "inside across the wrap");
        }
        NS_TEST_EXPECT_MSG_EQ(wrap.GetBits(), 0xeull, "bits 1, 2, 3 across the wrap");
        ack.cackPsn = 5;
        NS_TEST_EXPECT_MSG_EQ(wrap.WriteTo(ack), true, "negative offset across the wrap");
        NS_TEST_EXPECT_MSG_EQ(ack.sackPsnOffset, -7, "0xfffffffe - 5 is -7");
        NS_TEST_EXPECT_MSG_EQ(ack.GetSackBase(), 0xfffffffeu, "base read back across the wrap");
        ack.cackPsn = 0;
        NS_TEST_EXPECT_MSG_EQ(UetSackBitmap(40000).WriteTo(ack),
                              false,
                              "a base 40000 PSNs away does not fit 16 signed bits");
    }
};

/// The four (ECN, delay) cases with hand-computed numbers.
class NsccCasesTestCase : public TestCase
{
  public:
    NsccCasesTestCase()
        : TestCase("NSCC: each (ECN, delay) case moves the window by its formula; only ECN with a "
                   "low delay asks for another path")
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory("ns3::NsccCongestionControl");
        Ptr<FabricCongestionControl> byName = factory.Create<FabricCongestionControl>();
        NS_TEST_EXPECT_MSG_EQ(byName->GetName(), "nscc", "chosen by TypeId name");

        Ptr<NsccCongestionControl> fresh = MakeNscc(1.0);
        NS_TEST_EXPECT_MSG_EQ(fresh->GetWindow(), 150000u, "InitialWindowBdp 1 = 150000 B");
        NS_TEST_EXPECT_MSG_EQ(fresh->GetTargetDelay(), MicroSeconds(9), "target 0.75 x 12 us");

        // No ECN, delay 9 us = target: fair increase 20480 x 4096 / 150000 = 559.24 B.
        const auto fair = AfterOneAck(Ack(4096, false, 21));
        NS_TEST_EXPECT_MSG_EQ(fair.second, false, "no path change");
        NS_TEST_EXPECT_MSG_EQ_TOL(fair.first, 150000 + 20480.0 * 4096 / 150000, 0.5, "fair");

        // No ECN, delay 3 us: 12288 x (1 - 3/9) = 8192; 8192 x 4096 / 150000 = 223.70 B.
        const auto prop = AfterOneAck(Ack(4096, false, 15));
        NS_TEST_EXPECT_MSG_EQ(prop.second, false, "no path change");
        NS_TEST_EXPECT_MSG_EQ_TOL(prop.first, 150000 + 8192.0 * 4096 / 150000, 0.5, "proportional");

        // ECN, delay 30 us (>= target, below the 36 us quick adapt threshold). The decrease is
        // sized by the average delay: 100 ACKs without new bytes (no window change) and this one
        // give avg = 30 us x (1 - 0.9875^101) = 21.58 us, factor 1 - 0.8 x 12.58 / 21.58 = 0.534.
        Ptr<NsccCongestionControl> md = MakeNscc(1.0);
        for (int i = 0; i < 100; ++i)
        {
            md->OnAck(Ack(0, false, 42));
        }
        NS_TEST_EXPECT_MSG_EQ(md->GetWindow(), 150000u, "zero-byte ACKs leave the window");
        NS_TEST_EXPECT_MSG_EQ(md->OnAck(Ack(4096, true, 42)), false, "no path change");
        const double avg = 30.0 * (1.0 - std::pow(0.9875, 101));
        NS_TEST_EXPECT_MSG_EQ_TOL(md->GetAverageDelay().GetMicroSeconds() +
                                      (md->GetAverageDelay().GetNanoSeconds() % 1000) / 1000.0,
                                  avg,
                                  0.002,
                                  "EWMA with gain 0.0125");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(md->GetWindow()),
                                  150000 * DecreaseFactor(avg),
                                  1.0,
                                  "multiplicative decrease");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(md->GetWindow()), 80048, 30, "about 80 kB");

        // ECN, delay 3 us: window kept, path change asked.
        const auto noop = AfterOneAck(Ack(4096, true, 15));
        NS_TEST_EXPECT_MSG_EQ(noop.second, true, "change path");
        NS_TEST_EXPECT_MSG_EQ(noop.first, 150000.0, "window kept");
    }
};

/// Multiplicative decrease at most once per base RTT.
class NsccDecreaseOncePerRttTestCase : public TestCase
{
  public:
    NsccDecreaseOncePerRttTestCase()
        : TestCase("NSCC: a multiplicative decrease happens at most once per base RTT")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NsccCongestionControl> cc = MakeNscc();
        for (int i = 0; i < 100; ++i)
        {
            cc->OnAck(Ack(0, false, 42)); // average delay toward 30 us, window at its 225000 max
        }
        std::vector<uint64_t> windows;
        auto ecnAck = [&]() {
            cc->OnAck(Ack(4096, true, 42));
            windows.push_back(cc->GetWindow());
        };
        Simulator::Schedule(MicroSeconds(1), [&]() { ecnAck(); });
        // 6 us after the decrease: none; 12 us after: the next one.
        Simulator::Schedule(MicroSeconds(7), [&]() { ecnAck(); });
        Simulator::Schedule(MicroSeconds(13), [&]() { ecnAck(); });
        Simulator::Run();
        Simulator::Destroy();

        const double first = 225000 * DecreaseFactor(30.0 * (1.0 - std::pow(0.9875, 101)));
        const double second = first * DecreaseFactor(30.0 * (1.0 - std::pow(0.9875, 103)));
        NS_TEST_ASSERT_MSG_EQ(windows.size(), 3u, "three ACKs");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(windows[0]), first, 1.0, "first decrease");
        NS_TEST_EXPECT_MSG_EQ(windows[1], windows[0], "no second decrease within a base RTT");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(windows[2]), second, 1.0, "decrease a base RTT later");
    }
};

/// Quick adapt.
class NsccQuickAdaptTestCase : public TestCase
{
  public:
    NsccQuickAdaptTestCase()
        : TestCase("NSCC: quick adapt (delay above 4 x target, or loss) sets the window to the "
                   "bytes acknowledged in the last base RTT, at most once per base RTT")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NsccCongestionControl> cc = MakeNscc();
        std::vector<uint64_t> w;
        auto ack = [&](uint32_t bytes, double rttUs) {
            cc->OnAck(Ack(bytes, false, rttUs));
            w.push_back(cc->GetWindow());
        };
        auto loss = [&]() {
            cc->OnLoss(4096);
            w.push_back(cc->GetWindow());
        };
        Simulator::Schedule(MicroSeconds(0), [&]() { ack(4096, 12.0); });
        Simulator::Schedule(MicroSeconds(4), [&]() { ack(8192, 12.0); });
        Simulator::Schedule(MicroSeconds(5),
                            [&]() { loss(); }); // [0] within the first base RTT: ignored
        Simulator::Schedule(MicroSeconds(8), [&]() { ack(4096, 12.0); });
        // Delay 40 us > 36 us: acked in (2, 14] us = 8192 + 4096 + 4096.
        Simulator::Schedule(MicroSeconds(14), [&]() { ack(4096, 52.0); });
        // 6 us after quick adapt: ignored.
        Simulator::Schedule(MicroSeconds(20), [&]() { loss(); });
        // Delay 0: proportional increase 12288 x 8192 / 16384 = 6144.
        Simulator::Schedule(MicroSeconds(22), [&]() { ack(8192, 12.0); });
        // 13 us after quick adapt: acked in (15, 27] us = 8192.
        Simulator::Schedule(MicroSeconds(27), [&]() { loss(); });
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(w.size(), 8u, "eight events");
        NS_TEST_EXPECT_MSG_EQ(w[2], 225000u, "no quick adapt in the first base RTT");
        NS_TEST_EXPECT_MSG_EQ(w[3], 225000u, "window at its maximum before");
        NS_TEST_EXPECT_MSG_EQ(w[4], 16384u, "quick adapt on delay: last base RTT's bytes");
        NS_TEST_EXPECT_MSG_EQ(w[5], 16384u, "a loss within a base RTT of it is ignored");
        NS_TEST_EXPECT_MSG_EQ(w[6], 22528u, "proportional increase afterwards");
        NS_TEST_EXPECT_MSG_EQ(w[7], 8192u, "quick adapt on loss: 8192 B acked in (15, 27] us");
    }
};

/// Window limits, rate, trace and refused arguments.
class NsccLimitsTestCase : public TestCase
{
  public:
    NsccLimitsTestCase()
        : TestCase("NSCC: window within [1 MTU, 1.5 BDP], starts at 1.5 BDP, decrease floor 0.5, "
                   "line rate, traced window, refused zero arguments")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NsccCongestionControl> cc = CreateObject<NsccCongestionControl>();
        uint32_t changes = 0;
        uint64_t traced = 0;
        cc->TraceConnectWithoutContext(
            "CongestionWindow",
            Callback<void, uint64_t, uint64_t>([&changes, &traced](uint64_t, uint64_t now) {
                ++changes;
                traced = now;
            }));
        cc->SetAttribute("DelayEwmaGain", DoubleValue(1.0)); // average = last sample
        cc->Start(LINE_RATE, MicroSeconds(12), MTU);
        NS_TEST_EXPECT_MSG_EQ(cc->GetWindow(), 225000u, "initial window 1.5 BDP");
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetBdp(), BDP, 1e-6, "BDP = line rate x base RTT");
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetMaxWindow(), 225000.0, 1e-6, "max 1.5 BDP");
        NS_TEST_EXPECT_MSG_EQ(cc->GetRate(), LINE_RATE, "window limited, not paced");
        cc->OnAck(Ack(4096, false, 12));
        NS_TEST_EXPECT_MSG_EQ(cc->GetWindow(), 225000u, "no increase past 1.5 BDP");

        std::vector<uint64_t> w;
        Simulator::Schedule(MicroSeconds(13), [&]() {
            cc->OnLoss(4096); // nothing acknowledged in (1, 13] us
            w.push_back(cc->GetWindow());
            cc->OnAck(Ack(0, true, 42)); // ECN, delay 30: factor max(0.44, 0.5)
            w.push_back(cc->GetWindow());
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(w[0], 4096u, "quick adapt to nothing stops at 1 MTU");
        NS_TEST_EXPECT_MSG_EQ(w[1], 4096u, "a decrease stops at 1 MTU");
        NS_TEST_EXPECT_MSG_GT(changes, 0u, "the trace fired");
        NS_TEST_EXPECT_MSG_EQ(traced, cc->GetWindow(), "the trace holds the window");

        Ptr<NsccCongestionControl> floor = MakeNscc(1.0, 1.0);
        floor->OnAck(Ack(4096, true, 42));
        NS_TEST_EXPECT_MSG_EQ(floor->GetWindow(), 75000u, "1 - 0.8 x 21/30 = 0.44 < floor 0.5");

        Ptr<NsccCongestionControl> tiny = CreateObject<NsccCongestionControl>();
        tiny->Start(1000000000ull, MicroSeconds(1), MTU); // BDP 125 B
        NS_TEST_EXPECT_MSG_EQ(tiny->GetWindow(), 4096u, "1 MTU even when 1.5 BDP is less");

        NS_TEST_EXPECT_MSG_EQ(
            aif_test::ThrowsConfigError(
                [] { CreateObject<NsccCongestionControl>()->Start(LINE_RATE, Time(0), MTU); },
                {"NSCC", "base RTT", "positive"}),
            true,
            "a zero base RTT is refused");
    }
};

/// RCCC credit pacing.
class RcccTestCase : public TestCase
{
  public:
    RcccTestCase()
        : TestCase("RCCC: grants alternate between two senders, pace 0.99 x link rate, end with "
                   "the demand and stay paced across a restart")
    {
    }

  private:
    /// A grant seen by the callback.
    struct Grant
    {
        Time at;         //!< when
        uint32_t sender; //!< to whom
        uint32_t bytes;  //!< how much
    };

    void DoRun() override
    {
        std::vector<Grant> grants;
        auto record = [&grants](uint32_t sender, uint32_t bytes) {
            grants.push_back({Simulator::Now(), sender, bytes});
        };

        // Two senders with more demand than 100 us can serve, 800 Gb/s link.
        Ptr<RcccCreditScheduler> rccc = CreateObject<RcccCreditScheduler>();
        rccc->SetGrantCallback(Callback<void, uint32_t, uint32_t>(record));
        rccc->AddDemand(1, 1000000000);
        rccc->AddDemand(2, 1000000000);
        Simulator::Stop(MicroSeconds(100));
        Simulator::Run();
        Simulator::Destroy();
        uint64_t bytes = 0;
        bool alternate = true;
        uint32_t counted = 0;
        for (const Grant& g : grants)
        {
            alternate = alternate && g.sender == (counted % 2 == 0 ? 1u : 2u) && g.bytes == 16384;
            if (g.at < MicroSeconds(100))
            {
                bytes += g.bytes;
                ++counted;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(alternate, true, "grants of 16384 B alternate 1, 2, 1, 2, ...");
        const double expected = 0.99 * 800e9 * 100e-6 / 8; // 9.9 MB
        NS_TEST_EXPECT_MSG_EQ_TOL(double(bytes), expected, 16384.0, "0.99 x rate within a grant");
        NS_TEST_EXPECT_MSG_EQ(grants[1].at, NanoSeconds(165), "16384 B at 792 Gb/s = 165.5 ns");
        NS_TEST_EXPECT_MSG_EQ(rccc->GetGrantCount(), grants.size(), "grant counter");

        // Demand runs out: 40000 B is 16384 + 16384 + 7232, then the scheduler stops. Demand
        // coming back later is granted at once; demand coming back within the paced time of
        // the last grant waits for it.
        grants.clear();
        std::vector<uint64_t> demandAfter;
        Ptr<RcccCreditScheduler> one = CreateObject<RcccCreditScheduler>();
        one->SetGrantCallback(Callback<void, uint32_t, uint32_t>([&](uint32_t sender, uint32_t b) {
            record(sender, b);
            demandAfter.push_back(one->GetDemand(7));
        }));
        one->AddDemand(7, 40000);
        Simulator::Schedule(MicroSeconds(1000), [&]() { one->AddDemand(7, 16384); });
        Simulator::Schedule(MicroSeconds(1000) + NanoSeconds(10),
                            [&]() { one->AddDemand(7, 100); });
        Simulator::Run(); // returns only because the scheduler stops without demand
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(grants.size(), 5u, "five grants");
        NS_TEST_EXPECT_MSG_EQ(
            (grants[0].bytes == 16384 && grants[1].bytes == 16384 && grants[2].bytes == 7232),
            true,
            "the last grant is what is left");
        NS_TEST_EXPECT_MSG_EQ(
            (demandAfter[0] == 23616 && demandAfter[1] == 7232 && demandAfter[2] == 0),
            true,
            "demand decreases by what was granted");
        NS_TEST_EXPECT_MSG_EQ(grants[3].at, MicroSeconds(1000), "idle long enough: at once");
        NS_TEST_EXPECT_MSG_EQ(grants[4].at,
                              MicroSeconds(1000) + NanoSeconds(165),
                              "restart within the paced time waits for it");
        NS_TEST_EXPECT_MSG_EQ(one->GetActiveSenders(), 0u, "no sender left");
        NS_TEST_EXPECT_MSG_EQ(one->GetGrantedBytes(), 40000u + 16384 + 100, "granted bytes");
    }
};

/// Entropy selection.
class UetEntropyTestCase : public TestCase
{
  public:
    UetEntropyTestCase()
        : TestCase("Entropy: oblivious sprays over all 64 EVs in turn; REPS reuses EVs with clean "
                   "ACKs and never those with ECN or loss; reproducible from the stream")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UetEntropySelector> obl = CreateObject<UetEntropySelector>();
        obl->AssignStreams(3);
        std::vector<uint16_t> seq;
        std::set<uint16_t> seen;
        bool inRange = true;
        for (int i = 0; i < 64; ++i)
        {
            seq.push_back(obl->NextEntropy());
            seen.insert(seq.back());
            inRange = inRange && seq.back() >= 49152 && seq.back() < 49152 + 64;
            obl->OnAck(seq.back(), false); // oblivious ignores feedback
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 64u, "64 calls give the 64 EVs");
        NS_TEST_EXPECT_MSG_EQ(inRange, true, "EVs are FirstEntropy .. FirstEntropy + 63");
        NS_TEST_EXPECT_MSG_EQ(obl->NextEntropy(), seq[0], "then the cycle repeats");

        Ptr<UetEntropySelector> same = CreateObject<UetEntropySelector>();
        same->AssignStreams(3);
        NS_TEST_EXPECT_MSG_EQ(same->NextEntropy(), seq[0], "same stream, same start");

        Ptr<UetEntropySelector> reps = CreateObject<UetEntropySelector>();
        reps->SetAttribute("Mode", EnumValue(UetEntropySelector::REPS));
        reps->AssignStreams(5);
        const uint16_t e0 = reps->NextEntropy();
        const uint16_t e1 = reps->NextEntropy();
        const uint16_t e2 = reps->NextEntropy();
        reps->OnAck(e0, false); // clean: recycled
        reps->OnAck(e1, true);  // ECN: not recycled
        reps->OnLoss(e2);       // NACK or timeout: not recycled
        NS_TEST_EXPECT_MSG_EQ(reps->NextEntropy(), e0, "the clean EV first");
        const uint16_t e3 = reps->NextEntropy();
        NS_TEST_EXPECT_MSG_EQ((e3 != e1 && e3 != e2), true, "ECN'd and lost EVs not reused");
        NS_TEST_EXPECT_MSG_EQ(e3,
                              uint16_t(49152 + (e2 - 49152 + 1) % 64),
                              "with the queue empty, the next EV of the walk is explored");
        NS_TEST_EXPECT_MSG_EQ(reps->GetRecycledCount(), 1u, "one reuse");
        NS_TEST_EXPECT_MSG_EQ(reps->GetExploredCount(), 4u, "four explorations");

        reps->OnAck(e3, false);
        reps->OnAck(e0, false);
        reps->OnAck(e3, true); // e3 turned congested: its queued copy goes
        NS_TEST_EXPECT_MSG_EQ(reps->GetRecycleQueueSize(), 1u, "only e0 stays queued");
        NS_TEST_EXPECT_MSG_EQ(reps->NextEntropy(), e0, "e0 reused");

        Ptr<UetEntropySelector> small = CreateObject<UetEntropySelector>();
        small->SetAttribute("Mode", EnumValue(UetEntropySelector::REPS));
        small->SetAttribute("RepsBufferSize", UintegerValue(2));
        for (uint16_t ev : {49152, 49153, 49154})
        {
            small->OnAck(ev, false);
        }
        NS_TEST_EXPECT_MSG_EQ(small->GetRecycleQueueSize(), 2u, "the queue holds at most 2");

        Ptr<UetEntropySelector> wide = CreateObject<UetEntropySelector>();
        wide->SetAttribute("FirstEntropy", UintegerValue(65500));
        NS_TEST_EXPECT_MSG_EQ(
            aif_test::ThrowsConfigError([&] { wide->NextEntropy(); }, {"FirstEntropy 65500", "64"}),
            true,
            "EVs beyond port 65535 are refused");
    }
};

/// The suite.
class UetLogicTestSuite : public TestSuite
{
  public:
    UetLogicTestSuite()
        : TestSuite("ai-fabric-uet-logic", AIF_UNIT)
    {
        AddTestCase(new UetHeadersTestCase, AIF_QUICK);
        AddTestCase(new UetControlHeaderTestCase, AIF_QUICK);
        AddTestCase(new UetSackBitmapTestCase, AIF_QUICK);
        AddTestCase(new NsccCasesTestCase, AIF_QUICK);
        AddTestCase(new NsccDecreaseOncePerRttTestCase, AIF_QUICK);
        AddTestCase(new NsccQuickAdaptTestCase, AIF_QUICK);
        AddTestCase(new NsccLimitsTestCase, AIF_QUICK);
        AddTestCase(new RcccTestCase, AIF_QUICK);
        AddTestCase(new UetEntropyTestCase, AIF_QUICK);
    }
};

/// Registers the suite.
static UetLogicTestSuite g_uetLogicTestSuite;
