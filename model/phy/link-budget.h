/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINK_BUDGET_H
#define LINK_BUDGET_H

#include "transceiver-spec.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief What a one-direction link budget is computed from.
 */
struct LinkBudgetInput
{
    TransceiverSpec tx;                                       //!< the transmitting end
    TransceiverSpec rx;                                       //!< the receiving end
    PhotonicMedium medium{PhotonicMedium::SINGLE_MODE_FIBRE}; //!< the cable's medium
    double lengthM{0};                                        //!< cable length, metres
    uint32_t connectors{2};                                   //!< mated connector pairs on the path
    double connectorLossDb{0.5};                              //!< loss per connector pair, dB
    uint32_t splices{0};                                      //!< fusion splices on the path
    double spliceLossDb{0.1};                                 //!< loss per splice, dB
    double insertionLossDb{0}; //!< optical circuit switch or patch-panel insertion loss, dB
    double amplifierGainDb{0}; //!< total gain of in-line optical amplifiers, dB
    double rxPenaltyDb{0};     //!< extra received-power penalty (ageing, dirt, fault), dB
};

/**
 * \ingroup ai-fabric
 * \brief The result: received power, margin, pre-FEC BER and codeword error probability.
 *
 * received = launch - attenuation x length - connectors - splices - insertion + amplifiers -
 * penalty; margin = received - sensitivity. Copper ends have no optical budget: their pre-FEC
 * BER is the preset's nominal value within reach.
 */
struct LinkBudget
{
    bool optical{false};                //!< an optical budget applies
    double launchDbm{0};                //!< per-lane launch OMA, dBm
    double fibreLossDb{0};              //!< attenuation x length, dB
    double connectorLossDb{0};          //!< all connectors, dB
    double spliceLossDb{0};             //!< all splices, dB
    double insertionLossDb{0};          //!< circuit switch / panel, dB
    double amplifierGainDb{0};          //!< in-line amplification, dB
    double penaltyDb{0};                //!< receive penalty, dB
    double receivedDbm{0};              //!< received OMA per lane, dBm
    double sensitivityDbm{0};           //!< receiver sensitivity, dBm
    double marginDb{0};                 //!< received - sensitivity, dB
    double preFecBer{0};                //!< pre-FEC bit error ratio
    double codewordErrorProbability{0}; //!< post-FEC uncorrectable codeword probability
};

/**
 * \brief Compute the budget of one direction of a link.
 * \param in the link
 * \return the budget
 */
LinkBudget ComputeLinkBudget(const LinkBudgetInput& in);

/**
 * \brief Pre-FEC BER of a receiver that is marginDb above (or below) its sensitivity.
 *
 * BER = 3/8 erfc(Q / sqrt 2) (PAM4 with Gray coding; DP-16QAM is two 4-level quadratures), with
 * Q = Q0 x 10^(margin/10) for direct detection (thermal-noise limited: Q grows linearly with
 * optical power) or Q0 x 10^(margin/20) for coherent detection, and Q0 chosen so the BER at zero
 * margin equals the FEC threshold the sensitivity is specified at.
 *
 * \param marginDb the margin, dB
 * \param thresholdBer the BER at zero margin
 * \param coherent coherent detection
 * \return the pre-FEC BER
 */
double PreFecBerFromMargin(double marginDb, double thresholdBer, bool coherent);

/**
 * \brief Check a link: the two ends agree on rate, suit the medium, the length is within reach,
 * and the optical margin is not negative.
 * \param link a name for the link, used in the message
 * \param in the link
 * \return an empty string when the link is fine, otherwise a message naming the link and numbers
 */
std::string CheckLink(const std::string& link, const LinkBudgetInput& in);

} // namespace ns3

#endif /* LINK_BUDGET_H */
