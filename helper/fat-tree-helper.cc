/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fat-tree-helper.h"

#include "ns3/fabric-config-error.h"
#include "ns3/optics-catalogue.h"

#include <cmath>
#include <sstream>

namespace ns3
{

FatTreeHelper::FatTreeHelper()
{
    m_tierLinks["gpu-leaf"] = {"DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 20.0};
    m_tierLinks["leaf-spine"] = {"DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 100.0};
    m_tierLinks["spine-core"] = {"DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 300.0};
}

void
FatTreeHelper::SetTiers(uint32_t tiers)
{
    if (tiers != 2 && tiers != 3)
    {
        throw FabricConfigError("fat tree: tiers must be 2 or 3, got " + std::to_string(tiers));
    }
    m_tiers = tiers;
}

void
FatTreeHelper::SetRadix(uint32_t radix)
{
    m_radix = radix;
}

void
FatTreeHelper::SetLeaves(uint32_t leaves)
{
    m_leaves = leaves;
}

void
FatTreeHelper::SetOversubscription(double ratio)
{
    if (!(ratio >= 1.0))
    {
        std::ostringstream oss;
        oss << "fat tree: oversubscription must be >= 1, got " << ratio;
        throw FabricConfigError(oss.str());
    }
    m_oversubscription = ratio;
}

void
FatTreeHelper::SetTierLink(const std::string& tier,
                           const std::string& transceiver,
                           PhotonicMedium medium,
                           double lengthM)
{
    if (m_tierLinks.count(tier) == 0)
    {
        throw UnknownNameError("fat-tree tier", tier, {"gpu-leaf", "leaf-spine", "spine-core"});
    }
    OpticsCatalogue::Get(transceiver); // refuse an unknown preset now
    m_tierLinks[tier] = {transceiver, medium, lengthM};
}

void
FatTreeHelper::SetAsicCapacity(double bps)
{
    if (!(bps >= 0))
    {
        std::ostringstream oss;
        oss << "fat tree: ASIC capacity must be >= 0 b/s, got " << bps;
        throw FabricConfigError(oss.str());
    }
    m_asicCapacityBps = bps;
}

FabricTopology
FatTreeHelper::BuildDescription() const
{
    FabricTopology topo;
    const uint32_t k = m_radix;
    if (m_tiers == 2)
    {
        // Leaf ports split down:up = o:1.
        const double down = k * m_oversubscription / (1.0 + m_oversubscription);
        const double up = k / (1.0 + m_oversubscription);
        if (std::abs(down - std::round(down)) > 1e-9 || std::abs(up - std::round(up)) > 1e-9 ||
            up < 1)
        {
            std::ostringstream oss;
            oss << "fat tree: radix " << k << " does not split into whole down:up ports at "
                << m_oversubscription << ":1";
            throw FabricConfigError(oss.str());
        }
        const auto hostsPerLeaf = static_cast<uint32_t>(std::lround(down));
        const auto spines = static_cast<uint32_t>(std::lround(up));
        if (m_leaves == 0 || m_leaves > k)
        {
            std::ostringstream oss;
            oss << "fat tree: " << m_leaves << " leaves need spines of radix " << m_leaves
                << ", more than " << k << " (or none)";
            throw FabricConfigError(oss.str());
        }
        for (uint32_t i = 0; i < m_leaves * hostsPerLeaf; ++i)
        {
            topo.AddNode(FabricRole::GPU, "gpu" + std::to_string(i));
        }
        std::vector<uint32_t> leaves;
        std::vector<uint32_t> spineIds;
        for (uint32_t l = 0; l < m_leaves; ++l)
        {
            leaves.push_back(
                topo.AddNode(FabricRole::LEAF, "leaf" + std::to_string(l), k, m_asicCapacityBps));
        }
        for (uint32_t s = 0; s < spines; ++s)
        {
            spineIds.push_back(
                topo.AddNode(FabricRole::SPINE, "spine" + std::to_string(s), k, m_asicCapacityBps));
        }
        for (uint32_t l = 0; l < m_leaves; ++l)
        {
            for (uint32_t h = 0; h < hostsPerLeaf; ++h)
            {
                topo.AddLink(l * hostsPerLeaf + h,
                             leaves[l],
                             "gpu-leaf",
                             m_tierLinks.at("gpu-leaf"));
            }
            for (uint32_t s : spineIds)
            {
                topo.AddLink(leaves[l], s, "leaf-spine", m_tierLinks.at("leaf-spine"));
            }
        }
    }
    else
    {
        if (k < 2 || k % 2 != 0)
        {
            throw FabricConfigError("fat tree: a 3-tier k-ary fat tree needs an even radix, got " +
                                    std::to_string(k));
        }
        if (m_oversubscription != 1.0)
        {
            throw FabricConfigError("fat tree: the 3-tier k-ary fat tree is non-blocking; "
                                    "oversubscription must be 1");
        }
        const uint32_t half = k / 2;
        for (uint32_t i = 0; i < k * half * half; ++i)
        {
            topo.AddNode(FabricRole::GPU, "gpu" + std::to_string(i));
        }
        std::vector<uint32_t> leaves;
        std::vector<uint32_t> spines;
        std::vector<uint32_t> cores;
        for (uint32_t i = 0; i < k * half; ++i)
        {
            leaves.push_back(
                topo.AddNode(FabricRole::LEAF, "leaf" + std::to_string(i), k, m_asicCapacityBps));
        }
        for (uint32_t i = 0; i < k * half; ++i)
        {
            spines.push_back(
                topo.AddNode(FabricRole::SPINE, "spine" + std::to_string(i), k, m_asicCapacityBps));
        }
        for (uint32_t i = 0; i < half * half; ++i)
        {
            cores.push_back(
                topo.AddNode(FabricRole::CORE, "core" + std::to_string(i), k, m_asicCapacityBps));
        }
        for (uint32_t pod = 0; pod < k; ++pod)
        {
            for (uint32_t e = 0; e < half; ++e)
            {
                const uint32_t leaf = leaves[pod * half + e];
                for (uint32_t h = 0; h < half; ++h)
                {
                    topo.AddLink((pod * half + e) * half + h,
                                 leaf,
                                 "gpu-leaf",
                                 m_tierLinks.at("gpu-leaf"));
                }
                for (uint32_t a = 0; a < half; ++a)
                {
                    topo.AddLink(leaf,
                                 spines[pod * half + a],
                                 "leaf-spine",
                                 m_tierLinks.at("leaf-spine"));
                }
            }
            // Spine a of every pod connects to cores a*half .. a*half + half - 1.
            for (uint32_t a = 0; a < half; ++a)
            {
                for (uint32_t c = 0; c < half; ++c)
                {
                    topo.AddLink(spines[pod * half + a],
                                 cores[a * half + c],
                                 "spine-core",
                                 m_tierLinks.at("spine-core"));
                }
            }
        }
    }
    topo.Validate();
    return topo;
}

} // namespace ns3
