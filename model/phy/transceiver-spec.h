/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TRANSCEIVER_SPEC_H
#define TRANSCEIVER_SPEC_H

#include "photonic-medium.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The data sheet of one end of a link: a pluggable module, a cable end, or a
 * co-packaged-optics switch port.
 *
 * Plain data, so presets live in a catalogue users can extend (OpticsCatalogue). Optical powers
 * are per lane, as optical modulation amplitude (OMA). Power is the typical full-load power of
 * one end; StaticPowerFraction of it is drawn whatever the traffic (lasers, DSP and SerDes run
 * continuously, sending idles), the rest scales with transmitted bits.
 */
struct TransceiverSpec
{
    std::string name;                //!< catalogue name, e.g. "DR8"
    std::string description;         //!< one line for inventories and help text
    uint32_t lanes{0};               //!< electrical/optical lanes per direction
    double laneRateGbps{0};          //!< MAC data rate per lane, Gb/s
    uint32_t wavelengthsPerFibre{1}; //!< wavelengths multiplexed on one fibre (CWDM/DWDM)
    uint32_t fibresPerDirection{1};  //!< fibres (or copper pairs) per direction
    PhotonicMedium medium{PhotonicMedium::SINGLE_MODE_FIBRE}; //!< the medium it is built for
    double wavelengthNm{0};          //!< carrier wavelength (0 for copper), nanometres
    double reachM{0};                //!< maximum supported length, metres
    double powerW{0};                //!< typical full-load power of one end, watts
    double staticPowerFraction{0.9}; //!< share of powerW drawn independent of traffic
    double moduleLatencyNs{0};       //!< DSP / retimer / CDR latency of the module, nanoseconds
    double launchPowerDbm{0};        //!< per-lane transmit OMA, dBm (optical only)
    double sensitivityDbm{0};        //!< per-lane receive OMA at the FEC threshold BER, dBm
    bool coherent{false};            //!< coherent detection (Q grows as sqrt of power)
    std::string fec{"KP4"};          //!< FEC name (FecSpec)
    double copperPreFecBer{0};       //!< copper: pre-FEC BER within reach (est.)
    std::string source;              //!< where the numbers come from

    /**
     * \brief Line data rate: lanes x lane rate.
     * \return bits per second
     */
    double DataRateBps() const;

    /**
     * \brief Power drawn whatever the traffic.
     * \return watts
     */
    double StaticPowerW() const;

    /**
     * \brief Energy per bit of line time on top of static power, such that an end that
     * transmits continuously draws powerW.
     * \return joules per bit
     */
    double DynamicEnergyPerBitJ() const;

    /**
     * \brief The usual efficiency figure: full-load power / line rate.
     * \return picojoules per bit
     */
    double EnergyPerBitPj() const;

    /**
     * \brief Check the fields for consistency.
     * \throws FabricConfigError naming the preset, the field and the value
     */
    void Validate() const;
};

} // namespace ns3

#endif /* TRANSCEIVER_SPEC_H */
