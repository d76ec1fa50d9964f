/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "transceiver-spec.h"

#include "fec-model.h"

#include "ns3/fabric-config-error.h"

#include <sstream>

namespace ns3
{

double
TransceiverSpec::DataRateBps() const
{
    return lanes * laneRateGbps * 1e9;
}

double
TransceiverSpec::StaticPowerW() const
{
    return powerW * staticPowerFraction;
}

double
TransceiverSpec::DynamicEnergyPerBitJ() const
{
    return powerW * (1.0 - staticPowerFraction) / DataRateBps();
}

double
TransceiverSpec::EnergyPerBitPj() const
{
    return powerW / DataRateBps() * 1e12;
}

void
TransceiverSpec::Validate() const
{
    auto fail = [this](const std::string& field, double value, const std::string& rule) {
        std::ostringstream oss;
        oss << "transceiver '" << name << "': " << field << " = " << value << " " << rule;
        throw FabricConfigError(oss.str());
    };
    if (name.empty())
    {
        throw FabricConfigError("transceiver preset without a name");
    }
    if (lanes == 0)
    {
        fail("lanes", lanes, "(must be at least 1)");
    }
    if (!(laneRateGbps > 0))
    {
        fail("laneRateGbps", laneRateGbps, "(must be > 0)");
    }
    if (wavelengthsPerFibre == 0 || fibresPerDirection == 0)
    {
        fail("wavelengthsPerFibre x fibresPerDirection",
             wavelengthsPerFibre * fibresPerDirection,
             "(must be at least 1)");
    }
    if (!(reachM > 0))
    {
        fail("reachM", reachM, "(must be > 0 m)");
    }
    if (!(powerW >= 0))
    {
        fail("powerW", powerW, "(must be >= 0 W)");
    }
    if (!(staticPowerFraction >= 0 && staticPowerFraction <= 1))
    {
        fail("staticPowerFraction", staticPowerFraction, "(must be within [0, 1])");
    }
    if (!(moduleLatencyNs >= 0))
    {
        fail("moduleLatencyNs", moduleLatencyNs, "(must be >= 0 ns)");
    }
    if (PhotonicMediumIsOptical(medium))
    {
        if (!(wavelengthNm > 0))
        {
            fail("wavelengthNm", wavelengthNm, "(an optical module needs a wavelength)");
        }
        if (!(launchPowerDbm > sensitivityDbm))
        {
            fail("launchPowerDbm - sensitivityDbm",
                 launchPowerDbm - sensitivityDbm,
                 "dB (an optical module needs a positive power budget)");
        }
    }
    else if (!(copperPreFecBer >= 0 && copperPreFecBer < 0.5))
    {
        fail("copperPreFecBer", copperPreFecBer, "(must be within [0, 0.5))");
    }
    GetFecSpec(fec); // throws on an unknown FEC name
}

} // namespace ns3
