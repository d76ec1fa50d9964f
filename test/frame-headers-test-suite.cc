/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The per-packet framing classes write the same bytes as ns-3's own headers: the Ethernet II
// header against EthernetHeader, the transports' IPv4/UDP header against Ipv4Header + UdpHeader
// as the transports added them before, a header stack against its headers added one by one;
// and the FIFO that holds no memory while empty keeps order as it grows.

#include "ai-fabric-test-util.h"

#include "ns3/ethernet-header.h"
#include "ns3/fabric-ethernet-header.h"
#include "ns3/fabric-fifo.h"
#include "ns3/fabric-header-stack.h"
#include "ns3/fabric-ipv4-udp-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/udp-header.h"
#include "ns3/uet-headers.h"

#include <vector>

using namespace ns3;

namespace
{
/// The bytes of a packet.
std::vector<uint8_t>
BytesOf(Ptr<const Packet> p)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// UDP and IPv4 added one by one with ns-3's classes, as FabricTransport::AddIpv4Udp did.
void
AddNs3Ipv4Udp(Ptr<Packet> p, const FabricIpv4UdpHeader& h)
{
    UdpHeader udp;
    udp.SetSourcePort(h.sourcePort);
    udp.SetDestinationPort(h.destinationPort);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address(h.source));
    ip.SetDestination(Ipv4Address(h.destination));
    ip.SetProtocol(h.protocol);
    ip.SetTtl(h.ttl);
    ip.SetPayloadSize(p->GetSize());
    ip.SetDscp(static_cast<Ipv4Header::DscpType>(h.tos >> 2));
    ip.SetEcn(static_cast<Ipv4Header::EcnType>(h.tos & 0x03));
    if (h.ipChecksum)
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
}
} // namespace

/// FabricEthernetHeader against EthernetHeader.
class EthernetBytesTestCase : public TestCase
{
  public:
    EthernetBytesTestCase()
        : TestCase("FabricEthernetHeader writes and reads EthernetHeader's 14 bytes")
    {
    }

  private:
    void DoRun() override
    {
        const Mac48Address dst("02:00:00:01:e2:41");
        const Mac48Address src("02:02:00:00:30:05");
        Ptr<Packet> ours = Create<Packet>(100);
        ours->AddHeader(FabricEthernetHeader(ToMacBytes(dst), ToMacBytes(src), 0x0800));
        Ptr<Packet> theirs = Create<Packet>(100);
        EthernetHeader eth(false);
        eth.SetDestination(dst);
        eth.SetSource(src);
        eth.SetLengthType(0x0800);
        theirs->AddHeader(eth);
        NS_TEST_EXPECT_MSG_EQ((BytesOf(ours) == BytesOf(theirs)), true, "same 114 bytes");

        EthernetHeader read(false);
        ours->PeekHeader(read);
        NS_TEST_EXPECT_MSG_EQ(read.GetDestination(), dst, "EthernetHeader reads our destination");
        NS_TEST_EXPECT_MSG_EQ(read.GetSource(), src, "and source");
        FabricEthernetHeader back;
        NS_TEST_EXPECT_MSG_EQ(theirs->PeekHeader(back), 14u, "14 bytes read");
        NS_TEST_EXPECT_MSG_EQ(ToMac48Address(back.GetDestination()), dst, "destination back");
        NS_TEST_EXPECT_MSG_EQ(ToMac48Address(back.GetSource()), src, "source back");
        NS_TEST_EXPECT_MSG_EQ(back.GetLengthType(), 0x0800, "EtherType back");

        NS_TEST_EXPECT_MSG_EQ(
            FabricEthernetHeader::IsBroadcast(ToMacBytes(Mac48Address("ff:ff:ff:ff:ff:ff"))),
            true,
            "broadcast");
        NS_TEST_EXPECT_MSG_EQ(
            FabricEthernetHeader::IsGroup(ToMacBytes(Mac48Address("01:80:c2:00:00:01"))),
            true,
            "the PFC address is a group address");
        NS_TEST_EXPECT_MSG_EQ(FabricEthernetHeader::IsGroup(ToMacBytes(dst)),
                              false,
                              "a GPU's MAC is not");
    }
};

/// FabricIpv4UdpHeader against Ipv4Header + UdpHeader.
class Ipv4UdpBytesTestCase : public TestCase
{
  public:
    Ipv4UdpBytesTestCase()
        : TestCase("FabricIpv4UdpHeader writes Ipv4Header + UdpHeader bytes, with and without the "
                   "IPv4 checksum")
    {
    }

  private:
    void DoRun() override
    {
        struct Case
        {
            uint8_t tos;
            uint16_t sport;
            uint32_t payload;
            bool checksum;
        };

        // Data (class 3, ECT(0)), control (class 6, not ECT), a trimmed-size packet, checksum.
        for (const Case& c : {Case{(3 << 5) | 0x02, 49153, 4096, false},
                              Case{6 << 5, 0xC001, 32, false},
                              Case{(3 << 5) | 0x02, 50000, 36, false},
                              Case{(3 << 5) | 0x03, 65535, 4160, true}})
        {
            FabricIpv4UdpHeader h;
            h.source = 0x0a000001;
            h.destination = 0x0a00e242;
            h.tos = c.tos;
            h.ttl = 64;
            h.protocol = 17;
            h.sourcePort = c.sport;
            h.destinationPort = 4793;
            h.ipChecksum = c.checksum;
            Ptr<Packet> ours = Create<Packet>(c.payload);
            ours->AddHeader(h);
            Ptr<Packet> theirs = Create<Packet>(c.payload);
            AddNs3Ipv4Udp(theirs, h);
            NS_TEST_EXPECT_MSG_EQ((BytesOf(ours) == BytesOf(theirs)),
                                  true,
                                  "same bytes, payload " << c.payload << ", checksum "
                                                         << c.checksum);

            Ipv4Header ip;
            ip.EnableChecksum();
            ours->PeekHeader(ip);
            NS_TEST_EXPECT_MSG_EQ(ip.GetPayloadSize(), c.payload + 8, "IPv4 payload length");
            if (c.checksum)
            {
                NS_TEST_EXPECT_MSG_EQ(ip.IsChecksumOk(), true, "Ipv4Header accepts the checksum");
            }
            FabricIpv4UdpHeader back;
            NS_TEST_EXPECT_MSG_EQ(ours->PeekHeader(back), 28u, "28 bytes read");
            NS_TEST_EXPECT_MSG_EQ(back.source, h.source, "source back");
            NS_TEST_EXPECT_MSG_EQ(back.destination, h.destination, "destination back");
            NS_TEST_EXPECT_MSG_EQ(int(back.tos), int(h.tos), "TOS back");
            NS_TEST_EXPECT_MSG_EQ(back.sourcePort, h.sourcePort, "source port back");
            NS_TEST_EXPECT_MSG_EQ(back.totalLength, c.payload + 28, "total length back");
        }
    }
};

/// FabricHeaderStack against its headers added one by one.
class HeaderStackTestCase : public TestCase
{
  public:
    HeaderStackTestCase()
        : TestCase(
              "FabricHeaderStack adds and takes IPv4 and UDP + PDS + SES (with header data) as "
              "the same bytes as one header at a time")
    {
    }

  private:
    void DoRun() override
    {
        FabricIpv4UdpHeader ipUdp;
        ipUdp.source = 0x0a000003;
        ipUdp.destination = 0x0a000009;
        ipUdp.tos = (3 << 5) | 0x02;
        ipUdp.sourcePort = 49160;
        ipUdp.destinationPort = 4793;
        UetPdsRequestHeader pds;
        pds.psn = 0x12345;
        pds.sourcePdcId = 7;
        pds.destPdcId = 9;
        pds.ackRequest = true;
        UetSesHeader ses;
        ses.opcode = UetSesHeader::OPCODE_WRITE;
        ses.startOfMessage = true;
        ses.messageId = 3;
        ses.messageLength = 2 << 20;
        ses.hasHeaderData = true;
        ses.headerData = 0xfeedface12345678ull;

        Ptr<Packet> stacked = Create<Packet>(4096);
        FabricHeaderStack stack{&ipUdp, &pds, &ses};
        stacked->AddHeader(stack);
        Ptr<Packet> single = Create<Packet>(4096);
        single->AddHeader(ses);
        single->AddHeader(pds);
        single->AddHeader(ipUdp);
        NS_TEST_EXPECT_MSG_EQ((BytesOf(stacked) == BytesOf(single)), true, "same bytes");
        NS_TEST_EXPECT_MSG_EQ(stack.GetSerializedSize(),
                              28 + pds.GetSerializedSize() + ses.GetSerializedSize(),
                              "size is the sum");

        FabricIpv4UdpHeader ipUdpBack;
        UetPdsRequestHeader pdsBack;
        UetSesHeader sesBack;
        FabricHeaderStack back{&ipUdpBack, &pdsBack, &sesBack};
        NS_TEST_EXPECT_MSG_EQ(stacked->RemoveHeader(back),
                              stack.GetSerializedSize(),
                              "the stack reads its bytes, the header data included");
        NS_TEST_EXPECT_MSG_EQ(stacked->GetSize(), 4096u, "payload left");
        NS_TEST_EXPECT_MSG_EQ(pdsBack.psn, pds.psn, "PSN back");
        NS_TEST_EXPECT_MSG_EQ(pdsBack.ackRequest, true, "AR back");
        NS_TEST_EXPECT_MSG_EQ(sesBack.hasHeaderData, true, "HD back");
        NS_TEST_EXPECT_MSG_EQ(sesBack.headerData, ses.headerData, "header data back");
        NS_TEST_EXPECT_MSG_EQ(ipUdpBack.totalLength,
                              stack.GetSerializedSize() + 4096,
                              "IPv4 length covers what follows it");
    }
};

/// FabricFifo keeps order across growth and holds nothing while empty.
class FifoTestCase : public TestCase
{
  public:
    FifoTestCase()
        : TestCase("FabricFifo holds no capacity while empty and keeps FIFO order as it grows")
    {
    }

  private:
    void DoRun() override
    {
        FabricFifo<uint32_t> fifo;
        NS_TEST_EXPECT_MSG_EQ(fifo.capacity(), 0u, "no memory before the first push");
        uint32_t next = 0;
        uint32_t expected = 0;
        // Interleave pushes and pops so the ring wraps before it grows.
        for (int round = 0; round < 50; ++round)
        {
            for (int k = 0; k < 7; ++k)
            {
                FifoPush(fifo, next++);
            }
            for (int k = 0; k < 5; ++k)
            {
                NS_TEST_ASSERT_MSG_EQ(fifo.front(), expected, "FIFO order");
                fifo.pop_front();
                ++expected;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(fifo.size(), 100u, "7 - 5 per round left");
        while (!fifo.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(fifo.front(), expected++, "FIFO order to the end");
            fifo.pop_front();
        }
        NS_TEST_EXPECT_MSG_EQ(expected, next, "everything came out once");
    }
};

/// Suite of the framing classes.
class FrameHeadersTestSuite : public TestSuite
{
  public:
    FrameHeadersTestSuite()
        : TestSuite("ai-fabric-frame-headers", AIF_UNIT)
    {
        AddTestCase(new EthernetBytesTestCase, AIF_QUICK);
        AddTestCase(new Ipv4UdpBytesTestCase, AIF_QUICK);
        AddTestCase(new HeaderStackTestCase, AIF_QUICK);
        AddTestCase(new FifoTestCase, AIF_QUICK);
    }
};

/// The suite.
static FrameHeadersTestSuite g_frameHeadersTestSuite;
