/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_MEDIUM_H
#define PHOTONIC_MEDIUM_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The transmission medium of a photonic (or copper) link.
 *
 * The medium fixes the propagation delay per metre and the attenuation per kilometre; its name
 * is how users choose it ("smf", "mmf", "copper", "hcf").
 */
enum class PhotonicMedium
{
    SINGLE_MODE_FIBRE, //!< ITU-T G.652.D single-mode fibre
    MULTIMODE_FIBRE,   //!< OM3/OM4 multimode fibre
    COPPER_TWINAX,     //!< twinax copper cable (DAC, LACC, AEC)
    HOLLOW_CORE_FIBRE, //!< hollow-core (air-core) fibre
};

/**
 * \brief The short name of a medium ("smf", "mmf", "copper", "hcf").
 * \param medium the medium
 * \return its name
 */
std::string PhotonicMediumName(PhotonicMedium medium);

/**
 * \brief Parse a medium name.
 * \param name "smf", "mmf", "copper" or "hcf"
 * \return the medium
 * \throws FabricConfigError naming the unknown value and the valid names
 */
PhotonicMedium PhotonicMediumFromName(const std::string& name);

/**
 * \brief All medium names, in declaration order.
 * \return the names
 */
std::vector<std::string> PhotonicMediumNames();

/**
 * \brief Propagation delay of the medium.
 *
 * SMF 4.90 ns/m (group index ~1.468, Corning SMF-28); multimode 4.93 ns/m (est., group
 * index ~1.48); twinax copper 4.76 ns/m (Cisco Nexus PFC white paper); hollow-core 3.40 ns/m
 * (Microsoft/Lumenisity results, est.).
 *
 * \param medium the medium
 * \return nanoseconds per metre
 */
double PhotonicMediumDelayNsPerMetre(PhotonicMedium medium);

/**
 * \brief Attenuation of the medium at a wavelength.
 *
 * SMF (ITU-T G.652.D): 0.35 dB/km in the O-band (below 1400 nm), 0.20 dB/km in the C/L-band.
 * Multimode at 850 nm: 3.5 dB/km (TIA-568 cabled OM3/OM4). Hollow-core: 0.25 dB/km (est.,
 * 0.17-0.28 reported). Copper is not budgeted optically: 0.
 *
 * \param medium the medium
 * \param wavelengthNm the carrier wavelength in nanometres
 * \return dB per kilometre
 */
double PhotonicMediumAttenuationDbPerKm(PhotonicMedium medium, double wavelengthNm);

/**
 * \brief Whether the medium carries light (an optical link budget applies).
 * \param medium the medium
 * \return true for fibres, false for copper
 */
bool PhotonicMediumIsOptical(PhotonicMedium medium);

} // namespace ns3

#endif /* PHOTONIC_MEDIUM_H */
