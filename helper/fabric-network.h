/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_NETWORK_H
#define FABRIC_NETWORK_H

#include "ns3/fabric-routing.h"
#include "ns3/fabric-switch.h"
#include "ns3/fabric-topology.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/photonic-net-device.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Energy a network used since it was built, split by where it went.
 */
struct FabricEnergyBreakdown
{
    double scaleOutAsicJ{0};             //!< leaf, spine and core ASICs, joules
    double scaleUpAsicJ{0};              //!< NVSWITCH ASICs, joules
    std::map<std::string, double> tierJ; //!< link-end modules (both ends) per tier, joules
    std::map<std::string, double> kindJ; //!< switch-port modules per port kind, joules
    double scaleOutJ{0};                 //!< scale-out ASICs + modules of non-NVLink tiers
    double totalJ{0};                    //!< everything, joules
};

/**
 * \ingroup ai-fabric
 * \brief A FabricTopology instantiated into ns-3 objects (built by FabricNetworkHelper): one
 * Node per topology node, a PhotonicChannel and two PhotonicNetDevices per link, a FabricSwitch
 * on every switch node, the Internet stack with FabricHostRouting on every GPU, and the routes.
 *
 * It keeps a copy of the description and follows link state: when a link goes down or up, the
 * routes are recomputed and reinstalled after DetectionDelay.
 */
class FabricNetwork : public Object
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricNetwork();
    ~FabricNetwork() override;

    /**
     * \brief The description as instantiated (link states follow the detected state).
     * \return the topology
     */
    const FabricTopology& GetTopology() const;
    /**
     * \brief The routes.
     * \return the shared routing
     */
    Ptr<FabricRouting> GetRouting() const;
    /**
     * \brief Number of GPUs.
     * \return count
     */
    uint32_t GetNGpus() const;
    /**
     * \brief The node of a GPU.
     * \param gpu ordinal
     * \return the node
     */
    Ptr<Node> GetGpuNode(uint32_t gpu) const;
    /**
     * \brief The NIC address of a GPU.
     * \param gpu ordinal
     * \return its address
     */
    Ipv4Address GetGpuAddress(uint32_t gpu) const;
    /**
     * \brief The node of a topology node.
     * \param node topology node index
     * \return the node
     */
    Ptr<Node> GetNode(uint32_t node) const;
    /**
     * \brief The switch on a topology node.
     * \param node topology node index
     * \return the switch, or null for a GPU
     */
    Ptr<FabricSwitch> GetSwitch(uint32_t node) const;
    /**
     * \brief All switches, in topology order.
     * \return the switches
     */
    std::vector<Ptr<FabricSwitch>> GetSwitches() const;
    /**
     * \brief The GPU nodes, by ordinal.
     * \return the nodes
     */
    NodeContainer GetGpuNodes() const;
    /**
     * \brief The device at one end of a link.
     * \param link link index
     * \param end 0 for the link's a end, 1 for b
     * \return the device
     */
    Ptr<PhotonicNetDevice> GetLinkDevice(uint32_t link, uint32_t end) const;
    /**
     * \brief Fix the random streams of every link end (frame loss draws), every channel
     * (random failures) and every switch (ECN marking), in topology order, so that results do
     * not depend on what else the program created before.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);
    /**
     * \brief Set a link's state (both directions); routes follow after DetectionDelay.
     * \param link link index
     * \param up true for up
     */
    void SetLinkUp(uint32_t link, bool up);
    /**
     * \brief Times the routes were recomputed after a link change.
     * \return count
     */
    uint32_t GetReroutes() const;
    /**
     * \brief Utilisation of each tier: bits sent on its links (both directions) over their
     * capacity since the start.
     * \return tier -> fraction in [0, 1]
     */
    std::map<std::string, double> GetTierUtilisation() const;
    /**
     * \brief Nameplate power of all switches (ASIC + switch-side optics).
     * \return watts
     */
    double GetSwitchPowerW() const;
    /**
     * \brief Energy used since the network was built: switch ASICs (power x time) and every
     * link end (static power x time + energy per transmitted bit). The difference of two calls
     * is the energy of what ran in between.
     * \return the breakdown
     */
    FabricEnergyBreakdown GetEnergy() const;
    /**
     * \brief The counters of every switch port summed (NVSwitch ports included).
     * \return the sums
     */
    FabricPortCounters GetSwitchCounters() const;
    /**
     * \brief Drops at all switches, by reason name.
     * \return reason -> count
     */
    std::map<std::string, uint64_t> GetSwitchDrops() const;

    /**
     * \brief One-way latency of a frame over the idle path between two GPUs, as the routes
     * stand: per link its serialization (preamble, FCS and gap included), propagation and
     * receive path (module DSP, FEC), per switch its pipeline latency. Where routes offer
     * several next hops the first is followed (equal-cost paths have equal latency when their
     * links are alike).
     * \param src sending GPU
     * \param dst receiving GPU
     * \param frameBytes frame bytes from the Ethernet header to the payload's end (no FCS)
     * \return the latency
     */
    Time GetPathLatency(uint32_t src, uint32_t dst, uint32_t frameBytes) const;

    /**
     * \brief Register an instantiated element (used by FabricNetworkHelper).
     * \param topology the description
     * \param routing its routes
     * \param nodes one node per topology node
     * \param switches per topology node, null for GPUs
     * \param linkDevices per link, its two devices
     */
    void Assemble(
        const FabricTopology& topology,
        Ptr<FabricRouting> routing,
        std::vector<Ptr<Node>> nodes,
        std::vector<Ptr<FabricSwitch>> switches,
        std::vector<std::pair<Ptr<PhotonicNetDevice>, Ptr<PhotonicNetDevice>>> linkDevices);

    /**
     * \brief A link's channel changed state (connected to the channels' LinkState traces).
     * \param link link index
     * \param up new state
     */
    void NotifyLinkState(uint32_t link, bool up);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Apply a detected link state and reinstall the routes.
     * \param link link index
     * \param up state
     */
    void ApplyLinkState(uint32_t link, bool up);

    FabricTopology m_topology;                 //!< the description
    Ptr<FabricRouting> m_routing;              //!< routes
    std::vector<Ptr<Node>> m_nodes;            //!< by topology node
    std::vector<Ptr<FabricSwitch>> m_switches; //!< by topology node
    std::vector<std::pair<Ptr<PhotonicNetDevice>, Ptr<PhotonicNetDevice>>>
        m_linkDevices;      //!< by link
    Time m_detectionDelay;  //!< failure detection delay
    uint32_t m_reroutes{0}; //!< route recomputations
};

} // namespace ns3

#endif /* FABRIC_NETWORK_H */
