/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "rail-optimized-cluster-helper.h"

#include "ns3/fabric-config-error.h"
#include "ns3/optics-catalogue.h"

#include <cmath>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

/// GPUs in one GB200 NVL72 rack (one NVLink domain).
constexpr uint32_t GPUS_PER_NVL72_RACK = 72;

/// The NVLink preset of a scale-up generation.
std::string
NvlinkPreset(const std::string& generation)
{
    return generation == "b200" ? "NVLINK5" : "NVLINK4";
}

/// NVLink rate per GPU and direction of a scale-up generation, bits per second. NVIDIA's
/// 900 GB/s (H100) and 1.8 TB/s (B200) per GPU add both directions.
double
NvlinkRateBps(const std::string& generation)
{
    return generation == "b200" ? 7.2e12 : 3.6e12;
}

} // namespace

void
RailOptimizedClusterHelper::AddNvlinkPresets()
{
    const auto cu = PhotonicMedium::COPPER_TWINAX;
    // clang-format off
    // name, description, lanes, Gb/s/lane, lambdas/fibre, fibres (copper pairs), medium, nm,
    // reach m, power W, static share, module ns, launch dBm, sensitivity dBm, coherent, FEC,
    // copper pre-FEC BER, source
    const TransceiverSpec nvlink4{
        "NVLINK4", "NVLink 4 GPU-NVSwitch, 18 links x 200 Gb/s = 3.6 Tb/s each way (H100), <= 2 m",
        18, 200, 1, 18, cu, 0, 2.0, 0.0, 0.9, 0, 0, 0, false, "none", 0,
        "NVLink 4: 18 links x 50 GB/s = 900 GB/s per GPU, both directions (H100); reach 2 m, "
        "0 W (SerDes power counted in GPU/NVSwitch), no module latency and pre-FEC BER 0: est."};
    const TransceiverSpec nvlink5{
        "NVLINK5", "NVLink 5 GPU-NVSwitch, 18 links x 400 Gb/s = 7.2 Tb/s each way (B200), <= 2 m",
        18, 400, 1, 18, cu, 0, 2.0, 0.0, 0.9, 0, 0, 0, false, "none", 0,
        "NVLink 5: 1.8 TB/s per GPU, both directions (B200), 18 links x 100 GB/s; reach 2 m "
        "(NVL72 rack backplane), 0 W (SerDes power counted in GPU/NVSwitch), no module latency "
        "and pre-FEC BER 0: est."};
    // clang-format on
    for (const TransceiverSpec* spec : {&nvlink4, &nvlink5})
    {
        if (!OpticsCatalogue::Has(spec->name))
        {
            OpticsCatalogue::Add(*spec);
        }
    }
}

RailOptimizedClusterHelper::RailOptimizedClusterHelper()
{
    AddNvlinkPresets();
    m_tierLinks["gpu-leaf"] = {"NIC400-DR4", PhotonicMedium::SINGLE_MODE_FIBRE, 30.0};
    m_tierLinks["leaf-spine"] = {"DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 100.0};
}

void
RailOptimizedClusterHelper::SetServers(uint32_t servers)
{
    if (servers == 0)
    {
        throw FabricConfigError("rail-optimized cluster: servers must be at least 1, got 0");
    }
    m_servers = servers;
}

void
RailOptimizedClusterHelper::SetGpusPerServer(uint32_t gpus)
{
    if (gpus == 0)
    {
        throw FabricConfigError(
            "rail-optimized cluster: GPUs per server must be at least 1, got 0");
    }
    m_gpusPerServer = gpus;
}

void
RailOptimizedClusterHelper::SetRails(uint32_t rails)
{
    m_rails = rails;
}

void
RailOptimizedClusterHelper::SetServersPerSu(uint32_t servers)
{
    if (servers == 0)
    {
        throw FabricConfigError(
            "rail-optimized cluster: servers per scalable unit must be at least 1, got 0");
    }
    m_serversPerSu = servers;
}

void
RailOptimizedClusterHelper::SetSpines(uint32_t spines)
{
    m_spines = spines;
}

void
RailOptimizedClusterHelper::SetScaleUpKind(const std::string& kind)
{
    if (kind != "server" && kind != "nvl72")
    {
        throw UnknownNameError("scale-up kind", kind, {"server", "nvl72"});
    }
    m_scaleUpKind = kind;
}

void
RailOptimizedClusterHelper::SetScaleUpGeneration(const std::string& generation)
{
    if (generation != "h100" && generation != "b200")
    {
        throw UnknownNameError("scale-up generation", generation, {"h100", "b200"});
    }
    m_scaleUpGeneration = generation;
}

void
RailOptimizedClusterHelper::SetTierLink(const std::string& tier,
                                        const std::string& transceiver,
                                        PhotonicMedium medium,
                                        double lengthM,
                                        const std::string& switchTransceiver)
{
    if (tier != "gpu-nvswitch" && tier != "gpu-leaf" && tier != "leaf-spine")
    {
        throw UnknownNameError("rail-optimized tier",
                               tier,
                               {"gpu-nvswitch", "gpu-leaf", "leaf-spine"});
    }
    AddNvlinkPresets();
    OpticsCatalogue::Get(transceiver); // refuse an unknown preset now
    if (!switchTransceiver.empty())
    {
        OpticsCatalogue::Get(switchTransceiver);
    }
    m_tierLinks[tier] = {transceiver, medium, lengthM, switchTransceiver};
}

std::vector<std::string>
RailOptimizedClusterHelper::ScaleOutOpticsNames()
{
    return {"pluggable", "lpo", "cpo"};
}

void
RailOptimizedClusterHelper::SetScaleOutOptics(const std::string& kind)
{
    const auto smf = PhotonicMedium::SINGLE_MODE_FIBRE;
    if (kind == "pluggable")
    {
        SetTierLink("gpu-leaf", "NIC400-DR4", smf, 30.0);
        SetTierLink("leaf-spine", "DR8", smf, 100.0);
    }
    else if (kind == "lpo")
    {
        SetTierLink("gpu-leaf", "LPO-400", smf, 30.0);
        SetTierLink("leaf-spine", "LPO", smf, 100.0);
    }
    else if (kind == "cpo")
    {
        // The co-packaged port is on the switch; the NIC keeps its pluggable module.
        SetTierLink("gpu-leaf", "NIC400-DR4", smf, 30.0, "CPO-400");
        SetTierLink("leaf-spine", "CPO-800", smf, 100.0);
    }
    else
    {
        throw UnknownNameError("scale-out optics", kind, ScaleOutOpticsNames());
    }
}

void
RailOptimizedClusterHelper::SetRadix(uint32_t radix)
{
    m_radix = radix;
}

void
RailOptimizedClusterHelper::SetAsicCapacity(double bps)
{
    if (!(bps >= 0))
    {
        std::ostringstream oss;
        oss << "rail-optimized cluster: ASIC capacity must be >= 0 b/s, got " << bps;
        throw FabricConfigError(oss.str());
    }
    m_asicCapacityBps = bps;
}

FabricTopology
RailOptimizedClusterHelper::BuildDescription() const
{
    AddNvlinkPresets(); // again, in case the catalogue was reset since construction
    const std::string prefix = "rail-optimized cluster: ";

    // --- check every parameter before anything is built ---------------------------------
    const uint32_t gpus = m_gpusPerServer;
    const uint32_t rails = m_rails == 0 ? gpus : m_rails;
    if (rails != gpus)
    {
        std::ostringstream oss;
        oss << prefix << "rails " << rails << " != " << gpus
            << " GPUs per server (one NIC per GPU, NIC i on rail i: rails must equal GPUs per "
               "server)";
        throw FabricConfigError(oss.str());
    }
    if (m_servers >= m_serversPerSu && m_servers % m_serversPerSu != 0)
    {
        std::ostringstream oss;
        oss << prefix << "servers " << m_servers << " do not fill whole scalable units of "
            << m_serversPerSu << " servers per SU";
        throw FabricConfigError(oss.str());
    }
    const std::string generation = !m_scaleUpGeneration.empty() ? m_scaleUpGeneration
                                   : m_scaleUpKind == "nvl72"   ? "b200"
                                                                : "h100";
    const bool nvl72 = m_scaleUpKind == "nvl72";
    uint32_t gpusPerDomain = gpus;
    if (nvl72)
    {
        if (generation != "b200")
        {
            throw FabricConfigError(prefix +
                                    "scale-up kind nvl72 needs scale-up generation b200 "
                                    "(NVLink 5), got " +
                                    generation);
        }
        if (GPUS_PER_NVL72_RACK % gpus != 0)
        {
            std::ostringstream oss;
            oss << prefix << "nvl72: " << gpus << " GPUs per server do not divide the "
                << GPUS_PER_NVL72_RACK << " GPUs of a rack";
            throw FabricConfigError(oss.str());
        }
        const uint32_t serversPerRack = GPUS_PER_NVL72_RACK / gpus;
        if (m_servers % serversPerRack != 0)
        {
            std::ostringstream oss;
            oss << prefix << "nvl72: servers " << m_servers << " do not fill whole racks of "
                << serversPerRack << " servers (" << GPUS_PER_NVL72_RACK << " GPUs / " << gpus
                << " GPUs per server)";
            throw FabricConfigError(oss.str());
        }
        gpusPerDomain = GPUS_PER_NVL72_RACK;
    }

    std::map<std::string, TierLinkSpec> links = m_tierLinks;
    if (links.count("gpu-nvswitch") == 0)
    {
        links["gpu-nvswitch"] = {NvlinkPreset(generation), PhotonicMedium::COPPER_TWINAX, 1.0};
    }
    const TransceiverSpec nvlink = OpticsCatalogue::Get(links.at("gpu-nvswitch").transceiver);
    const double wantNvlinkBps = NvlinkRateBps(generation);
    if (std::abs(nvlink.DataRateBps() - wantNvlinkBps) > 1e-6 * wantNvlinkBps)
    {
        std::ostringstream oss;
        oss << prefix << "gpu-nvswitch preset '" << nvlink.name << "' carries "
            << nvlink.DataRateBps() / 1e12 << " Tb/s, scale-up generation " << generation
            << " needs " << wantNvlinkBps / 1e12 << " Tb/s per GPU";
        throw FabricConfigError(oss.str());
    }

    const uint32_t serversPerSu = std::min(m_servers, m_serversPerSu);
    const uint32_t sus = m_servers / serversPerSu;
    const double downBps = OpticsCatalogue::Get(links.at("gpu-leaf").transceiver).DataRateBps();
    const double upBps = OpticsCatalogue::Get(links.at("leaf-spine").transceiver).DataRateBps();
    // Non-blocking: a leaf's uplinks (one per spine) carry what its downlinks (one per server
    // of its SU) bring in.
    const auto spines =
        m_spines != 0 ? m_spines
                      : static_cast<uint32_t>(std::ceil(serversPerSu * downBps / upBps - 1e-9));

    // --- build ---------------------------------------------------------------------------
    FabricTopology topo;
    const uint32_t totalGpus = m_servers * gpus;
    for (uint32_t g = 0; g < totalGpus; ++g)
    {
        topo.AddNode(FabricRole::GPU, "gpu" + std::to_string(g));
    }
    const uint32_t domains = totalGpus / gpusPerDomain;
    std::vector<uint32_t> nvswitches;
    for (uint32_t d = 0; d < domains; ++d)
    {
        nvswitches.push_back(topo.AddNode(FabricRole::NVSWITCH, "nvs" + std::to_string(d)));
    }
    std::vector<uint32_t> leaves; // index su * rails + rail
    for (uint32_t su = 0; su < sus; ++su)
    {
        for (uint32_t r = 0; r < rails; ++r)
        {
            leaves.push_back(
                topo.AddNode(FabricRole::LEAF,
                             "leaf-su" + std::to_string(su) + "-rail" + std::to_string(r),
                             m_radix,
                             m_asicCapacityBps));
        }
    }
    std::vector<uint32_t> spineIds;
    for (uint32_t s = 0; s < spines; ++s)
    {
        spineIds.push_back(topo.AddNode(FabricRole::SPINE,
                                        "spine" + std::to_string(s),
                                        m_radix,
                                        m_asicCapacityBps));
    }
    for (uint32_t g = 0; g < totalGpus; ++g)
    {
        topo.AddLink(g, nvswitches[g / gpusPerDomain], "gpu-nvswitch", links.at("gpu-nvswitch"));
    }
    for (uint32_t g = 0; g < totalGpus; ++g)
    {
        const uint32_t server = g / gpus;
        const uint32_t rail = g % gpus;
        topo.AddLink(g,
                     leaves[(server / serversPerSu) * rails + rail],
                     "gpu-leaf",
                     links.at("gpu-leaf"));
    }
    for (uint32_t leaf : leaves)
    {
        for (uint32_t s : spineIds)
        {
            topo.AddLink(leaf, s, "leaf-spine", links.at("leaf-spine"));
        }
    }
    topo.Validate();
    return topo;
}

} // namespace ns3
