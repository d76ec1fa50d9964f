/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ECN_RED_PROFILE_H
#define ECN_RED_PROFILE_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief RED-style ECN marking profile on an egress queue, as DCQCN switches use it: no mark at
 * or below Kmin, probability rising linearly from 0 to Pmax between Kmin and Kmax, always
 * marked at or above Kmax.
 */
struct EcnRedProfile
{
    uint64_t kminBytes{200000}; //!< Kmin, bytes
    uint64_t kmaxBytes{800000}; //!< Kmax, bytes
    double pmax{0.2};           //!< marking probability just below Kmax

    /**
     * \brief The marking probability at a queue length.
     * \param queueBytes bytes in the egress queue
     * \return probability in [0, 1]
     */
    double MarkProbability(uint64_t queueBytes) const;
};

} // namespace ns3

#endif /* ECN_RED_PROFILE_H */
