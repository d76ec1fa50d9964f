/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ultra Ethernet-style building blocks: PDS header byte layouts and the SACK bitmap.

#include "ai-fabric-test-util.h"

#include "ns3/packet.h"
#include "ns3/udp-header.h"
#include "ns3/uet-headers.h"

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

/// The suite.
class UetLogicTestSuite : public TestSuite
{
  public:
    UetLogicTestSuite()
        : TestSuite("ai-fabric-uet-logic", AIF_UNIT)
    {
        AddTestCase(new UetHeadersTestCase, AIF_QUICK);
        AddTestCase(new UetSackBitmapTestCase, AIF_QUICK);
    }
};

/// Registers the suite.
static UetLogicTestSuite g_uetLogicTestSuite;
