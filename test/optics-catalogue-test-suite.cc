/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The optics catalogue and media: every required preset exists and is self-consistent, the
// efficiency figures agree with the published numbers they come from, and users can add and
// override presets; unknown names are refused with the list of valid ones.

#include "ai-fabric-test-util.h"

#include "ns3/optics-catalogue.h"
#include "ns3/photonic-medium.h"

#include <string>

using namespace ns3;
using ns3::aif_test::ThrowsConfigError;

namespace
{

/// The presets the catalogue must hold, with their line rate in Gb/s.
class RequiredPresetsTestCase : public TestCase
{
  public:
    RequiredPresetsTestCase()
        : TestCase("required presets exist with consistent rate, power and energy per bit")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, double>> required = {{"DAC", 800},
                                                                      {"LACC", 800},
                                                                      {"AEC", 800},
                                                                      {"SR8", 800},
                                                                      {"DR8", 800},
                                                                      {"2xFR4", 800},
                                                                      {"2xLR4", 800},
                                                                      {"LPO", 800},
                                                                      {"DR8-1.6T", 1600},
                                                                      {"CPO", 1600},
                                                                      {"400ZR", 400},
                                                                      {"800ZR", 800},
                                                                      {"NIC400-DR4", 400}};
        for (const auto& [name, gbps] : required)
        {
            NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Has(name), true, "missing preset " << name);
            const TransceiverSpec s = OpticsCatalogue::Get(name);
            NS_TEST_ASSERT_MSG_EQ_TOL(s.DataRateBps(), gbps * 1e9, 1.0, name << " line rate");
            // Static power plus dynamic energy at line rate gives the full-load power.
            NS_TEST_ASSERT_MSG_EQ_TOL(s.StaticPowerW() + s.DynamicEnergyPerBitJ() * s.DataRateBps(),
                                      s.powerW,
                                      1e-9,
                                      name << " power split");
            NS_TEST_ASSERT_MSG_EQ(s.source.empty(), false, name << " has no source");
            s.Validate();
        }
        // Case-insensitive lookup.
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("dr8").name, "DR8", "case-insensitive");
    }
};

/// Efficiency figures against the published numbers in the physical-layer reference.
class PublishedEfficiencyTestCase : public TestCase
{
  public:
    PublishedEfficiencyTestCase()
        : TestCase("energy per bit of presets matches the published figures")
    {
    }

  private:
    void DoRun() override
    {
        // DR8: 16 W typical at 800G = 20 pJ/bit (NVIDIA MMS4X00-NM; ~20 pJ/bit).
        NS_TEST_ASSERT_MSG_EQ_TOL(OpticsCatalogue::Get("DR8").EnergyPerBitPj(), 20.0, 0.5, "DR8");
        // CPO: ~9 W per 1.6T port = 5.6 pJ/bit (derived from the NVIDIA claim).
        NS_TEST_ASSERT_MSG_EQ_TOL(OpticsCatalogue::Get("CPO").EnergyPerBitPj(), 5.6, 0.1, "CPO");
        // LPO: 8-9 W at 800G = 10-11 pJ/bit.
        const double lpo = OpticsCatalogue::Get("LPO").EnergyPerBitPj();
        NS_TEST_ASSERT_MSG_EQ((lpo >= 10.0 && lpo <= 11.3), true, "LPO " << lpo);
        // 400ZR: ~15 W at 400G = ~37 pJ/bit.
        NS_TEST_ASSERT_MSG_EQ_TOL(OpticsCatalogue::Get("400ZR").EnergyPerBitPj(), 37.5, 1.0, "ZR");
        // CPO draws 3.5x less than the 1.6T pluggable class (claim: 3.5x).
        const double ratio =
            OpticsCatalogue::Get("DR8-1.6T").powerW / OpticsCatalogue::Get("CPO").powerW;
        NS_TEST_ASSERT_MSG_EQ((ratio > 2.5 && ratio < 3.6), true, "pluggable/CPO power " << ratio);
        // Reaches: DAC 3 m at 100G/lane, SR8 50 m, DR8 500 m, FR4 2 km, LR4 10 km.
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("DAC").reachM, 3.0, "DAC reach");
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("SR8").reachM, 50.0, "SR8 reach");
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("DR8").reachM, 500.0, "DR8 reach");
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("2xFR4").reachM, 2000.0, "FR4 reach");
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("2xLR4").reachM, 10000.0, "LR4 reach");
    }
};

/// Users add and override presets; bad ones and unknown names are refused.
class UserPresetTestCase : public TestCase
{
  public:
    UserPresetTestCase()
        : TestCase("user presets are added, override built-ins, and bad ones are refused")
    {
    }

  private:
    void DoRun() override
    {
        TransceiverSpec mine = OpticsCatalogue::Get("DR8");
        mine.name = "MY-DR8";
        mine.powerW = 12.0;
        OpticsCatalogue::Add(mine);
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("my-dr8").powerW, 12.0, "added preset");

        TransceiverSpec override = OpticsCatalogue::Get("DR8");
        override.powerW = 14.0;
        OpticsCatalogue::Add(override);
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("DR8").powerW, 14.0, "overridden preset");

        OpticsCatalogue::Reset();
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Get("DR8").powerW, 16.0, "reset restores");
        NS_TEST_ASSERT_MSG_EQ(OpticsCatalogue::Has("MY-DR8"), false, "reset drops additions");

        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([]() { OpticsCatalogue::Get("DR9"); },
                                                {"unknown transceiver preset 'DR9'", "DR8"}),
                              true,
                              "unknown preset names the valid ones");
        TransceiverSpec bad = OpticsCatalogue::Get("DR8");
        bad.name = "BAD";
        bad.lanes = 0;
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { OpticsCatalogue::Add(bad); }, {"'BAD'", "lanes"}),
            true,
            "zero lanes refused");
        bad = OpticsCatalogue::Get("DR8");
        bad.name = "BAD";
        bad.fec = "XYZ";
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { OpticsCatalogue::Add(bad); }, {"unknown FEC 'XYZ'"}),
            true,
            "unknown FEC refused");
    }
};

/// Media: names, delays and attenuation from their sources.
class MediumTestCase : public TestCase
{
  public:
    MediumTestCase()
        : TestCase("media: propagation delay and attenuation per medium")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(PhotonicMediumDelayNsPerMetre(PhotonicMedium::SINGLE_MODE_FIBRE),
                              4.90,
                              "SMF 4.90 ns/m");
        NS_TEST_ASSERT_MSG_EQ(PhotonicMediumDelayNsPerMetre(PhotonicMedium::COPPER_TWINAX),
                              4.76,
                              "twinax 4.76 ns/m");
        NS_TEST_ASSERT_MSG_EQ(PhotonicMediumDelayNsPerMetre(PhotonicMedium::HOLLOW_CORE_FIBRE),
                              3.40,
                              "hollow core 3.40 ns/m");
        NS_TEST_ASSERT_MSG_EQ(
            PhotonicMediumAttenuationDbPerKm(PhotonicMedium::SINGLE_MODE_FIBRE, 1310),
            0.35,
            "G.652.D O-band");
        NS_TEST_ASSERT_MSG_EQ(
            PhotonicMediumAttenuationDbPerKm(PhotonicMedium::SINGLE_MODE_FIBRE, 1550),
            0.20,
            "G.652.D C-band");
        for (const auto& name : PhotonicMediumNames())
        {
            NS_TEST_ASSERT_MSG_EQ(PhotonicMediumName(PhotonicMediumFromName(name)),
                                  name,
                                  "name round trip");
        }
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([]() { PhotonicMediumFromName("glass"); },
                                                {"unknown medium 'glass'", "smf"}),
                              true,
                              "unknown medium refused");
    }
};

} // namespace

/// The optics catalogue test suite.
class OpticsCatalogueTestSuite : public TestSuite
{
  public:
    OpticsCatalogueTestSuite()
        : TestSuite("ai-fabric-optics", AIF_UNIT)
    {
        AddTestCase(new RequiredPresetsTestCase, AIF_QUICK);
        AddTestCase(new PublishedEfficiencyTestCase, AIF_QUICK);
        AddTestCase(new UserPresetTestCase, AIF_QUICK);
        AddTestCase(new MediumTestCase, AIF_QUICK);
    }
};

/// The suite's one instance.
static OpticsCatalogueTestSuite g_opticsCatalogueTestSuite;
