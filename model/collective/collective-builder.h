/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_BUILDER_H
#define COLLECTIVE_BUILDER_H

#include "collective-schedule.h"

#include <boost/icl/interval_map.hpp>
#include <cstdint>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Builds a CollectiveSchedule from sends of buffer ranges, deriving each message's
 * dependencies from the data it carries.
 *
 * Every rank has a buffer addressed by byte offset (the collective's buffer, the same offsets
 * at every rank). For each range of each rank the builder remembers which delivered messages
 * its current contents wait for (a Boost.ICL interval map of message sets): initially none
 * (the rank's own input); a message received into a range with reduce adds itself to the set
 * (the range now combines the old contents and the message), without reduce it replaces the
 * set. A send of a range is cut into ChunkBytes messages, each depending on the messages the
 * sender's contents of its slice wait for, so a step's chunk leaves as soon as the chunks of
 * earlier steps it needs have arrived (pipelining across steps, as NCCL's slices).
 *
 * Sends within one step read the buffers as the previous step left them; EndStep() applies the
 * step's receives.
 */
class CollectiveBuilder
{
  public:
    /**
     * \brief Constructor.
     * \param schedule where messages go
     * \param ranks number of ranks
     * \param chunkBytes largest message, bytes (> 0)
     */
    CollectiveBuilder(CollectiveSchedule& schedule, uint32_t ranks, uint64_t chunkBytes);

    /**
     * \brief Send a range of src's buffer to the same range of dst's, in ChunkBytes messages.
     * \param src sending rank
     * \param dst receiving rank
     * \param lo first byte
     * \param hi one past the last byte (an empty range sends nothing)
     * \param channel channel
     * \param step step
     * \param reduce combine into dst's contents (else overwrite them)
     */
    void Send(uint32_t src,
              uint32_t dst,
              uint64_t lo,
              uint64_t hi,
              uint32_t channel,
              uint32_t step,
              bool reduce);

    /**
     * \brief Apply the receives of the sends since the last call.
     */
    void EndStep();

    /**
     * \brief Split a range into parts whose sizes differ by at most one byte, the larger first.
     * \param lo first byte
     * \param hi one past the last byte
     * \param parts number of parts, > 0
     * \return parts + 1 boundaries, from lo to hi
     */
    static std::vector<uint64_t> Split(uint64_t lo, uint64_t hi, uint32_t parts);

  private:
    /// Messages the contents of a byte range wait for.
    typedef boost::icl::interval_map<uint64_t, std::set<uint32_t>> WaitMap;

    /// A receive to apply at the end of the step.
    struct Write
    {
        uint32_t rank; //!< receiving rank
        uint64_t lo;   //!< first byte
        uint64_t hi;   //!< one past the last byte
        uint32_t id;   //!< the message
        bool reduce;   //!< combine or overwrite
    };

    CollectiveSchedule& m_schedule; //!< output
    uint64_t m_chunkBytes;          //!< largest message
    std::vector<WaitMap> m_waits;   //!< by rank
    std::vector<Write> m_pending;   //!< this step's receives
};

} // namespace ns3

#endif /* COLLECTIVE_BUILDER_H */
