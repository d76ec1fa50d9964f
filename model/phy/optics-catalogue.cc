/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "optics-catalogue.h"

#include "ns3/fabric-config-error.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{

std::string
Lower(const std::string& s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

/**
 * The built-in presets. Column order follows TransceiverSpec. "est." marks numbers without a
 * primary source; doc/ai-fabric.rst lists every source.
 */
std::vector<TransceiverSpec>
BuiltInPresets()
{
    const auto smf = PhotonicMedium::SINGLE_MODE_FIBRE;
    const auto mmf = PhotonicMedium::MULTIMODE_FIBRE;
    const auto cu = PhotonicMedium::COPPER_TWINAX;
    // clang-format off
    return {
        // name, description, lanes, Gb/s/lane, lambdas/fibre, fibres, medium, nm, reach m,
        // power W, static share, module ns, launch dBm, sensitivity dBm, coherent, FEC,
        // copper pre-FEC BER, source
        {"DAC", "800G passive copper (8x100G), <= 3 m", 8, 100, 1, 8, cu, 0, 3.0,
         0.1, 1.0, 0, 0, 0, false, "KP4", 1e-8,
         "NVIDIA LinkX: <= 3 m at 100G/lane, < 0.1 W; pre-FEC BER est."},
        {"DAC-1.6T", "1.6T passive copper (8x200G), <= 1 m", 8, 200, 1, 8, cu, 0, 1.0,
         0.1, 1.0, 0, 0, 0, false, "KP4", 1e-7,
         "IEEE 802.3dj 200G/lane copper target (est.); NVIDIA offers no 200G/lane DAC"},
        {"LACC", "800G linear active copper (8x100G), 3-5 m", 8, 100, 1, 8, cu, 0, 5.0,
         1.5, 0.9, 3, 0, 0, false, "KP4", 1e-7,
         "vendor: 1.5 W; latency est."},
        {"AEC", "800G retimed active copper (8x100G), 5-7 m", 8, 100, 1, 8, cu, 0, 7.0,
         11.0, 0.9, 35, 0, 0, false, "KP4", 1e-7,
         "est.: 10-12 W, 20-50 ns retimer latency"},
        {"SR8", "800G multimode VCSEL 850 nm (8x100G), 50 m OM4", 8, 100, 1, 8, mmf, 850, 50.0,
         16.0, 0.9, 75, -3.0, -5.2, false, "KP4", 0,
         "NVIDIA: 50 m OM4 with two patch panels, 15-17 W; budget and DSP latency est."},
        {"DR8", "800G single-mode SiPh 1310 nm (8x100G), 500 m", 8, 100, 1, 8, smf, 1310, 500.0,
         16.0, 0.9, 75, -0.8, -4.4, false, "KP4", 0,
         "NVIDIA MMS4X00-NM: 500 m, 16 W typ / 17 W max; OMA budget per IEEE 802.3 Cl.124 "
         "class (est.); DSP latency est."},
        {"2xFR4", "800G CWDM4 x2 (2 x 4 lambda x 100G), 2 km", 8, 100, 4, 2, smf, 1271, 2000.0,
         17.5, 0.9, 75, 0.0, -4.6, false, "KP4", 0,
         "reach: vendor; power and budget est. (IEEE 802.3 Cl.151 class)"},
        {"2xLR4", "800G LR4 x2 (2 x 4 lambda x 100G), 10 km", 8, 100, 4, 2, smf, 1271, 10000.0,
         19.0, 0.9, 75, 1.0, -6.8, false, "KP4", 0,
         "est. (100G Lambda MSA LR4 class)"},
        {"LPO", "800G linear pluggable optics, no DSP (8x100G), 500 m", 8, 100, 1, 8, smf, 1310,
         500.0, 8.5, 0.9, 3, -0.8, -3.9, false, "KP4", 0,
         "press / LPO MSA: 8-9 W, few ns; budget est."},
        {"DR8-1.6T", "1.6T single-mode DR8 (8x200G), 500 m", 8, 200, 1, 8, smf, 1310, 500.0,
         25.0, 0.9, 80, 0.5, -3.3, false, "KP4-I", 0,
         "est.: 22-27 W, IEEE 802.3dj 1.6TBASE-DR8 class"},
        {"CPO", "co-packaged optics switch port (8x200G), 500 m", 8, 200, 1, 8, smf, 1310, 500.0,
         9.0, 0.9, 5, -1.0, -4.5, false, "KP4", 0,
         "claim: NVIDIA Spectrum-X/Quantum-X Photonics ~9 W per 1.6T port (3.5x less than "
         "pluggable), Broadcom TH6 Davisson; budget and latency est."},
        {"CPO-800", "co-packaged optics switch port (8x100G), 500 m", 8, 100, 1, 8, smf, 1310,
         500.0, 4.5, 0.9, 5, -1.0, -4.5, false, "KP4", 0,
         "est.: the CPO claim of ~9 W per 1.6T port scaled to 800G (5.6 pJ/bit)"},
        {"CPO-400", "co-packaged optics switch port (4x100G), 500 m", 4, 100, 1, 4, smf, 1310,
         500.0, 2.25, 0.9, 5, -1.0, -4.5, false, "KP4", 0,
         "est.: the CPO claim of ~9 W per 1.6T port scaled to 400G (5.6 pJ/bit)"},
        {"LPO-400", "400G linear pluggable optics, no DSP (4x100G), 500 m", 4, 100, 1, 4, smf,
         1310, 500.0, 4.25, 0.9, 3, -0.8, -3.9, false, "KP4", 0,
         "est.: LPO 800G at 8.5 W scaled to 400G (10.6 pJ/bit)"},
        {"400ZR", "400G coherent DCI (1 lambda DP-16QAM), 120 km amplified", 1, 400, 1, 1, smf,
         1550, 120000.0, 15.0, 0.95, 500, -10.0, -20.0, true, "CFEC", 0,
         "OIF 400ZR: ~15 W, 80-120 km amplified DWDM; Rx sensitivity and DSP latency est."},
        {"800ZR", "800G coherent DCI (1 lambda), 120 km amplified", 1, 800, 1, 1, smf, 1550,
         120000.0, 28.0, 0.95, 600, -8.0, -16.0, true, "CFEC", 0,
         "est.: 25-30 W, 80-120 km amplified"},
        {"NIC400-DR4", "400G NIC-side OSFP/QSFP112 DR4 (4x100G), 500 m", 4, 100, 1, 4, smf, 1310,
         500.0, 8.0, 0.9, 75, -0.8, -4.4, false, "KP4", 0,
         "vendor: 8 W typ / 9 W max; budget est."},
    };
    // clang-format on
}

} // namespace

std::vector<TransceiverSpec>&
OpticsCatalogue::Presets()
{
    static std::vector<TransceiverSpec> presets = BuiltInPresets();
    return presets;
}

TransceiverSpec
OpticsCatalogue::Get(const std::string& name)
{
    const std::string key = Lower(name);
    for (const auto& p : Presets())
    {
        if (Lower(p.name) == key)
        {
            return p;
        }
    }
    throw UnknownNameError("transceiver preset", name, Names());
}

bool
OpticsCatalogue::Has(const std::string& name)
{
    const std::string key = Lower(name);
    const auto& presets = Presets();
    return std::any_of(presets.begin(), presets.end(), [&key](const TransceiverSpec& p) {
        return Lower(p.name) == key;
    });
}

void
OpticsCatalogue::Add(const TransceiverSpec& spec)
{
    spec.Validate();
    const std::string key = Lower(spec.name);
    for (auto& p : Presets())
    {
        if (Lower(p.name) == key)
        {
            p = spec;
            return;
        }
    }
    Presets().push_back(spec);
}

std::vector<std::string>
OpticsCatalogue::Names()
{
    std::vector<std::string> names;
    for (const auto& p : Presets())
    {
        names.push_back(p.name);
    }
    return names;
}

void
OpticsCatalogue::Reset()
{
    Presets() = BuiltInPresets();
}

} // namespace ns3
