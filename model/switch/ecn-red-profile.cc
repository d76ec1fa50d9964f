/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ecn-red-profile.h"

namespace ns3
{

double
EcnRedProfile::MarkProbability(uint64_t queueBytes) const
{
    if (queueBytes <= kminBytes)
    {
        return 0.0;
    }
    if (queueBytes >= kmaxBytes)
    {
        return 1.0;
    }
    return pmax * static_cast<double>(queueBytes - kminBytes) /
           static_cast<double>(kmaxBytes - kminBytes);
}

} // namespace ns3
