/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FEC_MODEL_H
#define FEC_MODEL_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A forward error correction code as a t-error-correcting block code.
 *
 * A codeword holds n symbols of m bits, k of them data, and corrects up to t symbol errors.
 * RS(544,514) "KP4" (IEEE 802.3 Cl.91/119): n=544, k=514, t=15, m=10. Bit errors are taken as
 * independent, so a symbol is wrong with probability 1-(1-BER)^m and a codeword fails when more
 * than t of its n symbols are wrong (binomial tail).
 */
struct FecSpec
{
    std::string name;       //!< catalogue name ("KP4", "KR4", "CFEC", "none")
    uint32_t n{1};          //!< symbols per codeword
    uint32_t k{1};          //!< data symbols per codeword
    uint32_t t{0};          //!< correctable symbols per codeword
    uint32_t symbolBits{1}; //!< bits per symbol (m)
    double thresholdBer{0}; //!< pre-FEC BER at which the code still meets its post-FEC target
    double latencyNs{0};    //!< encode + decode latency per hop, nanoseconds
    std::string source;     //!< where the numbers come from

    /**
     * \brief Data bits per codeword (k x m).
     * \return bits
     */
    double DataBitsPerCodeword() const;
};

/**
 * \brief A FEC code by name.
 * \param name "none", "KR4", "KP4", "KP4-I" or "CFEC"
 * \return the code
 * \throws FabricConfigError for an unknown name, listing the valid ones
 */
const FecSpec& GetFecSpec(const std::string& name);

/**
 * \brief The names of all known FEC codes.
 * \return the names
 */
std::vector<std::string> FecSpecNames();

/**
 * \brief Probability that a codeword is not corrected, given the pre-FEC bit error rate.
 *
 * P = sum_{i=t+1..n} C(n,i) ps^i (1-ps)^(n-i) with ps = 1 - (1-BER)^m.
 *
 * \param fec the code
 * \param preFecBer pre-FEC bit error ratio, in [0, 1]
 * \return the codeword error probability
 */
double FecCodewordErrorProbability(const FecSpec& fec, double preFecBer);

/**
 * \brief Probability that a frame is lost because one of its codewords was not corrected.
 *
 * A frame of L bits spans L / (k m) codewords: P = 1 - (1 - Pcw)^(L / (k m)).
 *
 * \param fec the code
 * \param codewordErrorProbability Pcw from FecCodewordErrorProbability
 * \param frameBits bits of the frame that pass through the FEC
 * \return the frame error probability
 */
double FecFrameErrorProbability(const FecSpec& fec,
                                double codewordErrorProbability,
                                double frameBits);

} // namespace ns3

#endif /* FEC_MODEL_H */
