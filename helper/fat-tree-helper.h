/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FAT_TREE_HELPER_H
#define FAT_TREE_HELPER_H

#include "ns3/fabric-topology.h"

#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Builds the description of a 2-tier leaf-spine or 3-tier k-ary fat tree.
 *
 * 2 tiers: leaves of radix k split their ports down:up by the oversubscription ratio; every leaf
 * has one link to each spine, so there are as many spines as leaf uplinks. 3 tiers: the k-ary fat
 * tree of k pods, each of k/2 leaves and k/2 spines, with (k/2)^2 cores and k^3/4 endpoints
 * (non-blocking). Link presets, media and lengths are set per tier ("gpu-leaf", "leaf-spine",
 * "spine-core"). Parameters that cannot form the tree are refused with a FabricConfigError.
 */
class FatTreeHelper
{
  public:
    FatTreeHelper();

    /**
     * \brief Number of switching tiers.
     * \param tiers 2 or 3
     */
    void SetTiers(uint32_t tiers);

    /**
     * \brief Switch radix k (ports per switch).
     * \param radix ports
     */
    void SetRadix(uint32_t radix);

    /**
     * \brief Number of leaves of a 2-tier tree.
     * \param leaves count
     */
    void SetLeaves(uint32_t leaves);

    /**
     * \brief Leaf down:up port ratio of a 2-tier tree (1 = non-blocking).
     * \param ratio the ratio
     */
    void SetOversubscription(double ratio);

    /**
     * \brief Link of one tier.
     * \param tier "gpu-leaf", "leaf-spine" or "spine-core"
     * \param transceiver preset name at both ends
     * \param medium cable medium
     * \param lengthM cable length, metres
     */
    void SetTierLink(const std::string& tier,
                     const std::string& transceiver,
                     PhotonicMedium medium,
                     double lengthM);

    /**
     * \brief Switch ASIC capacity, checked against the ports attached to each switch.
     * \param bps bits per second (0: not checked)
     */
    void SetAsicCapacity(double bps);

    /**
     * \brief Build and validate the description.
     * \return the topology (endpoints first, then leaves, spines, cores)
     * \throws FabricConfigError for parameters that cannot form the tree
     */
    FabricTopology BuildDescription() const;

  private:
    uint32_t m_tiers{2};                             //!< 2 or 3
    uint32_t m_radix{64};                            //!< ports per switch
    uint32_t m_leaves{4};                            //!< 2-tier leaves
    double m_oversubscription{1.0};                  //!< 2-tier down:up
    double m_asicCapacityBps{51.2e12};               //!< per switch
    std::map<std::string, TierLinkSpec> m_tierLinks; //!< per tier
};

} // namespace ns3

#endif /* FAT_TREE_HELPER_H */
