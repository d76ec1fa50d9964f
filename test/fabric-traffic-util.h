/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_TRAFFIC_UTIL_H
#define FABRIC_TRAFFIC_UTIL_H

// Test traffic over an instantiated fabric: UDP bursts with a chosen source port (the ECMP
// entropy), class and trimmability, and receivers that count what arrives.

#include "ns3/fabric-network.h"
#include "ns3/fabric-tags.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <map>

namespace ns3
{
namespace aif_test
{

/// What a UDP receiver got.
struct UdpCount
{
    uint64_t packets{0};                 //!< datagrams
    uint64_t bytes{0};                   //!< payload bytes
    std::map<uint32_t, uint64_t> bySize; //!< datagrams by payload size
    Time last;                           //!< arrival of the last one
};

/**
 * \brief Open a UDP receiver that counts datagrams.
 * \param node the receiving node
 * \param port UDP port
 * \param count where to count (must outlive the simulation)
 */
inline void
ListenUdp(Ptr<Node> node, uint16_t port, UdpCount* count)
{
    Ptr<Socket> sock = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    sock->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    sock->SetRecvCallback(MakeBoundCallback(
        +[](UdpCount* c, Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                ++c->packets;
                c->bytes += p->GetSize();
                ++c->bySize[p->GetSize()];
                c->last = Simulator::Now();
            }
        },
        count));
}

/// A UDP burst.
struct UdpBurst
{
    uint16_t srcPort{10000}; //!< source port (entropy)
    uint16_t dstPort{9};     //!< destination port
    uint32_t packets{1};     //!< datagrams
    uint32_t payload{1000};  //!< payload bytes
    uint8_t priority{0};     //!< class (FabricPacketTag)
    bool trimmable{false};   //!< may be trimmed (FabricPacketTag)
    bool tagged{true};       //!< carry a FabricPacketTag (else the class comes from tos)
    uint8_t tos{0};          //!< IP TOS (ECN bits: 2 = ECT(0))
    Time start;              //!< first send
    Time interval;           //!< between sends (0 = all at once)
};

/**
 * \brief Send a UDP burst.
 * \param node sender
 * \param dst destination address
 * \param burst what to send
 */
inline void
SendUdp(Ptr<Node> node, Ipv4Address dst, const UdpBurst& burst)
{
    Ptr<Socket> sock = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    sock->Bind(InetSocketAddress(Ipv4Address::GetAny(), burst.srcPort));
    sock->Connect(InetSocketAddress(dst, burst.dstPort));
    if (burst.tos != 0)
    {
        sock->SetIpTos(burst.tos);
    }
    FabricPacketTag tag;
    tag.SetPriority(burst.priority);
    tag.SetTrimmable(burst.trimmable);
    for (uint32_t i = 0; i < burst.packets; ++i)
    {
        Simulator::Schedule(burst.start + burst.interval * i, [sock, tag, burst]() {
            Ptr<Packet> p = Create<Packet>(burst.payload);
            if (burst.tagged)
            {
                p->AddPacketTag(tag);
            }
            sock->Send(p);
        });
    }
}

/**
 * \brief An incast: GPUs first .. first + n - 1 each send the burst to GPU dst, each from its
 * own source port (burst.srcPort + i).
 * \param net the fabric
 * \param first first sender
 * \param n number of senders
 * \param dst receiver
 * \param burst what each sends
 */
inline void
SendIncast(Ptr<FabricNetwork> net, uint32_t first, uint32_t n, uint32_t dst, const UdpBurst& burst)
{
    for (uint32_t i = 0; i < n; ++i)
    {
        UdpBurst b = burst;
        b.srcPort = static_cast<uint16_t>(burst.srcPort + i);
        SendUdp(net->GetGpuNode(first + i), net->GetGpuAddress(dst), b);
    }
}

} // namespace aif_test
} // namespace ns3

#endif /* FABRIC_TRAFFIC_UTIL_H */
