/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_ROUTING_H
#define FABRIC_ROUTING_H

#include "fabric-topology.h"

#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A set of equal-cost egress ports: a view into a FabricForwardingTable's port list.
 */
struct FabricPortSet
{
    const uint16_t* ports{nullptr}; //!< the first port
    uint32_t count{0};              //!< how many

    /**
     * \brief Whether the set holds no port.
     * \return true if empty
     */
    bool empty() const
    {
        return count == 0;
    }

    /**
     * \brief A port of the set.
     * \param i index below count
     * \return the port
     */
    uint16_t operator[](uint32_t i) const
    {
        return ports[i];
    }
};

/**
 * \ingroup ai-fabric
 * \brief One switch's forwarding state: for each routing target (a switch that GPUs attach
 * to), the set of equal-cost egress ports and the distance; for GPUs attached to this switch,
 * their port.
 *
 * The distinct sets lie back to back in one port list, so a lookup reads the target's entry and
 * then the switch's short list (a few cache lines, warm while the switch forwards), not a
 * vector object per set.
 */
struct FabricForwardingTable
{
    /// The route to one target.
    struct Entry
    {
        uint32_t first{0}; //!< its set's first port in ports
        uint16_t count{0}; //!< ports in its set, 0 = unreachable
        uint16_t hops{0};  //!< switch hops to the target
    };

    std::vector<Entry> targets;  //!< by target index
    std::vector<uint16_t> ports; //!< the distinct next-hop port sets, back to back

    /**
     * \brief The set of an entry.
     * \param e an entry of this table
     * \return its ports
     */
    FabricPortSet SetOf(const Entry& e) const
    {
        return FabricPortSet{ports.data() + e.first, e.count};
    }

    /// (GPU ordinal, port) of the GPUs attached to this switch, sorted by GPU: a short vector
    /// searched by bisection, where a hash map costs a node lookup per packet.
    std::vector<std::pair<uint32_t, uint16_t>> attached;
};

/**
 * \ingroup ai-fabric
 * \brief Routes of a fabric, computed on its FabricTopology with Boost.Graph breadth-first
 * search: from every target (each switch with GPUs attached) over the graph of switches and
 * links that are up, every switch's equal-cost next hops towards it. GPUs never relay.
 *
 * Ports are numbered per node in the order of FabricTopology::GetPorts(). Shared by all the
 * switches of a fabric; Compute() again after link state changes.
 */
class FabricRouting : public SimpleRefCount<FabricRouting>
{
  public:
    /**
     * \brief Index the topology's GPUs, switches and attachments (no routes yet).
     * \param topology the description
     */
    explicit FabricRouting(const FabricTopology& topology);

    /**
     * \brief Compute every switch's table from the topology's current link states.
     * \param topology the same description, links possibly down
     */
    void Compute(const FabricTopology& topology);

    /**
     * \brief The equal-cost egress ports of a switch towards a GPU.
     * \param switchOrdinal the switch
     * \param gpu GPU ordinal
     * \param[out] attachedPort set to the port if the GPU is attached to this switch, else -1
     * \return the set, empty if the GPU is attached here or unreachable
     */
    FabricPortSet NextHops(uint32_t switchOrdinal, uint32_t gpu, int32_t& attachedPort) const;

    /**
     * \brief Hint the processor to load what NextHops() reads of a switch's table for a GPU
     * (the entry of the GPU's first target), ahead of the lookup.
     * \param switchOrdinal the switch
     * \param gpu GPU ordinal, below GetNGpus()
     */
    void PrefetchNextHops(uint32_t switchOrdinal, uint32_t gpu) const
    {
        const uint32_t first = m_gpuTargetStart[gpu];
        const std::vector<FabricForwardingTable::Entry>& targets = m_tables[switchOrdinal].targets;
        if (first < m_gpuTargetStart[gpu + 1] && m_gpuTargetList[first] < targets.size())
        {
            __builtin_prefetch(targets.data() + m_gpuTargetList[first]);
        }
    }

    /**
     * \brief A switch's table.
     * \param switchOrdinal switch
     * \return its table
     */
    const FabricForwardingTable& GetTable(uint32_t switchOrdinal) const;

    /**
     * \brief Number of GPUs.
     * \return count
     */
    uint32_t GetNGpus() const;
    /**
     * \brief Number of switches (every role but GPU).
     * \return count
     */
    uint32_t GetNSwitches() const;
    /**
     * \brief Topology node of a GPU ordinal.
     * \param gpu ordinal
     * \return node index
     */
    uint32_t GetGpuNode(uint32_t gpu) const;
    /**
     * \brief Topology node of a switch ordinal.
     * \param sw ordinal
     * \return node index
     */
    uint32_t GetSwitchNode(uint32_t sw) const;
    /**
     * \brief Ordinal of a node among GPUs or among switches.
     * \param node node index
     * \return ordinal
     */
    uint32_t GetOrdinal(uint32_t node) const;
    /**
     * \brief The scale-up domain of a GPU: the NVSWITCH node it links to.
     * \param gpu ordinal
     * \return node index, or -1 if none
     */
    int64_t GetScaleUpDomain(uint32_t gpu) const;
    /**
     * \brief Times Compute() ran.
     * \return count
     */
    uint32_t GetComputations() const;

  private:
    std::vector<uint32_t> m_gpuNodes;            //!< GPU ordinal -> node
    std::vector<uint32_t> m_switchNodes;         //!< switch ordinal -> node
    std::vector<uint32_t> m_ordinal;             //!< node -> ordinal in its kind
    std::vector<uint32_t> m_gpuTargetStart;      //!< GPU -> first of its targets in m_gpuTargetList
    std::vector<uint32_t> m_gpuTargetList;       //!< the targets each GPU attaches to, GPU by GPU
    std::vector<int32_t> m_gpuSoleTarget;        //!< GPU -> its only target, -1 if not one
    std::vector<uint32_t> m_targetSwitch;        //!< target -> switch ordinal
    std::vector<int32_t> m_targetOfSwitch;       //!< switch ordinal -> target or -1
    std::vector<int64_t> m_scaleUpDomain;        //!< GPU -> NVSWITCH node or -1
    std::vector<FabricForwardingTable> m_tables; //!< per switch
    uint32_t m_computations{0};                  //!< Compute() calls
};

} // namespace ns3

#endif /* FABRIC_ROUTING_H */
