/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The rail-optimized cluster builder: element counts, routes through the NVLink domain and the
// rails, bisection bandwidth equal to the hand computation, NVL72 racks on NVLink 5, and refusals
// of clusters that cannot be built.

#include "ai-fabric-test-util.h"

#include "ns3/fabric-network-helper.h"
#include "ns3/fabric-switch.h"
#include "ns3/fabric-topology.h"
#include "ns3/optics-catalogue.h"
#include "ns3/photonic-net-device.h"
#include "ns3/rail-optimized-cluster-helper.h"
#include "ns3/simulator.h"

#include <limits>
#include <map>

using namespace ns3;
using ns3::aif_test::ThrowsConfigError;

namespace
{

/// The peer of a node over a link.
uint32_t
Peer(const FabricTopology& t, uint32_t link, uint32_t node)
{
    return t.GetLinks().at(link).Other(node);
}

/// The default cluster (16 servers x 8 GPUs, server scale-up, H100) against hand counts.
class RailCountsTestCase : public TestCase
{
  public:
    RailCountsTestCase()
        : TestCase(
              "16 servers x 8 GPUs: node, link, transceiver and fibre counts match hand values")
    {
    }

  private:
    void DoRun() override
    {
        RailOptimizedClusterHelper helper;
        helper.SetServers(16);
        helper.SetGpusPerServer(8);
        const FabricTopology t = helper.BuildDescription();
        const FabricInventory inv = t.Inventory();
        // 16 x 8 = 128 GPUs; one NVSwitch per server = 16; 16 servers < 32 per SU: one SU of 8
        // rails = 8 leaves; each leaf has 16 x 400G = 6.4 Tb/s down, so 6.4T / 800G = 8 spines.
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("gpu"), 128u, "GPUs");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("nvswitch"), 16u, "NVSwitches");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("leaf"), 8u, "leaves");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("spine"), 8u, "spines");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodes().size(), 160u, "no other nodes");
        // One NVLink and one NIC link per GPU; 8 leaves x 8 spines.
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("gpu-nvswitch"), 128u, "NVLink links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("gpu-leaf"), 128u, "NIC links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("leaf-spine"), 64u, "leaf-spine links");
        // Two ends per link.
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("NVLINK4"), 256u, "NVLink ends");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("NIC400-DR4"), 256u, "NIC modules");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("DR8"), 128u, "DR8 modules");
        // NVLink is copper: no fibres. NIC400-DR4: 4 fibres per direction = 8 per link, x 128 =
        // 1024; DR8: 8 per direction = 16 per link, x 64 = 1024. Total 2048.
        NS_TEST_ASSERT_MSG_EQ(inv.fibres, 2048u, "fibres");
        // 256 NIC modules x 8 W + 128 DR8 x 16 W + NVLink 0 W = 2048 + 2048 = 4096 W.
        NS_TEST_ASSERT_MSG_EQ_TOL(inv.opticsPowerW, 4096.0, 1e-9, "optics power");

        // Node order and names: GPUs (server-major), NVSwitches, leaves, spines.
        const auto& nodes = t.GetNodes();
        NS_TEST_ASSERT_MSG_EQ(nodes[17].name, "gpu17", "gpu17 = server 2, local 1");
        NS_TEST_ASSERT_MSG_EQ((nodes[128].role == FabricRole::NVSWITCH), true, "NVSwitch first");
        NS_TEST_ASSERT_MSG_EQ(nodes[130].name, "nvs2", "nvs2");
        NS_TEST_ASSERT_MSG_EQ(nodes[147].name, "leaf-su0-rail3", "leaf of rail 3");
        NS_TEST_ASSERT_MSG_EQ(nodes[157].name, "spine5", "spine5");
        // gpu17 (server 2, local 1): NVLink to nvs2, NIC to the rail-1 leaf.
        bool toNvs2 = false;
        bool toRail1 = false;
        for (uint32_t l : t.GetPorts(17))
        {
            toNvs2 = toNvs2 || Peer(t, l, 17) == 130;
            toRail1 = toRail1 || Peer(t, l, 17) == 145;
        }
        NS_TEST_ASSERT_MSG_EQ((toNvs2 && toRail1), true, "gpu17's two links");
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(17).size(), 2u, "a GPU has two ports");
        // Leaf: 16 GPUs + 8 spines = 24 ports; spine: 8 leaves; NVSwitch: 8 GPUs.
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(147).size(), 24u, "leaf ports");
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(157).size(), 8u, "spine ports");
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(130).size(), 8u, "NVSwitch ports");
        // H100 NVLink 4: 900 GB/s per GPU counts both directions: 18 x 200 Gb/s = 3.6 Tb/s each
        // way.
        for (uint32_t l : t.GetPorts(17))
        {
            const TopoLink& link = t.GetLinks()[l];
            if (link.tier == "gpu-nvswitch")
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(link.rateBps, 3.6e12, 1.0, "NVLink 4 rate");
                NS_TEST_ASSERT_MSG_EQ((link.medium == PhotonicMedium::COPPER_TWINAX),
                                      true,
                                      "NVLink is copper");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(link.rateBps, 400e9, 1.0, "NIC rate");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(
            (OpticsCatalogue::Get("NVLINK5").source.find("est.") != std::string::npos),
            true,
            "NVLink preset marks its estimates");
    }
};

/// Shortest paths: NVLink inside a server, the rail leaf across servers, spines across rails.
class RailRoutingTestCase : public TestCase
{
  public:
    RailRoutingTestCase()
        : TestCase(
              "routes: NVLink within a server, the rail leaf on one rail, a spine across rails")
    {
    }

  private:
    void DoRun() override
    {
        RailOptimizedClusterHelper helper;
        const FabricTopology t = helper.BuildDescription();
        const uint32_t nvs0 = t.GetNodesOfRole(FabricRole::NVSWITCH)[0];
        const uint32_t leafRail0 = t.GetNodesOfRole(FabricRole::LEAF)[0];
        constexpr uint32_t unreachable = std::numeric_limits<uint32_t>::max();

        // gpu0 -> gpu1, same server: gpu0 - nvs0 - gpu1 = 2 hops, and the only next hop is the
        // NVLink link (the NICs sit on rails 0 and 1, different leaves: 4 hops that way).
        auto next = t.NextHopsTo(1);
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(1)[0], 2u, "same server: 2 hops");
        NS_TEST_ASSERT_MSG_EQ(next[0].size(), 1u, "one next hop");
        NS_TEST_ASSERT_MSG_EQ(t.GetLinks()[next[0][0]].tier, "gpu-nvswitch", "over NVLink");
        NS_TEST_ASSERT_MSG_EQ(Peer(t, next[0][0], 0), nvs0, "to its NVSwitch");

        // gpu0 -> gpu8 (server 1, local 0), same rail: gpu0 - leaf-su0-rail0 - gpu8 = 2 hops.
        next = t.NextHopsTo(8);
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(8)[0], 2u, "same rail: 2 hops");
        NS_TEST_ASSERT_MSG_EQ(next[0].size(), 1u, "one next hop");
        NS_TEST_ASSERT_MSG_EQ(t.GetLinks()[next[0][0]].tier, "gpu-leaf", "over the NIC");
        NS_TEST_ASSERT_MSG_EQ(Peer(t, next[0][0], 0), leafRail0, "to the rail-0 leaf");

        // gpu0 -> gpu9 (server 1, local 1): gpu - leaf rail 0 - spine - leaf rail 1 - gpu = 4
        // hops, never gpu0 - nvs0 - gpu1 - leaf rail 1 (GPUs do not transit); ECMP over all 8
        // spines at the leaf; nvs0 cannot relay to another server at all.
        const auto hops = t.HopsTo(9);
        next = t.NextHopsTo(9);
        NS_TEST_ASSERT_MSG_EQ(hops[0], 4u, "cross rail, cross server: 4 hops");
        NS_TEST_ASSERT_MSG_EQ(next[0].size(), 1u, "one next hop at the GPU");
        NS_TEST_ASSERT_MSG_EQ(t.GetLinks()[next[0][0]].tier, "gpu-leaf", "over the NIC");
        // Only spines: gpu8 is 2 hops from gpu9 through nvs1 but never relays.
        NS_TEST_ASSERT_MSG_EQ(next[leafRail0].size(), 8u, "leaf ECMP over 8 spines");
        for (uint32_t l : next[leafRail0])
        {
            NS_TEST_ASSERT_MSG_EQ((t.GetNodes()[Peer(t, l, leafRail0)].role == FabricRole::SPINE),
                                  true,
                                  "next hop is a spine");
        }
        NS_TEST_ASSERT_MSG_EQ(hops[nvs0], unreachable, "nvs0 does not reach server 1");

        // Every GPU reaches every other; the longest route is gpu-leaf-spine-leaf-gpu.
        NS_TEST_ASSERT_MSG_EQ(t.Diameter(), 4u, "diameter");

        // Two SUs (64 servers, 32 per SU): gpu0 -> gpu256 (server 32, SU 1, rail 0) goes
        // leaf-su0-rail0 - spine - leaf-su1-rail0: 4 hops, ECMP over 16 spines.
        RailOptimizedClusterHelper two;
        two.SetServers(64);
        const FabricTopology t2 = two.BuildDescription();
        NS_TEST_ASSERT_MSG_EQ(t2.GetNodesOfRole(FabricRole::LEAF).size(), 16u, "2 SUs x 8 rails");
        NS_TEST_ASSERT_MSG_EQ(t2.GetNodes()[t2.GetNodesOfRole(FabricRole::LEAF)[8]].name,
                              "leaf-su1-rail0",
                              "SU-major leaves");
        NS_TEST_ASSERT_MSG_EQ(t2.HopsTo(256)[0], 4u, "same rail, other SU: 4 hops");
        NS_TEST_ASSERT_MSG_EQ(t2.NextHopsTo(256)[t2.GetNodesOfRole(FabricRole::LEAF)[0]].size(),
                              16u,
                              "leaf ECMP over 16 spines");
        NS_TEST_ASSERT_MSG_EQ(t2.Diameter(), 4u, "diameter with two SUs");
    }
};

/// Max-flow bisection against hand computations.
class RailBisectionTestCase : public TestCase
{
  public:
    RailBisectionTestCase()
        : TestCase("bisection bandwidth equals the hand computation (NICs, spines, NVLink)")
    {
    }

  private:
    void DoRun() override
    {
        // 16 servers x 8 GPUs, one SU. First half = GPUs 0-63 = servers 0-7. The NVSwitch of a
        // server joins GPUs of one half only, so NVLink carries nothing across the cut: all that
        // leaves the first half goes through its 64 NICs, 64 x 400G = 25.6 Tb/s. That is reached
        // without spines: each rail leaf has 8 first-half and 8 second-half GPUs, 8 x 400G in,
        // 8 x 400G out.
        RailOptimizedClusterHelper one;
        NS_TEST_ASSERT_MSG_EQ_TOL(one.BuildDescription().BisectionBandwidthBps(),
                                  64 * 400e9,
                                  1e3,
                                  "one SU: the NICs of one half");

        // 64 servers, 2 SUs of 32; first half = SU 0 (256 GPUs). Cut at the NICs: 256 x 400G =
        // 102.4 Tb/s; at SU 0's uplinks: 8 leaves x 16 spines x 800G = 102.4 Tb/s. Non-blocking:
        // 102.4 Tb/s.
        RailOptimizedClusterHelper two;
        two.SetServers(64);
        NS_TEST_ASSERT_MSG_EQ_TOL(two.BuildDescription().BisectionBandwidthBps(),
                                  256 * 400e9,
                                  1e3,
                                  "two SUs, non-blocking");
        // With 4 spines SU 0's uplinks are 8 leaves x 4 x 800G = 25.6 Tb/s (4:1 oversubscribed),
        // and every path out of SU 0 uses one of them.
        two.SetSpines(4);
        NS_TEST_ASSERT_MSG_EQ_TOL(two.BuildDescription().BisectionBandwidthBps(),
                                  8 * 4 * 800e9,
                                  1e3,
                                  "two SUs, 4 spines");

        // One NVL72 rack (9 servers x 8 GPUs, B200): the NVLink domain spans the cut. First half
        // = GPUs 0-35, each with 7.2 Tb/s of NVLink (each way) and a 400G NIC: at most
        // 36 x 7.6 Tb/s = 273.6 Tb/s leaves it. All of it flows: 36 x 7.2T through the NVSwitch to
        // the 36 second-half GPUs, and 36 x 400G over the rails (rails 0-3 have 5 first-half and 4
        // second-half GPUs, rails 4-7 the reverse; the extra 400G per rail crosses a spine:
        // ceil(9 x 400 / 800) = 5 spines, plenty).
        RailOptimizedClusterHelper rack;
        rack.SetServers(9);
        rack.SetScaleUpKind("nvl72");
        NS_TEST_ASSERT_MSG_EQ_TOL(rack.BuildDescription().BisectionBandwidthBps(),
                                  36 * (7.2e12 + 400e9),
                                  1e3,
                                  "NVLink across the cut");
    }
};

/// NVL72 racks with B200 NVLink 5.
class Nvl72TestCase : public TestCase
{
  public:
    Nvl72TestCase()
        : TestCase("nvl72 with b200: 18 servers form 2 racks on 7.2 Tbps per direction NVLink 5")
    {
    }

  private:
    void DoRun() override
    {
        RailOptimizedClusterHelper helper;
        helper.SetServers(18);
        helper.SetGpusPerServer(8);
        helper.SetScaleUpKind("nvl72");
        helper.SetScaleUpGeneration("b200");
        const FabricTopology t = helper.BuildDescription();
        const FabricInventory inv = t.Inventory();
        // 18 x 8 = 144 GPUs = 2 racks of 72 (72 / 8 = 9 servers per rack): 2 NVSwitch nodes;
        // one SU (18 < 32) of 8 leaves with 18 x 400G = 7.2 Tb/s down: ceil(7.2T / 800G) = 9
        // spines.
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("gpu"), 144u, "GPUs");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("nvswitch"), 2u, "one NVSwitch per rack");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("leaf"), 8u, "leaves");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("spine"), 9u, "spines");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("gpu-nvswitch"), 144u, "NVLink links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("gpu-leaf"), 144u, "NIC links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("leaf-spine"), 72u, "8 leaves x 9 spines");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("NVLINK5"), 288u, "NVLink 5 ends");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.count("NVLINK4"), 0u, "no NVLink 4");
        const uint32_t nvs0 = t.GetNodesOfRole(FabricRole::NVSWITCH)[0];
        const uint32_t nvs1 = t.GetNodesOfRole(FabricRole::NVSWITCH)[1];
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(nvs0).size(), 72u, "72 GPUs per rack");
        NS_TEST_ASSERT_MSG_EQ(t.GetPorts(nvs1).size(), 72u, "72 GPUs per rack");
        // B200 NVLink 5: 1.8 TB/s per GPU counts both directions: 18 x 400 Gb/s = 7.2 Tb/s each
        // way.
        for (uint32_t l : t.GetPorts(nvs0))
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(t.GetLinks()[l].rateBps, 7.2e12, 1.0, "NVLink 5 rate");
        }
        // gpu71 (server 7) is in gpu0's rack: 2 hops over NVLink across servers. gpu72 (server
        // 9, rack 1, rail 0): 2 hops over the rail-0 leaf. gpu73 (rack 1, rail 1): 4 hops.
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(71)[0], 2u, "same rack");
        NS_TEST_ASSERT_MSG_EQ(t.GetLinks()[t.NextHopsTo(71)[0].at(0)].tier,
                              "gpu-nvswitch",
                              "same rack over NVLink");
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(72)[0], 2u, "other rack, same rail");
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(73)[0], 4u, "other rack, other rail");

        // The generation follows the kind when unset: nvl72 alone is NVLink 5.
        RailOptimizedClusterHelper byKind;
        byKind.SetServers(9);
        byKind.SetScaleUpKind("nvl72");
        NS_TEST_ASSERT_MSG_EQ(
            byKind.BuildDescription().Inventory().transceiversByPreset.at("NVLINK5"),
            144u,
            "nvl72 defaults to b200");
        // b200 in servers: 8-GPU NVLink 5 domains.
        RailOptimizedClusterHelper hgx;
        hgx.SetScaleUpGeneration("b200");
        NS_TEST_ASSERT_MSG_EQ(hgx.BuildDescription().Inventory().nodesByRole.at("nvswitch"),
                              16u,
                              "b200 servers");
    }
};

/// Clusters that cannot be built are refused, naming the parameter and the value.
class RailRefusalTestCase : public TestCase
{
  public:
    RailRefusalTestCase()
        : TestCase("impossible clusters are refused with the parameter, the value and the limit")
    {
    }

  private:
    void DoRun() override
    {
        {
            RailOptimizedClusterHelper h;
            h.SetGpusPerServer(8);
            h.SetRails(4);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"rails 4", "8 GPUs per server"}),
                                  true,
                                  "rails != GPUs per server");
        }
        {
            RailOptimizedClusterHelper h;
            h.SetServers(20);
            h.SetServersPerSu(16);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"servers 20", "16 servers per SU"}),
                                  true,
                                  "servers do not fill whole SUs");
        }
        {
            // 65 servers in one SU: a leaf has 65 downlinks + ceil(65 x 400 / 800) = 33 spines =
            // 98 ports.
            RailOptimizedClusterHelper h;
            h.SetServers(65);
            h.SetServersPerSu(128);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"leaf-su0-rail0 has 98 ports", "radix of 64"}),
                                  true,
                                  "leaf radix");
        }
        {
            // 9 SUs x 8 rails = 72 leaves, each with one link to spine0: 72 > 64.
            RailOptimizedClusterHelper h;
            h.SetServers(9 * 32);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"spine0 has 72 ports", "radix of 64"}),
                                  true,
                                  "spine radix");
        }
        {
            RailOptimizedClusterHelper h;
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.SetScaleUpKind("nvl36"); },
                                  {"unknown scale-up kind 'nvl36'", "server", "nvl72"}),
                true,
                "unknown scale-up kind");
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.SetScaleUpGeneration("a100"); },
                                  {"unknown scale-up generation 'a100'", "h100", "b200"}),
                true,
                "unknown generation");
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError(
                    [&]() {
                        h.SetTierLink("spine-core", "DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 1);
                    },
                    {"unknown rail-optimized tier 'spine-core'"}),
                true,
                "unknown tier");
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.SetServers(0); }, {"servers", "0"}),
                                  true,
                                  "0 servers");
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.SetGpusPerServer(0); }, {"GPUs per server", "0"}),
                true,
                "0 GPUs per server");
        }
        {
            RailOptimizedClusterHelper h;
            h.SetTierLink("gpu-leaf", "NIC400-DR4", PhotonicMedium::SINGLE_MODE_FIBRE, 600.0);
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.BuildDescription(); },
                                  {"600 m exceeds the 500 m reach of 'NIC400-DR4'"}),
                true,
                "NIC reach");
        }
        {
            // 10 servers of 8 GPUs do not fill racks of 72 / 8 = 9 servers.
            RailOptimizedClusterHelper h;
            h.SetServers(10);
            h.SetScaleUpKind("nvl72");
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.BuildDescription(); }, {"servers 10", "racks of 9"}),
                true,
                "partial rack");
            h.SetServers(9);
            h.SetScaleUpGeneration("h100");
            NS_TEST_ASSERT_MSG_EQ(
                ThrowsConfigError([&]() { h.BuildDescription(); }, {"nvl72", "b200", "h100"}),
                true,
                "NVL72 is NVLink 5");
            h.SetScaleUpGeneration("b200");
            h.SetGpusPerServer(5);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"5 GPUs per server", "72 GPUs of a rack"}),
                                  true,
                                  "servers must divide a rack");
        }
        {
            // An 800G copper cable is not a 3.6 Tb/s NVLink 4 port.
            RailOptimizedClusterHelper h;
            h.SetTierLink("gpu-nvswitch", "DAC", PhotonicMedium::COPPER_TWINAX, 1.0);
            NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { h.BuildDescription(); },
                                                    {"'DAC' carries 0.8 Tb/s", "3.6 Tb/s"}),
                                  true,
                                  "scale-up rate");
        }
    }
};

/// Co-packaged switch ports facing pluggable NIC modules: each end carries its own preset.
class RailCpoSwitchEndTestCase : public TestCase
{
  public:
    RailCpoSwitchEndTestCase()
        : TestCase("CPO switch ends facing pluggable NICs: per-end presets, port kinds, power")
    {
    }

  private:
    void DoRun() override
    {
        RailOptimizedClusterHelper h;
        h.SetServers(2);
        h.SetTierLink("gpu-leaf", "NIC400-DR4", PhotonicMedium::SINGLE_MODE_FIBRE, 30.0, "CPO-400");
        h.SetTierLink("leaf-spine", "CPO-800", PhotonicMedium::SINGLE_MODE_FIBRE, 100.0);
        const FabricTopology topo = h.BuildDescription();
        const FabricInventory inv = topo.Inventory();
        const uint32_t leafSpine = inv.linksByTier.at("leaf-spine");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("NIC400-DR4"), 16u, "one per NIC");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("CPO-400"), 16u, "one per leaf port");
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("CPO-800"), 2 * leafSpine, "both ends");
        // Hand sum of module power: 16 x 8 W + 16 x 2.25 W + 2 x leaf-spine links x 4.5 W plus
        // the NVLink ends (the same as without CPO).
        RailOptimizedClusterHelper plain;
        plain.SetServers(2);
        const FabricInventory base = plain.BuildDescription().Inventory();
        const double nvlinkW = base.opticsPowerW - 16 * 8.0 - 16 * 8.0 -
                               2.0 * base.linksByTier.at("leaf-spine") * 16.0;
        NS_TEST_ASSERT_MSG_EQ_TOL(inv.opticsPowerW,
                                  nvlinkW + 16 * 8.0 + 16 * 2.25 + 2.0 * leafSpine * 4.5,
                                  1e-9,
                                  "module power");

        FabricNetworkHelper netHelper;
        Ptr<FabricNetwork> net = netHelper.Install(topo);
        uint32_t checked = 0;
        for (uint32_t l = 0; l < topo.GetLinks().size(); ++l)
        {
            const TopoLink& link = topo.GetLinks()[l];
            if (link.tier != "gpu-leaf")
            {
                continue;
            }
            const bool aIsGpu = topo.GetNodes()[link.a].role == FabricRole::GPU;
            Ptr<PhotonicNetDevice> gpuEnd = net->GetLinkDevice(l, aIsGpu ? 0 : 1);
            Ptr<PhotonicNetDevice> leafEnd = net->GetLinkDevice(l, aIsGpu ? 1 : 0);
            NS_TEST_ASSERT_MSG_EQ(gpuEnd->GetTransceiverName(), "NIC400-DR4", "NIC end");
            NS_TEST_ASSERT_MSG_EQ(leafEnd->GetTransceiverName(), "CPO-400", "leaf end");
            Ptr<FabricSwitch> leaf = net->GetSwitch(aIsGpu ? link.b : link.a);
            for (uint32_t p = 0; p < leaf->GetNPorts(); ++p)
            {
                if (leaf->GetPort(p) == leafEnd)
                {
                    NS_TEST_ASSERT_MSG_EQ(FabricPortKindName(leaf->GetPortKind(p)),
                                          "cpo",
                                          "a co-packaged switch port");
                    ++checked;
                }
            }
        }
        NS_TEST_ASSERT_MSG_EQ(checked, 16u, "every NIC link's leaf port checked");
        Simulator::Destroy();

        // The packaging choices: module counts per preset for 2 servers x 8 GPUs.
        const std::map<std::string, std::map<std::string, uint32_t>> expected = {
            {"pluggable", {{"NIC400-DR4", 32}, {"DR8", 2 * leafSpine}}},
            {"lpo", {{"LPO-400", 32}, {"LPO", 2 * leafSpine}}},
            {"cpo", {{"NIC400-DR4", 16}, {"CPO-400", 16}, {"CPO-800", 2 * leafSpine}}},
        };
        for (const auto& [kind, counts] : expected)
        {
            RailOptimizedClusterHelper k;
            k.SetServers(2);
            k.SetScaleOutOptics(kind);
            const FabricInventory kinv = k.BuildDescription().Inventory();
            for (const auto& [preset, count] : counts)
            {
                NS_TEST_ASSERT_MSG_EQ(kinv.transceiversByPreset.count(preset)
                                          ? kinv.transceiversByPreset.at(preset)
                                          : 0u,
                                      count,
                                      kind << ": " << preset);
            }
        }
        RailOptimizedClusterHelper unknown;
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { unknown.SetScaleOutOptics("cpx"); },
                              {"unknown scale-out optics 'cpx'", "pluggable", "lpo", "cpo"}),
            true,
            "unknown packaging");

        RailOptimizedClusterHelper wrongRate;
        wrongRate.SetTierLink("gpu-leaf",
                              "NIC400-DR4",
                              PhotonicMedium::SINGLE_MODE_FIBRE,
                              30.0,
                              "CPO-800");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { wrongRate.BuildDescription(); },
                                                {"switch-end preset CPO-800", "does not match"}),
                              true,
                              "a switch end of another rate is refused");
    }
};
} // namespace

/// The rail-optimized cluster test suite.
class RailOptimizedTestSuite : public TestSuite
{
  public:
    RailOptimizedTestSuite()
        : TestSuite("ai-fabric-rail-optimized", AIF_UNIT)
    {
        AddTestCase(new RailCountsTestCase, AIF_QUICK);
        AddTestCase(new RailRoutingTestCase, AIF_QUICK);
        AddTestCase(new RailBisectionTestCase, AIF_QUICK);
        AddTestCase(new Nvl72TestCase, AIF_QUICK);
        AddTestCase(new RailRefusalTestCase, AIF_QUICK);
        AddTestCase(new RailCpoSwitchEndTestCase, AIF_QUICK);
    }
};

/// The suite's one instance.
static RailOptimizedTestSuite g_railOptimizedTestSuite;
