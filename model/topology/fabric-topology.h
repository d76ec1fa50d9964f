/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_TOPOLOGY_H
#define FABRIC_TOPOLOGY_H

#include "ns3/photonic-medium.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The role of a node in a cluster description.
 */
enum class FabricRole
{
    GPU,      //!< an endpoint: a GPU with its NIC
    NVSWITCH, //!< a scale-up switch (NVLink domain)
    LEAF,     //!< first switching tier (leaf, top of rack, rail switch)
    SPINE,    //!< second tier (spine, aggregation)
    CORE,     //!< third tier (core)
};

/**
 * \brief Printable role name ("gpu", "nvswitch", "leaf", "spine", "core").
 * \param role the role
 * \return its name
 */
std::string FabricRoleName(FabricRole role);

/**
 * \ingroup ai-fabric
 * \brief A node of the description.
 */
struct TopoNode
{
    FabricRole role{FabricRole::GPU}; //!< what it is
    std::string name;                 //!< a unique, readable name ("leaf3", "gpu17")
    uint32_t maxPorts{0};             //!< port limit (switch radix); 0 = no limit
    double asicCapacityBps{0};        //!< switching capacity; 0 = not checked
};

/**
 * \ingroup ai-fabric
 * \brief A link of the description: two nodes, a transceiver preset at both ends, a cable.
 */
struct TopoLink
{
    uint32_t a{0};                 //!< one end (node index)
    uint32_t b{0};                 //!< the other end (node index)
    std::string transceiver;       //!< preset name (at both ends unless switchTransceiver is set)
    std::string switchTransceiver; //!< preset at a switch end when it differs (e.g. CPO), or ""
    PhotonicMedium medium{PhotonicMedium::SINGLE_MODE_FIBRE}; //!< the cable
    double lengthM{0};                                        //!< metres
    double rateBps{0};                                        //!< line rate, from the preset
    std::string tier; //!< which tier it belongs to ("gpu-leaf", "leaf-spine", ...)
    bool up{true};    //!< link state

    /**
     * \brief The end of the link that is not the given node.
     * \param node one end
     * \return the other end
     */
    uint32_t Other(uint32_t node) const
    {
        return a == node ? b : a;
    }
};

/**
 * \ingroup ai-fabric
 * \brief The link choice of one tier of a builder: preset at both ends, medium and length.
 */
struct TierLinkSpec
{
    std::string transceiver;                                  //!< preset name
    PhotonicMedium medium{PhotonicMedium::SINGLE_MODE_FIBRE}; //!< the cable
    double lengthM{0};                                        //!< metres
    /// Preset at the switch ends when it differs from the GPU end (a co-packaged switch port
    /// facing a pluggable NIC module); "" = transceiver at both ends. Same line rate required.
    std::string switchTransceiver;
};

/**
 * \ingroup ai-fabric
 * \brief Counts, power and fibres of a description.
 */
struct FabricInventory
{
    std::map<std::string, uint32_t> nodesByRole;          //!< role name -> count
    std::map<std::string, uint32_t> linksByTier;          //!< tier -> count
    std::map<std::string, uint32_t> transceiversByPreset; //!< preset -> ends (2 per link)
    uint64_t fibres{0};     //!< fibres (both directions) of optical links
    double opticsPowerW{0}; //!< all link ends at full load, watts
};

/**
 * \ingroup ai-fabric
 * \brief A plain description of a cluster network: nodes, ports and links with their specs.
 *
 * Builders produce it before any ns-3 object exists; the same description feeds validation,
 * routing (shortest-path ECMP next-hop sets by breadth-first search, bisection by Boost.Graph
 * max flow), the inventory, and later the packet simulation. Nothing here needs ns-3 nodes.
 */
class FabricTopology
{
  public:
    /**
     * \brief Add a node.
     * \param role its role
     * \param name a unique name
     * \param maxPorts port limit (0: none)
     * \param asicCapacityBps switching capacity (0: not checked)
     * \return its index
     */
    uint32_t AddNode(FabricRole role,
                     const std::string& name,
                     uint32_t maxPorts = 0,
                     double asicCapacityBps = 0);

    /**
     * \brief Add a link between two nodes.
     * \param a one end
     * \param b the other end
     * \param transceiver preset at both ends
     * \param medium cable medium
     * \param lengthM cable length, metres
     * \param tier the tier label
     * \return its index
     * \throws FabricConfigError for an unknown node or preset
     */
    uint32_t AddLink(uint32_t a,
                     uint32_t b,
                     const std::string& transceiver,
                     PhotonicMedium medium,
                     double lengthM,
                     const std::string& tier);

    /**
     * \brief Add a link of a builder's tier.
     * \param a one end
     * \param b the other end
     * \param tier the tier label
     * \param spec the tier's preset, medium and length
     * \return its index
     */
    uint32_t AddLink(uint32_t a, uint32_t b, const std::string& tier, const TierLinkSpec& spec);

    /**
     * \brief The transceiver preset at one end of a link.
     * \param link the link index
     * \param node one of its ends
     * \return the switch-end preset at a switch when the link has one, else its preset
     */
    const std::string& TransceiverAt(uint32_t link, uint32_t node) const;

    /**
     * \brief Bring a link up or down (routing avoids links that are down).
     * \param link the link index
     * \param up the state
     */
    void SetLinkUp(uint32_t link, bool up);

    /**
     * \brief All nodes.
     * \return the nodes, by index
     */
    const std::vector<TopoNode>& GetNodes() const;

    /**
     * \brief All links.
     * \return the links, by index
     */
    const std::vector<TopoLink>& GetLinks() const;

    /**
     * \brief Indices of the nodes of one role, in order.
     * \param role the role
     * \return the indices
     */
    std::vector<uint32_t> GetNodesOfRole(FabricRole role) const;

    /**
     * \brief Links attached to a node.
     * \param node the node
     * \return link indices
     */
    const std::vector<uint32_t>& GetPorts(uint32_t node) const;

    /**
     * \brief Check every node and link: port counts against radix, attached line rate against
     * ASIC capacity, and every link's reach, medium and optical margin.
     * \throws FabricConfigError naming the node or link and the numbers
     */
    void Validate() const;

    /**
     * \brief Hop counts from every node to a destination over links that are up (BFS); only
     * switches relay, endpoints (GPUs) never transit traffic.
     * \param dest the destination node
     * \return hops by node index; UINT32_MAX where unreachable
     */
    std::vector<uint32_t> HopsTo(uint32_t dest) const;

    /**
     * \brief For every node, the links that lie on a shortest path to a destination: the
     * equal-cost next hops.
     * \param dest the destination node
     * \return next-hop link indices by node index (empty at the destination or if unreachable)
     */
    std::vector<std::vector<uint32_t>> NextHopsTo(uint32_t dest) const;

    /**
     * \brief The longest shortest path, in hops, between two nodes of a role.
     * \param role the endpoints' role (GPU by default)
     * \return hops; UINT32_MAX if some pair is disconnected
     */
    uint32_t Diameter(FabricRole role = FabricRole::GPU) const;

    /**
     * \brief Bisection bandwidth: the maximum flow (Boost.Graph push-relabel) from the first half
     * of the endpoints of a role, in index order, to the second half; each link carries its rate
     * in each direction.
     * \param role the endpoints' role (GPU by default)
     * \return bits per second
     */
    double BisectionBandwidthBps(FabricRole role = FabricRole::GPU) const;

    /**
     * \brief Counts of nodes, links, transceivers and fibres, and optics power.
     * \return the inventory
     */
    FabricInventory Inventory() const;

  private:
    std::vector<TopoNode> m_nodes;              //!< nodes
    std::vector<TopoLink> m_links;              //!< links
    std::vector<std::vector<uint32_t>> m_ports; //!< links by node
};

} // namespace ns3

#endif /* FABRIC_TOPOLOGY_H */
