/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OPTICS_CATALOGUE_H
#define OPTICS_CATALOGUE_H

#include "transceiver-spec.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The catalogue of transceiver, cable and co-packaged-optics presets.
 *
 * Presets are data: the built-in ones carry their sources (see doc/ai-fabric.rst), and users add
 * their own or override a built-in one with Add(). Names are matched case-insensitively.
 * Built-in presets: DAC, DAC-1.6T, LACC, AEC, SR8, DR8, 2xFR4, 2xLR4, LPO, DR8-1.6T, CPO, 400ZR,
 * 800ZR, NIC400-DR4.
 */
class OpticsCatalogue
{
  public:
    /**
     * \brief Look a preset up by name.
     * \param name the preset name (case-insensitive)
     * \return a copy of the preset
     * \throws FabricConfigError for an unknown name, listing the known ones
     */
    static TransceiverSpec Get(const std::string& name);

    /**
     * \brief Whether a preset of this name exists.
     * \param name the preset name (case-insensitive)
     * \return true if it exists
     */
    static bool Has(const std::string& name);

    /**
     * \brief Add a preset, or replace the one of the same name. The spec is validated first.
     * \param spec the preset
     * \throws FabricConfigError if the spec is inconsistent
     */
    static void Add(const TransceiverSpec& spec);

    /**
     * \brief Names of all presets, built-in first, in catalogue order.
     * \return the names
     */
    static std::vector<std::string> Names();

    /**
     * \brief Restore the built-in presets, dropping user additions and overrides.
     */
    static void Reset();

  private:
    /**
     * \brief The catalogue's storage.
     * \return the presets
     */
    static std::vector<TransceiverSpec>& Presets();
};

} // namespace ns3

#endif /* OPTICS_CATALOGUE_H */
