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

int
ReportConfigError(const std::string& message)
{
    std::cerr << "error: " << message << std::endl;
    return 2;
}

} // namespace ns3
