/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_LAYOUT_H
#define COLLECTIVE_LAYOUT_H

#include <cstdint>
#include <vector>

namespace ns3
{

class FabricNetwork;

/**
 * \ingroup ai-fabric
 * \brief Where the ranks of a communicator sit: their GPUs, scale-up domains and NIC leaves.
 *
 * Rank r is GPU GetGpu(r). A GPU's scale-up domain is the NVSWITCH node it links to (-1 for
 * none); its leaf is the switch its NIC links to (-1 for none). The ranks of a domain, in rank
 * order, form a group; a rank's local index is its position in its group (in a rail-optimized
 * cluster with all GPUs taking part, the GPU's rail).
 */
class CollectiveLayout
{
  public:
    CollectiveLayout() = default;

    /**
     * \brief A layout given directly (for tests and planners).
     * \param gpus GPU ordinal of each rank
     * \param domains scale-up domain of each rank (-1 for none)
     * \param leaves NIC leaf of each rank (-1 for none)
     * \throw FabricConfigError when a GPU appears twice or the vectors differ in length
     */
    CollectiveLayout(std::vector<uint32_t> gpus,
                     std::vector<int64_t> domains,
                     std::vector<int64_t> leaves);

    /**
     * \brief The layout of some GPUs of a fabric.
     * \param network the fabric
     * \param gpus GPU ordinal of each rank; empty for all GPUs in order
     * \return the layout
     * \throw FabricConfigError for a GPU the fabric does not have, or one given twice
     */
    static CollectiveLayout FromNetwork(const FabricNetwork& network,
                                        const std::vector<uint32_t>& gpus);

    /**
     * \brief Number of ranks.
     * \return n
     */
    uint32_t GetRanks() const;

    /**
     * \brief GPU of a rank.
     * \param rank the rank
     * \return its GPU ordinal
     */
    uint32_t GetGpu(uint32_t rank) const;

    /**
     * \brief GPUs of all ranks.
     * \return by rank
     */
    const std::vector<uint32_t>& GetGpus() const;

    /**
     * \brief Scale-up domain of a rank.
     * \param rank the rank
     * \return its NVSWITCH node, -1 for none
     */
    int64_t GetDomain(uint32_t rank) const;

    /**
     * \brief Whether every rank is in a scale-up domain.
     * \return true if so
     */
    bool AllInDomains() const;

    /**
     * \brief The ranks grouped by scale-up domain (domains in order of their first rank), each
     * group in rank order; ranks without a domain are left out.
     * \return the groups
     */
    const std::vector<std::vector<uint32_t>>& GetDomainGroups() const;

    /**
     * \brief Whether all groups have the same number of ranks.
     * \return true if so (and there is at least one group)
     */
    bool EqualGroups() const;

    /**
     * \brief Index of a rank's group in GetDomainGroups().
     * \param rank the rank
     * \return the group, -1 without domain
     */
    int64_t GetGroup(uint32_t rank) const;

    /**
     * \brief Position of a rank in its group.
     * \param rank the rank
     * \return the local index (0 without domain)
     */
    uint32_t GetLocalIndex(uint32_t rank) const;

    /**
     * \brief The NIC leaf of a rank.
     * \param rank the rank
     * \return the switch node its NIC links to, -1 for none
     */
    int64_t GetLeaf(uint32_t rank) const;

    /**
     * \brief The rank of src's scale-up domain whose NIC shares dst's leaf: the relay that
     * carries src's data for dst onto dst's rail (NCCL's PXN).
     * \param src sending rank
     * \param dst receiving rank
     * \return the relay (possibly src itself), -1 if the domain has no rank on that leaf
     */
    int64_t FindRelay(uint32_t src, uint32_t dst) const;

  private:
    std::vector<uint32_t> m_gpus;                //!< by rank
    std::vector<int64_t> m_domains;              //!< by rank
    std::vector<int64_t> m_leaves;               //!< by rank
    std::vector<std::vector<uint32_t>> m_groups; //!< ranks by domain
    std::vector<int64_t> m_groupOf;              //!< by rank
    std::vector<uint32_t> m_localIndex;          //!< by rank
};

} // namespace ns3

#endif /* COLLECTIVE_LAYOUT_H */
