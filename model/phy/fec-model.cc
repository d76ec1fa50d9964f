/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fec-model.h"

#include "ns3/fabric-config-error.h"
#include "ns3/fabric-memo.h"

#include <cmath>
#include <tuple>

namespace ns3
{

namespace
{

/// The known codes. Latencies are estimates (see doc/ai-fabric.rst).
const std::vector<FecSpec>&
FecTable()
{
    static const std::vector<FecSpec> table = {
        {"none", 1, 1, 0, 1, 1e-12, 0.0, "no FEC: every bit error loses its frame"},
        {"KR4", 528, 514, 7, 10, 2.0e-5, 50.0, "IEEE 802.3 Cl.91 RS(528,514); latency est."},
        {"KP4", 544, 514, 15, 10, 2.4e-4, 100.0, "IEEE 802.3 Cl.91/119 RS(544,514); latency est."},
        {"KP4-I",
         544,
         514,
         15,
         10,
         2.4e-4,
         150.0,
         "IEEE 802.3dj: inner Hamming(128,120) in the module over end-to-end RS(544,514); "
         "threshold at the outer decoder, latency est."},
        {"CFEC",
         4000,
         4000,
         110,
         1,
         1.25e-2,
         1000.0,
         "OIF 400ZR CFEC modelled as an equivalent hard-decision binary code (n=4000 bits, "
         "t=110) meeting < 1e-13 codeword errors at the 1.25e-2 threshold; latency est."},
    };
    return table;
}

} // namespace

double
FecSpec::DataBitsPerCodeword() const
{
    return static_cast<double>(k) * symbolBits;
}

const FecSpec&
GetFecSpec(const std::string& name)
{
    for (const auto& f : FecTable())
    {
        if (f.name == name)
        {
            return f;
        }
    }
    throw UnknownNameError("FEC", name, FecSpecNames());
}

std::vector<std::string>
FecSpecNames()
{
    std::vector<std::string> names;
    for (const auto& f : FecTable())
    {
        names.push_back(f.name);
    }
    return names;
}

namespace
{
/**
 * \brief The binomial upper tail of symbol errors (the work behind
 * FecCodewordErrorProbability).
 * \param fec the code
 * \param preFecBer the pre-FEC bit error rate, in (0, 1)
 * \return the probability
 */
double
CodewordErrorTail(const FecSpec& fec, double preFecBer)
{
    // Symbol error probability, computed as -expm1(m log1p(-BER)) to keep precision at tiny BER.
    const double ps = -std::expm1(fec.symbolBits * std::log1p(-preFecBer));
    if (ps >= 1.0)
    {
        return 1.0;
    }
    const double n = fec.n;
    const double logPs = std::log(ps);
    const double logQs = std::log1p(-ps);
    const double logNFact = std::lgamma(n + 1.0);
    // Sum the upper tail directly: accurate both when it is tiny and when it is close to one.
    double tail = 0.0;
    for (uint32_t i = fec.t + 1; i <= fec.n; ++i)
    {
        const double logTerm = logNFact - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                               i * logPs + (n - i) * logQs;
        tail += std::exp(logTerm);
    }
    return std::min(tail, 1.0);
}

} // namespace

double
FecCodewordErrorProbability(const FecSpec& fec, double preFecBer)
{
    if (preFecBer <= 0.0)
    {
        return 0.0;
    }
    if (preFecBer >= 1.0)
    {
        return 1.0;
    }
    // Hundreds of lgamma terms per call, and every link of a kind asks the same question.
    static FabricMemo<std::tuple<uint32_t, uint32_t, uint32_t, double>, double> memo;
    return memo.Get(std::make_tuple(fec.n, fec.t, fec.symbolBits, preFecBer),
                    [&]() { return CodewordErrorTail(fec, preFecBer); });
}

double
FecFrameErrorProbability(const FecSpec& fec, double codewordErrorProbability, double frameBits)
{
    if (codewordErrorProbability <= 0.0)
    {
        return 0.0;
    }
    if (codewordErrorProbability >= 1.0)
    {
        return 1.0;
    }
    const double codewords = frameBits / fec.DataBitsPerCodeword();
    return -std::expm1(codewords * std::log1p(-codewordErrorProbability));
}

} // namespace ns3
