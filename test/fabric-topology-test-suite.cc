/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The topology description: fat-tree builders give the textbook element counts, ECMP next-hop
// sets and hop counts, a bisection bandwidth equal to the hand computation, routes that move off
// a failed link, and refusals of trees that cannot be built.

#include "ai-fabric-test-util.h"

#include "ns3/fabric-topology.h"
#include "ns3/fat-tree-helper.h"

using namespace ns3;
using ns3::aif_test::ThrowsConfigError;

namespace
{

/// A k = 4 three-tier fat tree against the textbook counts and paths.
class KaryFatTreeTestCase : public TestCase
{
  public:
    KaryFatTreeTestCase()
        : TestCase("k=4 fat tree: counts, diameter, ECMP fan-out and bisection match hand values")
    {
    }

  private:
    void DoRun() override
    {
        FatTreeHelper helper;
        helper.SetTiers(3);
        helper.SetRadix(4);
        const FabricTopology t = helper.BuildDescription();
        const FabricInventory inv = t.Inventory();
        // k^3/4 = 16 endpoints, k^2/2 = 8 leaves and 8 spines, (k/2)^2 = 4 cores.
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("gpu"), 16u, "endpoints");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("leaf"), 8u, "leaves");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("spine"), 8u, "spines");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("core"), 4u, "cores");
        // k^3/4 links per tier.
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("gpu-leaf"), 16u, "host links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("leaf-spine"), 16u, "leaf-spine links");
        NS_TEST_ASSERT_MSG_EQ(inv.linksByTier.at("spine-core"), 16u, "spine-core links");
        // 48 DR8 links: 96 modules of 16 W, 8 fibres per direction each.
        NS_TEST_ASSERT_MSG_EQ(inv.transceiversByPreset.at("DR8"), 96u, "modules");
        NS_TEST_ASSERT_MSG_EQ_TOL(inv.opticsPowerW, 96 * 16.0, 1e-9, "optics power");
        NS_TEST_ASSERT_MSG_EQ(inv.fibres, 48u * 16u, "fibres");
        // gpu - leaf - spine - core - spine - leaf - gpu.
        NS_TEST_ASSERT_MSG_EQ(t.Diameter(), 6u, "diameter");
        // Non-blocking: half the endpoints can send line rate to the other half.
        NS_TEST_ASSERT_MSG_EQ_TOL(t.BisectionBandwidthBps(), 8 * 800e9, 1e3, "bisection");

        // From gpu0 towards gpu15 (another pod): one next hop at the GPU, k/2 = 2 at its leaf
        // and at the spine; at a core, exactly one link leads down into the destination pod.
        const uint32_t dest = 15;
        const auto next = t.NextHopsTo(dest);
        const uint32_t leaf0 = t.GetNodesOfRole(FabricRole::LEAF)[0];
        const uint32_t spine0 = t.GetNodesOfRole(FabricRole::SPINE)[0];
        const uint32_t core0 = t.GetNodesOfRole(FabricRole::CORE)[0];
        NS_TEST_ASSERT_MSG_EQ(next[0].size(), 1u, "gpu uplink");
        NS_TEST_ASSERT_MSG_EQ(next[leaf0].size(), 2u, "leaf ECMP fan-out");
        NS_TEST_ASSERT_MSG_EQ(next[spine0].size(), 2u, "spine ECMP fan-out");
        NS_TEST_ASSERT_MSG_EQ(next[core0].size(), 1u, "core down link");
        NS_TEST_ASSERT_MSG_EQ(next[dest].size(), 0u, "destination");
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(dest)[0], 6u, "hops across pods");
        NS_TEST_ASSERT_MSG_EQ(t.HopsTo(1)[0], 2u, "hops under one leaf");
    }
};

/// A failed link leaves the next-hop sets; traffic still reaches every destination.
class RerouteTestCase : public TestCase
{
  public:
    RerouteTestCase()
        : TestCase("after a leaf-spine link fails, routes avoid it and every endpoint is reachable")
    {
    }

  private:
    void DoRun() override
    {
        FatTreeHelper helper;
        helper.SetTiers(3);
        helper.SetRadix(4);
        FabricTopology t = helper.BuildDescription();
        const uint32_t leaf0 = t.GetNodesOfRole(FabricRole::LEAF)[0];
        const auto before = t.NextHopsTo(15)[leaf0];
        NS_TEST_ASSERT_MSG_EQ(before.size(), 2u, "two uplinks before");
        const uint32_t failed = before[0];
        t.SetLinkUp(failed, false);
        const auto after = t.NextHopsTo(15)[leaf0];
        NS_TEST_ASSERT_MSG_EQ(after.size(), 1u, "one uplink left");
        NS_TEST_ASSERT_MSG_NE(after[0], failed, "the failed link is not a next hop");
        for (uint32_t gpu : t.GetNodesOfRole(FabricRole::GPU))
        {
            for (const auto& hops : {t.HopsTo(gpu)})
            {
                for (uint32_t other : t.GetNodesOfRole(FabricRole::GPU))
                {
                    NS_TEST_ASSERT_MSG_LT(hops[other], 100u, "reachable");
                }
            }
        }
        // Half the bisection through leaf0's pod side is now gone for leaf0 only: max flow drops
        // by exactly one link's rate.
        NS_TEST_ASSERT_MSG_EQ_TOL(t.BisectionBandwidthBps(), 7 * 800e9, 1e3, "bisection drop");
    }
};

/// Two tiers with oversubscription; bad parameters refused.
class LeafSpineTestCase : public TestCase
{
  public:
    LeafSpineTestCase()
        : TestCase("2-tier leaf-spine with 3:1 oversubscription; impossible trees are refused")
    {
    }

  private:
    void DoRun() override
    {
        FatTreeHelper helper;
        helper.SetTiers(2);
        helper.SetRadix(8);
        helper.SetLeaves(4);
        helper.SetOversubscription(3.0);
        const FabricTopology t = helper.BuildDescription();
        // Radix 8 at 3:1: 6 hosts and 2 uplinks per leaf; 2 spines.
        const FabricInventory inv = t.Inventory();
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("gpu"), 24u, "hosts");
        NS_TEST_ASSERT_MSG_EQ(inv.nodesByRole.at("spine"), 2u, "spines");
        NS_TEST_ASSERT_MSG_EQ(t.Diameter(), 4u, "gpu-leaf-spine-leaf-gpu");
        // First 12 hosts (leaves 0-1) to the last 12 (leaves 2-3): limited by 2 leaves x 2
        // uplinks = 4 x 800G.
        NS_TEST_ASSERT_MSG_EQ_TOL(t.BisectionBandwidthBps(), 4 * 800e9, 1e3, "bisection");

        FatTreeHelper bad;
        bad.SetTiers(2);
        bad.SetRadix(8);
        bad.SetOversubscription(2.0);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { bad.BuildDescription(); }, {"radix 8", "2:1"}),
            true,
            "8 ports do not split 2:1");
        FatTreeHelper odd;
        odd.SetTiers(3);
        odd.SetRadix(5);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { odd.BuildDescription(); }, {"even radix", "5"}),
            true,
            "odd k refused");
        FatTreeHelper asic;
        asic.SetTiers(3);
        asic.SetRadix(8);
        asic.SetAsicCapacity(3.2e12); // 8 x 800G = 6.4 Tb/s of ports
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { asic.BuildDescription(); }, {"6.4 Tb/s", "3.2 Tb/s ASIC"}),
            true,
            "ASIC capacity");
        FatTreeHelper far;
        far.SetTiers(3);
        far.SetRadix(4);
        far.SetTierLink("spine-core", "DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 800.0);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { far.BuildDescription(); }, {"800 m exceeds the 500 m reach"}),
            true,
            "reach per tier");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError(
                [&]() {
                    far.SetTierLink("leaf-core", "DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 1);
                },
                {"unknown fat-tree tier 'leaf-core'"}),
            true,
            "unknown tier");
    }
};

/// A switch given more ports than its radix is refused.
class RadixTestCase : public TestCase
{
  public:
    RadixTestCase()
        : TestCase("a 51.2 Tbps switch takes 64 x 800G, not 65")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t ports : {64u, 65u})
        {
            FabricTopology t;
            const uint32_t sw = t.AddNode(FabricRole::LEAF, "leaf0", 64, 51.2e12);
            for (uint32_t i = 0; i < ports; ++i)
            {
                const uint32_t g = t.AddNode(FabricRole::GPU, "gpu" + std::to_string(i));
                t.AddLink(g, sw, "DR8", PhotonicMedium::SINGLE_MODE_FIBRE, 10.0, "gpu-leaf");
            }
            const bool refused =
                ThrowsConfigError([&]() { t.Validate(); }, {"leaf0 has 65 ports", "radix of 64"});
            NS_TEST_ASSERT_MSG_EQ(refused, (ports == 65), ports << " ports");
        }
    }
};

} // namespace

/// The topology description test suite.
class FabricTopologyTestSuite : public TestSuite
{
  public:
    FabricTopologyTestSuite()
        : TestSuite("ai-fabric-topology", AIF_UNIT)
    {
        AddTestCase(new KaryFatTreeTestCase, AIF_QUICK);
        AddTestCase(new RerouteTestCase, AIF_QUICK);
        AddTestCase(new LeafSpineTestCase, AIF_QUICK);
        AddTestCase(new RadixTestCase, AIF_QUICK);
    }
};

/// The suite's one instance.
static FabricTopologyTestSuite g_fabricTopologyTestSuite;
