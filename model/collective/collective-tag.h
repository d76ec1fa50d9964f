/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_TAG_H
#define COLLECTIVE_TAG_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The 64-bit message tag of a collective's message (carried by FabricNic to the
 * receiver; RoCEv2 and InfiniBand-style frames carry it in the RETH's virtual address).
 *
 * Layout, most significant bits first: 4 bits marker (0xC, so other traffic on the NICs is told
 * apart), 12 bits collective id, 8 bits channel, 20 bits step, 20 bits chunk. The chunk numbers
 * the messages one rank sends to one other rank in one step of one channel, so (sender,
 * receiver, tag) names a message of a collective uniquely.
 */
struct CollectiveTag
{
    uint32_t collective{0}; //!< collective id, < 2^12
    uint32_t channel{0};    //!< channel, < 2^8
    uint32_t step{0};       //!< algorithm step, < 2^20
    uint32_t chunk{0};      //!< chunk, < 2^20

    static constexpr uint64_t MARKER = 0xC;               //!< value of the top 4 bits
    static constexpr uint32_t MAX_COLLECTIVES = 1u << 12; //!< collective ids
    static constexpr uint32_t MAX_CHANNELS = 1u << 8;     //!< channels
    static constexpr uint32_t MAX_STEPS = 1u << 20;       //!< steps
    static constexpr uint32_t MAX_CHUNKS = 1u << 20;      //!< chunks per step and peer

    /**
     * \brief Pack into a tag (fields must be within their ranges).
     * \return the tag
     */
    uint64_t Encode() const
    {
        return (MARKER << 60) | (uint64_t(collective & 0xFFF) << 48) |
               (uint64_t(channel & 0xFF) << 40) | (uint64_t(step & 0xFFFFF) << 20) |
               uint64_t(chunk & 0xFFFFF);
    }

    /**
     * \brief Whether a tag carries the collective marker.
     * \param tag the tag
     * \return true for a collective's message
     */
    static bool IsCollective(uint64_t tag)
    {
        return (tag >> 60) == MARKER;
    }

    /**
     * \brief Unpack a tag.
     * \param tag a tag with the marker
     * \return its fields
     */
    static CollectiveTag Decode(uint64_t tag)
    {
        CollectiveTag t;
        t.collective = static_cast<uint32_t>((tag >> 48) & 0xFFF);
        t.channel = static_cast<uint32_t>((tag >> 40) & 0xFF);
        t.step = static_cast<uint32_t>((tag >> 20) & 0xFFFFF);
        t.chunk = static_cast<uint32_t>(tag & 0xFFFFF);
        return t;
    }
};

} // namespace ns3

#endif /* COLLECTIVE_TAG_H */
