/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_TEST_UTIL_H
#define COLLECTIVE_TEST_UTIL_H

// Collective tests: rail-optimized clusters with a transport on every GPU, and the idle-path
// arithmetic of one message that the alpha-beta checks compare against.

#include "ns3/collective-dispatcher.h"
#include "ns3/fabric-collective-helper.h"
#include "ns3/fabric-network-helper.h"
#include "ns3/fabric-transport-helper.h"
#include "ns3/photonic-net-device.h"
#include "ns3/rail-optimized-cluster-helper.h"
#include "ns3/simulator.h"
#include "ns3/transport-workload.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{
namespace aif_test
{

/// A fabric with its NICs.
struct CollectiveFabric
{
    FabricTopology topo;              //!< the description
    Ptr<FabricNetwork> net;           //!< the instantiated fabric
    std::vector<Ptr<FabricNic>> nics; //!< by GPU
};

/**
 * \brief A rail-optimized cluster (H100 NVLink, 400G NICs, 800G leaf-spine) with a transport
 * family deployed as TransportProfileByName describes it.
 * \param servers servers
 * \param gpusPerServer GPUs (and rails) per server
 * \param transport roce, ib or uet
 * \return the fabric
 */
inline CollectiveFabric
BuildRailFabric(uint32_t servers, uint32_t gpusPerServer, const std::string& transport)
{
    const TransportProfile profile = TransportProfileByName(transport);
    RailOptimizedClusterHelper rail;
    rail.SetServers(servers);
    rail.SetGpusPerServer(gpusPerServer);
    CollectiveFabric f;
    f.topo = rail.BuildDescription();
    FabricNetworkHelper netHelper;
    profile.ApplyTo(netHelper);
    // Credits must cover a hop's credit round trip or they, not the line rate, bound throughput.
    netHelper.SetDeviceAttribute("CreditBuffer", UintegerValue(256 * 1024));
    f.net = netHelper.Install(f.topo);
    FabricTransportHelper transportHelper;
    transportHelper.SetTransport(profile.transport);
    f.nics = transportHelper.Install(f.net);
    return f;
}

/**
 * \brief Idle-path delivery time of one RDMA WRITE of whole MTU packets from GPU a to b: the
 * NIC serializes every frame back to back (the first carries the 16-byte RETH), then the last
 * frame's trip after its own serialization (GetPathLatency less one serialization at the NIC).
 * \param f the fabric
 * \param a sender
 * \param b receiver
 * \param bytes payload bytes, a multiple of the MTU
 * \param frameBytes bytes of a full data frame without FCS
 * \return the time
 */
inline double
MessageDeliverySeconds(const CollectiveFabric& f,
                       uint32_t a,
                       uint32_t b,
                       uint64_t bytes,
                       uint32_t frameBytes)
{
    Ptr<FabricNic> nic = f.nics[a];
    const uint32_t mtu = nic->GetMtu();
    const double rate =
        static_cast<double>(nic->GetPortDevice(nic->PortFor(b))->GetDataRate().GetBitRate());
    const uint64_t packets = bytes / mtu;
    const double frame = PhotonicNetDevice::WireBytes(frameBytes) * 8.0 / rate;
    const double reth = 16 * 8.0 / rate;
    return packets * frame + reth + f.net->GetPathLatency(a, b, frameBytes).GetSeconds() - frame;
}

} // namespace aif_test
} // namespace ns3

#endif /* COLLECTIVE_TEST_UTIL_H */
