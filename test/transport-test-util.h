/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TRANSPORT_TEST_UTIL_H
#define TRANSPORT_TEST_UTIL_H

// Transport tests: small fabrics with NICs installed, message bookkeeping and the idle-path
// arithmetic the tests compare against.

#include "ns3/fabric-network-helper.h"
#include "ns3/fabric-transport-helper.h"
#include "ns3/fat-tree-helper.h"
#include "ns3/photonic-channel.h"
#include "ns3/simulator.h"

#include <vector>

namespace ns3
{
namespace aif_test
{

/// Completed messages seen at senders.
struct Completions
{
    std::vector<FabricMessage> done; //!< records, in completion order
    uint64_t bytes{0};               //!< their payload bytes
};

/**
 * \brief A callback that appends completions to a record.
 * \param c the record
 * \return the callback
 */
inline FabricMessageCallback
Record(Completions* c)
{
    return FabricMessageCallback([c](const FabricMessage& m) {
        c->done.push_back(m);
        c->bytes += m.bytes;
    });
}

/**
 * \brief A 2-tier fat tree of 800G DR8 links.
 * \param radix switch radix
 * \param leaves leaf switches
 * \return the description
 */
inline FabricTopology
TransportFatTree(uint32_t radix, uint32_t leaves)
{
    FatTreeHelper ft;
    ft.SetTiers(2);
    ft.SetRadix(radix);
    ft.SetLeaves(leaves);
    return ft.BuildDescription();
}

/**
 * \brief The device of a node's end of a link.
 * \param net the fabric
 * \param link link index
 * \param node node index
 * \return the device
 */
inline Ptr<PhotonicNetDevice>
EndOf(Ptr<FabricNetwork> net, uint32_t link, uint32_t node)
{
    return net->GetLinkDevice(link, net->GetTopology().GetLinks()[link].a == node ? 0 : 1);
}

/**
 * \brief The first link of a tier.
 * \param topo the description
 * \param tier tier name
 * \return link index (0 if none)
 */
inline uint32_t
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

/**
 * \brief A GPU's NIC device.
 * \param net the fabric
 * \param gpu GPU ordinal
 * \return its device on its first link
 */
inline Ptr<PhotonicNetDevice>
NicOf(Ptr<FabricNetwork> net, uint32_t gpu)
{
    const uint32_t node = net->GetRouting()->GetGpuNode(gpu);
    return EndOf(net, net->GetTopology().GetPorts(node)[0], node);
}

/**
 * \brief One-way idle latency of a frame over a path given as its devices, computed from the
 * device and channel settings: per link serialization + propagation + receive path, plus a
 * pipeline latency per switch crossed.
 * \param outDevices transmitting device of each link, in path order
 * \param frameBytes frame bytes without FCS
 * \param pipeline switch pipeline latency
 * \return the latency
 */
inline Time
PathLatency(const std::vector<Ptr<PhotonicNetDevice>>& outDevices,
            uint32_t frameBytes,
            Time pipeline)
{
    Time t;
    for (const auto& dev : outDevices)
    {
        Ptr<PhotonicChannel> ch = DynamicCast<PhotonicChannel>(dev->GetChannel());
        Ptr<PhotonicNetDevice> far =
            DynamicCast<PhotonicNetDevice>(ch->GetDevice(ch->GetDevice(0) == dev ? 1 : 0));
        const double wire = PhotonicNetDevice::WireBytes(frameBytes) * 8.0 /
                            static_cast<double>(dev->GetDataRate().GetBitRate());
        t += Seconds(wire) + ch->GetDelay() + far->GetReceivePathLatency();
    }
    return t + pipeline * static_cast<int64_t>(outDevices.size() - 1);
}

} // namespace aif_test
} // namespace ns3

#endif /* TRANSPORT_TEST_UTIL_H */
