/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-config-error.h"

#include <iostream>

namespace ns3
{

FabricConfigError::FabricConfigError(const std::string& what)
    : std::invalid_argument(what)
{
}

FabricConfigError
UnknownNameError(const std::string& kind,
                 const std::string& name,
                 const std::vector<std::string>& known)
{
    std::string msg = "unknown " + kind + " '" + name + "' (known:";
    for (const auto& k : known)
    {
        msg += " " + k;
    }
    return FabricConfigError(msg + ")");
}

int
ReportConfigError(const std::string& message)
{
    std::cerr << "error: " << message << std::endl;
    return 2;
}

} // namespace ns3
