/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef EXAMPLE_TOPOLOGY_H
#define EXAMPLE_TOPOLOGY_H

// The topology flags the example programs share: a fat tree or a rail-optimized cluster,
// described from the command line.

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"

#include <map>
#include <sstream>
#include <string>

namespace ns3
{

/// A topology chosen by command-line flags.
struct ExampleTopology
{
    std::string topology = "fat-tree"; //!< fat-tree or rail
    uint32_t tiers = 2;                //!< fat tree: tiers
    uint32_t radix = 16;               //!< fat tree: switch radix
    uint32_t leaves = 4;               //!< fat tree, 2 tiers: leaves
    double oversubscription = 1.0;     //!< fat tree, 2 tiers: down:up ratio
    uint32_t servers = 16;             //!< rail: servers
    uint32_t gpusPerServer = 8;        //!< rail: GPUs per server
    uint32_t rails = 0;                //!< rail: rails (0 = GPUs per server)
    std::string scaleUp = "server";    //!< rail: scale-up domain kind
    std::string generation = "h100";   //!< rail: NVLink generation
    std::string leafSpine;             //!< preset of leaf-spine links (empty: default)
    std::string optics = "pluggable";  //!< rail: scale-out optics packaging

    /**
     * \brief Register the flags.
     * \param cmd the command line
     */
    void AddTo(CommandLine& cmd)
    {
        cmd.AddValue("topology", "fat-tree or rail", topology);
        cmd.AddValue("tiers", "fat tree: 2 or 3 tiers", tiers);
        cmd.AddValue("radix", "fat tree: switch radix (ports)", radix);
        cmd.AddValue("leaves", "fat tree, 2 tiers: number of leaves", leaves);
        cmd.AddValue("oversubscription", "fat tree, 2 tiers: down:up ratio", oversubscription);
        cmd.AddValue("servers", "rail: servers", servers);
        cmd.AddValue("gpusPerServer", "rail: GPUs (and NICs) per server", gpusPerServer);
        cmd.AddValue("rails", "rail: rails (0 = GPUs per server)", rails);
        cmd.AddValue("scaleUp", "rail: scale-up domain per 'server' or per rack 'nvl72'", scaleUp);
        cmd.AddValue("generation", "rail: GPU generation for NVLink (h100, b200)", generation);
        cmd.AddValue("optics",
                     "rail: scale-out optics pluggable (DR4/DR8 modules), lpo (linear "
                     "pluggables) or cpo (co-packaged switch ports)",
                     optics);
        cmd.AddValue("leafSpineOptics",
                     "leaf-spine preset (e.g. DR8, LPO, CPO); empty = default",
                     leafSpine);
    }

    /**
     * \brief Add the flags, by name, to the parameters of a run (results database).
     * \param params the parameters
     */
    void AddParameters(std::map<std::string, std::string>& params) const
    {
        auto text = [](double v) {
            std::ostringstream oss;
            oss << v;
            return oss.str();
        };
        params["topology"] = topology;
        params["tiers"] = std::to_string(tiers);
        params["radix"] = std::to_string(radix);
        params["leaves"] = std::to_string(leaves);
        params["oversubscription"] = text(oversubscription);
        params["servers"] = std::to_string(servers);
        params["gpusPerServer"] = std::to_string(gpusPerServer);
        params["rails"] = std::to_string(rails);
        params["scaleUp"] = scaleUp;
        params["generation"] = generation;
        params["leafSpineOptics"] = leafSpine;
        params["optics"] = optics;
    }

    /**
     * \brief Build the description the flags ask for.
     * \return the description
     * \throw FabricConfigError for a refused configuration or an unknown topology name
     */
    FabricTopology Build() const
    {
        if (topology == "fat-tree")
        {
            FatTreeHelper ft;
            ft.SetTiers(tiers);
            ft.SetRadix(radix);
            ft.SetLeaves(leaves);
            ft.SetOversubscription(oversubscription);
            if (!leafSpine.empty())
            {
                ft.SetTierLink("leaf-spine", leafSpine, PhotonicMedium::SINGLE_MODE_FIBRE, 100.0);
            }
            return ft.BuildDescription();
        }
        if (topology == "rail")
        {
            RailOptimizedClusterHelper rail;
            rail.SetServers(servers);
            rail.SetGpusPerServer(gpusPerServer);
            if (rails > 0)
            {
                rail.SetRails(rails);
            }
            rail.SetScaleUpKind(scaleUp);
            rail.SetScaleUpGeneration(generation);
            rail.SetScaleOutOptics(optics);
            if (!leafSpine.empty())
            {
                rail.SetTierLink("leaf-spine", leafSpine, PhotonicMedium::SINGLE_MODE_FIBRE, 100.0);
            }
            return rail.BuildDescription();
        }
        throw UnknownNameError("topology", topology, {"fat-tree", "rail"});
    }
};

} // namespace ns3

#endif /* EXAMPLE_TOPOLOGY_H */
