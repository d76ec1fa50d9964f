/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NCCL_SIZE_H
#define NCCL_SIZE_H

// Sizes as nccl-tests reads them (-b, -e), shared by the collective examples.

#include "ns3/fabric-config-error.h"

#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \brief Bytes from "4096", "64K", "1M" or "2G" (binary multiples, as nccl-tests reads them).
 * \param flag the flag's name, for the error
 * \param text the value
 * \return bytes
 */
inline uint64_t
ParseNcclSize(const std::string& flag, const std::string& text)
{
    std::size_t used = 0;
    uint64_t value = 0;
    try
    {
        value = std::stoull(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    const std::string suffix = text.substr(used);
    const std::string units = "KMG";
    const std::size_t shift = suffix.size() == 1 ? units.find(std::toupper(suffix[0])) : 0;
    if (used == 0 || value == 0 || (suffix.size() > 1) ||
        (suffix.size() == 1 && shift == std::string::npos))
    {
        throw FabricConfigError("--" + flag + "='" + text +
                                "' is not a positive size (bytes, or with K, M or G)");
    }
    return suffix.empty() ? value : value << (10 * (shift + 1));
}

} // namespace ns3

#endif /* NCCL_SIZE_H */
