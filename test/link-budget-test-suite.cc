/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Link budget, BER and FEC: margins against hand arithmetic, the KP4 post-FEC codeword error
// against an independent binomial computation, and refusal of links that cannot work (beyond
// reach, copper too long for its lane rate, wrong medium, negative margin, mismatched rates).

#include "ai-fabric-test-util.h"

#include "ns3/double.h"
#include "ns3/fec-model.h"
#include "ns3/link-budget.h"
#include "ns3/node-container.h"
#include "ns3/optics-catalogue.h"
#include "ns3/photonic-link-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>

using namespace ns3;
using ns3::aif_test::ThrowsConfigError;

namespace
{

/**
 * P(X > t) for X ~ Binomial(n, p), by the pmf recurrence from i = 0 (a different method from the
 * model's log-gamma upper-tail sum).
 */
double
BinomialUpperTail(uint32_t n, uint32_t t, double p)
{
    double pmf = std::pow(1.0 - p, n);
    double cdf = pmf;
    for (uint32_t i = 0; i < t; ++i)
    {
        pmf *= (n - i) / (i + 1.0) * p / (1.0 - p);
        cdf += pmf;
    }
    return 1.0 - cdf;
}

/// A DR8 link input of a given length over SMF with two connectors.
LinkBudgetInput
Dr8Link(double lengthM)
{
    LinkBudgetInput in;
    in.tx = OpticsCatalogue::Get("DR8");
    in.rx = in.tx;
    in.medium = PhotonicMedium::SINGLE_MODE_FIBRE;
    in.lengthM = lengthM;
    return in;
}

/// Margins against hand arithmetic.
class MarginArithmeticTestCase : public TestCase
{
  public:
    MarginArithmeticTestCase()
        : TestCase("optical margin matches hand arithmetic")
    {
    }

  private:
    void DoRun() override
    {
        LinkBudgetInput in = Dr8Link(100.0);
        in.splices = 1;
        const LinkBudget b = ComputeLinkBudget(in);
        // -0.8 dBm launch - 0.1 km x 0.35 dB/km - 2 x 0.5 dB - 1 x 0.1 dB = -1.935 dBm;
        // margin = -1.935 - (-4.4) = 2.465 dB.
        NS_TEST_ASSERT_MSG_EQ_TOL(b.fibreLossDb, 0.035, 1e-12, "fibre loss");
        NS_TEST_ASSERT_MSG_EQ_TOL(b.receivedDbm, -1.935, 1e-12, "received power");
        NS_TEST_ASSERT_MSG_EQ_TOL(b.marginDb, 2.465, 1e-12, "margin");

        // 400ZR over 100 km of C-band fibre with 15 dB of amplification:
        // -10 - 100 x 0.2 - 1.0 + 15 = -16 dBm; margin 4 dB over -20 dBm.
        LinkBudgetInput zr;
        zr.tx = OpticsCatalogue::Get("400ZR");
        zr.rx = zr.tx;
        zr.lengthM = 100000.0;
        zr.amplifierGainDb = 15.0;
        NS_TEST_ASSERT_MSG_EQ_TOL(ComputeLinkBudget(zr).marginDb, 4.0, 1e-9, "ZR margin");
    }
};

/// Pre-FEC BER from margin and post-FEC codeword error of RS(544,514).
class FecTestCase : public TestCase
{
  public:
    FecTestCase()
        : TestCase("KP4 post-FEC codeword error matches an independent binomial computation")
    {
    }

  private:
    void DoRun() override
    {
        const FecSpec& kp4 = GetFecSpec("KP4");
        NS_TEST_ASSERT_MSG_EQ(kp4.n, 544u, "KP4 n");
        NS_TEST_ASSERT_MSG_EQ(kp4.k, 514u, "KP4 k");
        NS_TEST_ASSERT_MSG_EQ(kp4.t, 15u, "KP4 t");
        // At zero margin the receiver sits at the KP4 threshold, 2.4e-4.
        NS_TEST_ASSERT_MSG_EQ_TOL(PreFecBerFromMargin(0.0, 2.4e-4, false), 2.4e-4, 1e-9, "0 dB");
        // More margin, fewer errors; direct detection gains Q twice as fast per dB as coherent.
        const double direct = PreFecBerFromMargin(1.0, 2.4e-4, false);
        const double coherent = PreFecBerFromMargin(1.0, 2.4e-4, true);
        NS_TEST_ASSERT_MSG_EQ((direct < coherent && coherent < 2.4e-4), true, "monotone");

        for (double ber : {1e-3, 2e-3, 3e-3})
        {
            const double ps = 1.0 - std::pow(1.0 - ber, 10);
            const double expected = BinomialUpperTail(544, 15, ps);
            const double model = FecCodewordErrorProbability(kp4, ber);
            NS_TEST_ASSERT_MSG_EQ_TOL(model / expected, 1.0, 1e-6, "BER " << ber);
        }
        // At the threshold the codeword error is about 1e-12 (post-FEC BER below 1e-13):
        // the usual statement that KP4 at 2.4e-4 is "error free".
        const double atThreshold = FecCodewordErrorProbability(kp4, 2.4e-4);
        NS_TEST_ASSERT_MSG_EQ((atThreshold > 1e-13 && atThreshold < 1e-11),
                              true,
                              "Pcw at threshold " << atThreshold);
        // A 9018-byte frame spans 72144 / 5140 codewords.
        const double pcw = 1e-3;
        NS_TEST_ASSERT_MSG_EQ_TOL(FecFrameErrorProbability(kp4, pcw, 72144.0),
                                  1.0 - std::pow(1.0 - pcw, 72144.0 / 5140.0),
                                  1e-12,
                                  "frame error");
    }
};

/// Links that cannot work are refused with the numbers.
class RefusalTestCase : public TestCase
{
  public:
    RefusalTestCase()
        : TestCase("impossible links are refused with messages naming the link and numbers")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(CheckLink("ok", Dr8Link(500.0)), "", "500 m DR8 is fine");
        const std::string tooLong = CheckLink("a-b", Dr8Link(2000.0));
        NS_TEST_ASSERT_MSG_NE(tooLong.find("2000"), std::string::npos, tooLong);
        NS_TEST_ASSERT_MSG_NE(tooLong.find("500 m reach of 'DR8'"), std::string::npos, tooLong);

        LinkBudgetInput dac;
        dac.tx = OpticsCatalogue::Get("DAC");
        dac.rx = dac.tx;
        dac.medium = PhotonicMedium::COPPER_TWINAX;
        dac.lengthM = 3.0;
        NS_TEST_ASSERT_MSG_EQ(CheckLink("dac", dac), "", "3 m DAC is fine");
        dac.lengthM = 5.0;
        const std::string copper = CheckLink("dac", dac);
        NS_TEST_ASSERT_MSG_NE(copper.find("copper at 100G per lane"), std::string::npos, copper);
        dac.tx = OpticsCatalogue::Get("DAC-1.6T");
        dac.rx = dac.tx;
        dac.lengthM = 2.0;
        const std::string copper200 = CheckLink("dac", dac);
        NS_TEST_ASSERT_MSG_NE(copper200.find("copper at 200G per lane"),
                              std::string::npos,
                              copper200);

        LinkBudgetInput wrongMedium = Dr8Link(10.0);
        wrongMedium.medium = PhotonicMedium::MULTIMODE_FIBRE;
        const std::string medium = CheckLink("m", wrongMedium);
        NS_TEST_ASSERT_MSG_NE(medium.find("built for smf, the cable is mmf"),
                              std::string::npos,
                              medium);

        LinkBudgetInput lossy = Dr8Link(100.0);
        lossy.insertionLossDb = 4.0; // margin 2.565 - 4 = -1.435 dB
        const std::string negative = CheckLink("ocs", lossy);
        NS_TEST_ASSERT_MSG_NE(negative.find("margin -1.43"), std::string::npos, negative);
        NS_TEST_ASSERT_MSG_NE(negative.find("insertion 4.00 dB"), std::string::npos, negative);

        LinkBudgetInput mismatch = Dr8Link(10.0);
        mismatch.rx = OpticsCatalogue::Get("NIC400-DR4");
        NS_TEST_ASSERT_MSG_NE(CheckLink("r", mismatch).find("disagree on rate"),
                              std::string::npos,
                              "rate mismatch");

        LinkBudgetInput negative2 = Dr8Link(-5.0);
        NS_TEST_ASSERT_MSG_NE(CheckLink("n", negative2).find("length (m) -5 must not be negative"),
                              std::string::npos,
                              "negative length");
        negative2 = Dr8Link(5.0);
        negative2.insertionLossDb = -1.0;
        NS_TEST_ASSERT_MSG_NE(CheckLink("n", negative2).find("insertion loss (dB) -1"),
                              std::string::npos,
                              "negative loss");

        // The helper refuses at install time with the same checks.
        NodeContainer nodes;
        nodes.Create(2);
        PhotonicLinkHelper helper;
        helper.SetTransceiver("DR8");
        helper.SetChannelAttribute("Length", DoubleValue(2000.0));
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { helper.Install(nodes); },
                                                {"node0/dev0 <-> node1/dev0", "2000 m exceeds"}),
                              true,
                              "helper refuses a 2 km DR8 link");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { helper.SetTransceiver("QSFP-XYZ"); },
                                                {"unknown transceiver preset 'QSFP-XYZ'"}),
                              true,
                              "helper refuses an unknown preset");
        Simulator::Destroy();
    }
};

} // namespace

/// The link budget test suite.
class LinkBudgetTestSuite : public TestSuite
{
  public:
    LinkBudgetTestSuite()
        : TestSuite("ai-fabric-link-budget", AIF_UNIT)
    {
        AddTestCase(new MarginArithmeticTestCase, AIF_QUICK);
        AddTestCase(new FecTestCase, AIF_QUICK);
        AddTestCase(new RefusalTestCase, AIF_QUICK);
    }
};

/// The suite's one instance.
static LinkBudgetTestSuite g_linkBudgetTestSuite;
