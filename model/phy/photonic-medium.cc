/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-medium.h"

#include "ns3/fabric-config-error.h"

#include <array>

namespace ns3
{

namespace
{

/// Per-medium constants; sources are in the header and in doc/ai-fabric.rst.
struct MediumData
{
    PhotonicMedium medium;  //!< the medium
    const char* name;       //!< short name
    double delayNsPerMetre; //!< propagation delay
    double oBandDbPerKm;    //!< attenuation below 1400 nm
    double cBandDbPerKm;    //!< attenuation at and above 1400 nm
};

const std::array<MediumData, 4> kMedia = {{
    {PhotonicMedium::SINGLE_MODE_FIBRE, "smf", 4.90, 0.35, 0.20},
    {PhotonicMedium::MULTIMODE_FIBRE, "mmf", 4.93, 3.5, 3.5},
    {PhotonicMedium::COPPER_TWINAX, "copper", 4.76, 0.0, 0.0},
    {PhotonicMedium::HOLLOW_CORE_FIBRE, "hcf", 3.40, 0.25, 0.25},
}};

const MediumData&
Lookup(PhotonicMedium medium)
{
    for (const auto& m : kMedia)
    {
        if (m.medium == medium)
        {
            return m;
        }
    }
    throw FabricConfigError("unknown photonic medium value");
}

} // namespace

std::string
PhotonicMediumName(PhotonicMedium medium)
{
    return Lookup(medium).name;
}

std::vector<std::string>
PhotonicMediumNames()
{
    std::vector<std::string> names;
    for (const auto& m : kMedia)
    {
        names.emplace_back(m.name);
    }
    return names;
}

PhotonicMedium
PhotonicMediumFromName(const std::string& name)
{
    for (const auto& m : kMedia)
    {
        if (name == m.name)
        {
            return m.medium;
        }
    }
    throw UnknownNameError("medium", name, PhotonicMediumNames());
}

double
PhotonicMediumDelayNsPerMetre(PhotonicMedium medium)
{
    return Lookup(medium).delayNsPerMetre;
}

double
PhotonicMediumAttenuationDbPerKm(PhotonicMedium medium, double wavelengthNm)
{
    const auto& m = Lookup(medium);
    return wavelengthNm < 1400.0 ? m.oBandDbPerKm : m.cBandDbPerKm;
}

bool
PhotonicMediumIsOptical(PhotonicMedium medium)
{
    return medium != PhotonicMedium::COPPER_TWINAX;
}

} // namespace ns3
