/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-budget.h"

#include "fec-model.h"

#include "ns3/fabric-memo.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{

/// BER of a PAM4 (or 16QAM quadrature) decision with Q factor q, Gray coded.
double
BerOfQ(double q)
{
    return 0.375 * std::erfc(q / std::sqrt(2.0));
}

/// The Q factor whose BER is the given value (bisection; BerOfQ is decreasing).
double
QOfBer(double ber)
{
    double lo = 0.0;
    double hi = 40.0;
    for (int i = 0; i < 200; ++i)
    {
        const double mid = 0.5 * (lo + hi);
        (BerOfQ(mid) > ber ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

/// Whether a module built for one medium works on a cable of another.
bool
MediumFits(PhotonicMedium module, PhotonicMedium cable)
{
    if (module == cable)
    {
        return true;
    }
    // Single-mode optics launch into hollow-core fibre (single-mode-like guidance).
    return module == PhotonicMedium::SINGLE_MODE_FIBRE &&
           cable == PhotonicMedium::HOLLOW_CORE_FIBRE;
}

} // namespace

double
PreFecBerFromMargin(double marginDb, double thresholdBer, bool coherent)
{
    // The threshold Q by 200 bisection steps: computed once per margin (links of a kind share
    // theirs).
    static FabricMemo<std::tuple<double, double, bool>, double> memo;
    return memo.Get(std::make_tuple(marginDb, thresholdBer, coherent), [&]() {
        const double q0 = QOfBer(thresholdBer);
        const double q = q0 * std::pow(10.0, marginDb / (coherent ? 20.0 : 10.0));
        return std::min(BerOfQ(q), 0.5);
    });
}

LinkBudget
ComputeLinkBudget(const LinkBudgetInput& in)
{
    LinkBudget b;
    const FecSpec& fec = GetFecSpec(in.rx.fec);
    b.optical = PhotonicMediumIsOptical(in.medium) && PhotonicMediumIsOptical(in.rx.medium);
    if (!b.optical)
    {
        b.preFecBer = in.rx.copperPreFecBer;
        b.codewordErrorProbability = FecCodewordErrorProbability(fec, b.preFecBer);
        return b;
    }
    b.launchDbm = in.tx.launchPowerDbm;
    b.fibreLossDb =
        PhotonicMediumAttenuationDbPerKm(in.medium, in.tx.wavelengthNm) * in.lengthM / 1000.0;
    b.connectorLossDb = in.connectors * in.connectorLossDb;
    b.spliceLossDb = in.splices * in.spliceLossDb;
    b.insertionLossDb = in.insertionLossDb;
    b.amplifierGainDb = in.amplifierGainDb;
    b.penaltyDb = in.rxPenaltyDb;
    b.receivedDbm = b.launchDbm - b.fibreLossDb - b.connectorLossDb - b.spliceLossDb -
                    b.insertionLossDb + b.amplifierGainDb - b.penaltyDb;
    b.sensitivityDbm = in.rx.sensitivityDbm;
    b.marginDb = b.receivedDbm - b.sensitivityDbm;
    b.preFecBer = PreFecBerFromMargin(b.marginDb, fec.thresholdBer, in.rx.coherent);
    b.codewordErrorProbability = FecCodewordErrorProbability(fec, b.preFecBer);
    return b;
}

std::string
CheckLink(const std::string& link, const LinkBudgetInput& in)
{
    std::ostringstream oss;
    if (in.tx.DataRateBps() != in.rx.DataRateBps())
    {
        oss << "link " << link << ": ends disagree on rate ('" << in.tx.name << "' "
            << in.tx.DataRateBps() / 1e9 << " Gb/s, '" << in.rx.name << "' "
            << in.rx.DataRateBps() / 1e9 << " Gb/s)";
        return oss.str();
    }
    const std::pair<const char*, double> nonNegative[] = {
        {"length (m)", in.lengthM},
        {"connector loss (dB)", in.connectorLossDb},
        {"splice loss (dB)", in.spliceLossDb},
        {"insertion loss (dB)", in.insertionLossDb},
        {"amplifier gain (dB)", in.amplifierGainDb},
    };
    for (const auto& [what, value] : nonNegative)
    {
        if (!(value >= 0))
        {
            oss << "link " << link << ": " << what << " " << value << " must not be negative";
            return oss.str();
        }
    }
    for (const TransceiverSpec* end : {&in.tx, &in.rx})
    {
        if (!MediumFits(end->medium, in.medium))
        {
            oss << "link " << link << ": transceiver '" << end->name << "' is built for "
                << PhotonicMediumName(end->medium) << ", the cable is "
                << PhotonicMediumName(in.medium);
            return oss.str();
        }
        if (in.lengthM > end->reachM)
        {
            oss << "link " << link << ": " << in.lengthM << " m exceeds the " << end->reachM
                << " m reach of '" << end->name << "'";
            if (!PhotonicMediumIsOptical(end->medium))
            {
                oss << " (copper at " << end->laneRateGbps << "G per lane)";
            }
            return oss.str();
        }
    }
    const LinkBudget b = ComputeLinkBudget(in);
    if (b.optical && b.marginDb < 0)
    {
        oss << std::fixed << std::setprecision(2);
        oss << "link " << link << ": optical margin " << b.marginDb << " dB is negative (launch "
            << b.launchDbm << " dBm - fibre " << b.fibreLossDb << " dB - connectors "
            << b.connectorLossDb << " dB - splices " << b.spliceLossDb << " dB - insertion "
            << b.insertionLossDb << " dB + amplifiers " << b.amplifierGainDb << " dB - penalty "
            << b.penaltyDb << " dB = received " << b.receivedDbm << " dBm < sensitivity "
            << b.sensitivityDbm << " dBm of '" << in.rx.name << "')";
        return oss.str();
    }
    return "";
}

} // namespace ns3
