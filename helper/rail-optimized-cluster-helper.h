/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RAIL_OPTIMIZED_CLUSTER_HELPER_H
#define RAIL_OPTIMIZED_CLUSTER_HELPER_H

#include "ns3/fabric-topology.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Builds the description of a rail-optimized GPU cluster with NVLink scale-up domains.
 *
 * Servers hold GPUs, each GPU with one NIC; NIC i of every server goes to rail i, so there are as
 * many rails as GPUs per server. Servers are grouped into scalable units (SUs): each SU has one
 * leaf (rail switch) per rail, and the leaf of rail r in SU u connects to GPU r of every server of
 * SU u. Every leaf has one link to every spine. By default there are just enough spines for a
 * leaf's uplinks to carry its downlinks (non-blocking): spines = ceil(downlinks x NIC rate /
 * leaf-spine rate), e.g. 32 x 400G down need 16 x 800G up, 16 spines.
 *
 * Scale-up: "server" puts one NVSWITCH node in every server, joined to each of its GPUs; "nvl72"
 * puts one NVSWITCH node in every rack of 72 GPUs (GB200 NVL72). The GPU-NVSWITCH link carries
 * the generation's NVLink rate per GPU and direction: "h100" (NVLink 4, 3.6 Tb/s, preset "NVLINK4")
 * or "b200" (NVLink 5, 7.2 Tb/s, preset "NVLINK5"); the helper adds both presets to the
 * OpticsCatalogue when they are absent.
 *
 * Nodes are numbered GPUs first (server-major: gpu = server x GPUs per server + local index),
 * then NVSWITCH nodes, leaves (SU-major, then rail) and spines; names are "gpu17", "nvs2",
 * "leaf-su0-rail3", "spine5". Tiers: "gpu-nvswitch", "gpu-leaf", "leaf-spine". Parameters that
 * cannot form the cluster are refused with a FabricConfigError before anything is built; the
 * built description is validated (radix, ASIC capacity, reach, medium and margin of every link).
 */
class RailOptimizedClusterHelper
{
  public:
    RailOptimizedClusterHelper();

    /**
     * \brief Number of servers (default 16).
     * \param servers at least 1
     * \throws FabricConfigError for 0
     */
    void SetServers(uint32_t servers);

    /**
     * \brief GPUs per server (default 8), each with one NIC.
     * \param gpus at least 1
     * \throws FabricConfigError for 0
     */
    void SetGpusPerServer(uint32_t gpus);

    /**
     * \brief Number of rails. One NIC per GPU and NIC i on rail i, so the rails must equal the
     * GPUs per server (checked when the description is built).
     * \param rails the rails; 0 = as many as GPUs per server (the default)
     */
    void SetRails(uint32_t rails);

    /**
     * \brief Servers per scalable unit (default 32): each SU has one leaf per rail with one
     * downlink per server. The servers must fill whole SUs, unless there are fewer servers than
     * one SU holds, in which case a single SU holds them all.
     * \param servers at least 1
     * \throws FabricConfigError for 0
     */
    void SetServersPerSu(uint32_t servers);

    /**
     * \brief Number of spines, each with one link to every leaf.
     * \param spines the spines; 0 = just enough for a non-blocking leaf (the default):
     * ceil(downlinks x gpu-leaf rate / leaf-spine rate)
     */
    void SetSpines(uint32_t spines);

    /**
     * \brief The scale-up domain.
     * \param kind "server" (one NVSWITCH node per server, the default) or "nvl72" (one NVSWITCH
     * node per rack of 72 GPUs)
     * \throws FabricConfigError for an unknown kind
     */
    void SetScaleUpKind(const std::string& kind);

    /**
     * \brief The NVLink generation: its bandwidth per GPU is the GPU-NVSWITCH link rate.
     * \param generation "h100" (NVLink 4, 900 GB/s both ways = 3.6 Tb/s each way) or "b200" (NVLink
     * 5, 1.8 TB/s = 7.2 Tb/s each way); unset, it is "h100" for "server" and "b200" for "nvl72" (an
     * NVL72 rack is NVLink 5 only) \throws FabricConfigError for an unknown generation
     */
    void SetScaleUpGeneration(const std::string& generation);

    /**
     * \brief Link of one tier.
     * \param tier "gpu-nvswitch", "gpu-leaf" or "leaf-spine"
     * \param transceiver preset name at both ends
     * \param medium cable medium
     * \param lengthM cable length, metres
     * \param switchTransceiver preset at the switch ends when it differs from the GPU end
     *        (e.g. "CPO-400" on a leaf facing a "NIC400-DR4" NIC module); "" = the same preset
     * \throws FabricConfigError for an unknown tier or preset
     */
    void SetTierLink(const std::string& tier,
                     const std::string& transceiver,
                     PhotonicMedium medium,
                     double lengthM,
                     const std::string& switchTransceiver = "");

    /**
     * \brief Choose the scale-out optics by packaging, keeping 400G NICs and 800G leaf-spine
     * links: "pluggable" (NIC400-DR4 at both ends of GPU links, DR8 leaf-spine), "lpo"
     * (LPO-400 and LPO) or "cpo" (co-packaged switch ports: CPO-400 on the leaf facing a
     * pluggable NIC400-DR4, CPO-800 leaf-spine). Lengths stay 30 m and 100 m.
     * \param kind "pluggable", "lpo" or "cpo"
     * \throws UnknownNameError for another name
     */
    void SetScaleOutOptics(const std::string& kind);

    /**
     * \brief The names SetScaleOutOptics accepts.
     * \return the names
     */
    static std::vector<std::string> ScaleOutOpticsNames();

    /**
     * \brief Radix (ports) of leaves and spines (default 64), checked when the description is
     * validated.
     * \param radix ports; 0 = not checked
     */
    void SetRadix(uint32_t radix);

    /**
     * \brief ASIC capacity of leaves and spines (default 51.2 Tb/s), checked against the ports
     * attached to each switch.
     * \param bps bits per second (0: not checked)
     */
    void SetAsicCapacity(double bps);

    /**
     * \brief Build and validate the description.
     * \return the topology (GPUs first, then NVSWITCH nodes, leaves, spines)
     * \throws FabricConfigError for parameters that cannot form the cluster
     */
    FabricTopology BuildDescription() const;

    /**
     * \brief Add the NVLink presets "NVLINK4" and "NVLINK5" to the OpticsCatalogue unless
     * presets of those names exist already (a user's own definition is kept).
     */
    static void AddNvlinkPresets();

  private:
    uint32_t m_servers{16};                          //!< servers
    uint32_t m_gpusPerServer{8};                     //!< GPUs (and NICs) per server
    uint32_t m_rails{0};                             //!< rails; 0 = GPUs per server
    uint32_t m_serversPerSu{32};                     //!< servers per scalable unit
    uint32_t m_spines{0};                            //!< spines; 0 = non-blocking count
    std::string m_scaleUpKind{"server"};             //!< "server" or "nvl72"
    std::string m_scaleUpGeneration;                 //!< "h100", "b200"; empty = by kind
    uint32_t m_radix{64};                            //!< leaf and spine ports
    double m_asicCapacityBps{51.2e12};               //!< per leaf and spine
    std::map<std::string, TierLinkSpec> m_tierLinks; //!< tiers set (gpu-nvswitch only when set)
};

} // namespace ns3

#endif /* RAIL_OPTIMIZED_CLUSTER_HELPER_H */
