/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Transport wire formats: the InfiniBand BTH and AETH byte layouts and the RoCEv2 ICRC.

#include "ai-fabric-test-util.h"
#include "crc-test-util.h"

#include "ns3/ib-headers.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/udp-header.h"

#include <vector>

using namespace ns3;
using ns3::aif_test::BitwiseCrc32;

namespace
{
/// An IPv4 / UDP 4791 / BTH / 16-byte packet.
Ptr<Packet>
RocePacket(uint8_t ttl, uint8_t tos, uint32_t psn)
{
    Ptr<Packet> p = Create<Packet>(16);
    IbBthHeader bth;
    bth.opcode = IbBthHeader::RC_WRITE_ONLY;
    bth.destQp = 0x000123;
    bth.psn = psn;
    p->AddHeader(bth);
    UdpHeader udp;
    udp.SetSourcePort(49152);
    udp.SetDestinationPort(IbBthHeader::ROCEV2_UDP_PORT);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.0.0.1"));
    ip.SetDestination(Ipv4Address("10.0.0.2"));
    ip.SetProtocol(17);
    ip.SetTtl(ttl);
    ip.SetTos(tos);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    return p;
}
} // namespace

/// Header layouts and the ICRC.
class IbHeadersTestCase : public TestCase
{
  public:
    IbHeadersTestCase()
        : TestCase("BTH and AETH serialize to the IBA byte layout; the RoCEv2 ICRC ignores the "
                   "variant fields only")
    {
    }

  private:
    void DoRun() override
    {
        IbBthHeader bth;
        bth.opcode = IbBthHeader::RC_WRITE_ONLY;
        bth.destQp = 0x123456;
        bth.ackRequest = true;
        bth.psn = 0xabcdef;
        bth.becn = true;
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(bth);
        std::vector<uint8_t> b(p->GetSize());
        p->CopyData(b.data(), b.size());
        const std::vector<uint8_t> expected =
            {0x0a, 0x40, 0xff, 0xff, 0x40, 0x12, 0x34, 0x56, 0x80, 0xab, 0xcd, 0xef};
        NS_TEST_EXPECT_MSG_EQ((b == expected), true, "BTH bytes per IBA 9.2");
        IbBthHeader back;
        p->RemoveHeader(back);
        NS_TEST_EXPECT_MSG_EQ(back.psn, 0xabcdefu, "PSN round-trips");
        NS_TEST_EXPECT_MSG_EQ(back.destQp, 0x123456u, "QP round-trips");
        NS_TEST_EXPECT_MSG_EQ((back.ackRequest && back.becn && !back.fecn), true, "flags");

        IbAethHeader aeth;
        aeth.syndrome = IbAethHeader::SYNDROME_NAK_PSN_SEQ;
        aeth.msn = 0x010203;
        Ptr<Packet> a = Create<Packet>();
        a->AddHeader(aeth);
        std::vector<uint8_t> ab(4);
        a->CopyData(ab.data(), 4);
        NS_TEST_EXPECT_MSG_EQ((ab == std::vector<uint8_t>{0x60, 0x01, 0x02, 0x03}),
                              true,
                              "AETH bytes");

        // ICRC: CRC-32 over 8 bytes of ones and the packet with TOS, TTL, IPv4 checksum, UDP
        // checksum and the BTH reserved byte set to ones (IBA A17.3.3), here by a bitwise CRC.
        Ptr<Packet> roce = RocePacket(64, 0, 7);
        std::vector<uint8_t> bytes(8 + roce->GetSize(), 0xff);
        roce->CopyData(bytes.data() + 8, roce->GetSize());
        for (uint32_t offset : {1u, 8u, 10u, 11u, 26u, 27u, 32u})
        {
            bytes[8 + offset] = 0xff;
        }
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc(roce), BitwiseCrc32(bytes), "ICRC matches a bitwise CRC");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc(RocePacket(3, 0x03, 7)),
                              RoceIcrc(roce),
                              "TTL, ECN and checksum changes do not change the ICRC");
        NS_TEST_EXPECT_MSG_NE(RoceIcrc(RocePacket(64, 0, 8)), RoceIcrc(roce), "PSN does");
    }
};

/// The suite.
class IbHeadersTestSuite : public TestSuite
{
  public:
    IbHeadersTestSuite()
        : TestSuite("ai-fabric-transport-headers", AIF_UNIT)
    {
        AddTestCase(new IbHeadersTestCase, AIF_QUICK);
    }
};

/// Registers the suite.
static IbHeadersTestSuite g_ibHeadersTestSuite;
