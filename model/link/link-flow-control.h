/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINK_FLOW_CONTROL_H
#define LINK_FLOW_CONTROL_H

#include "fabric-tags.h"

#include "ns3/nstime.h"

#include <array>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The link-level flow control state of one end of a link: which classes the far end has
 * paused (IEEE 802.1Qbb PFC) and, for InfiniBand-style credit flow control, the credits this end
 * may spend and the credit limit it advertises to the far end.
 *
 * Credits follow InfiniBand's scheme: counted per virtual lane in 64-byte blocks; the receiver
 * advertises an absolute limit (blocks freed since the link came up + its buffer, mod 2^32, the
 * FCCL); the sender counts blocks sent (the FCTBS) and may send a frame only if it fits under the
 * limit. Plain state: the PhotonicNetDevice drives it.
 */
class LinkFlowControl
{
  public:
    /**
     * \brief Credit blocks a frame occupies.
     * \param frameBytes frame bytes including the Ethernet header
     * \return ceil((frameBytes + FCS) / 64)
     */
    static uint32_t BlocksFor(uint32_t frameBytes);

    /**
     * \brief The far end paused a class until a time (a later pause frame replaces the time).
     * \param cls class 0..7
     * \param until end of the pause
     * \param now current time
     */
    void Pause(uint8_t cls, Time until, Time now);
    /**
     * \brief The far end resumed a class (pause time 0).
     * \param cls class 0..7
     * \param now current time
     */
    void Resume(uint8_t cls, Time now);
    /**
     * \brief Whether a class is paused.
     * \param cls class 0..7
     * \param now current time
     * \return true while paused
     */
    bool IsPaused(uint8_t cls, Time now) const;
    /**
     * \brief Total time a class has spent paused.
     * \param cls class 0..7
     * \param now current time
     * \return paused time
     */
    Time GetPausedTime(uint8_t cls, Time now) const;
    /**
     * \brief The earliest end of a running pause.
     * \param now current time
     * \return that time, or Time::Max() if nothing is paused
     */
    Time NextPauseExpiry(Time now) const;

    /**
     * \brief Whether any class is paused (inline: asked for every frame).
     * \param now current time
     * \return true if at least one class is paused
     */
    bool AnyPaused(Time now) const
    {
        return now < m_latestPauseEnd;
    }

    /**
     * \brief Take the far end's advertised credit limit for a lane.
     * \param vl lane 0..7
     * \param limit absolute limit, blocks mod 2^32
     */
    void SetCreditLimit(uint8_t vl, uint32_t limit);
    /**
     * \brief Credit blocks this end may still send on a lane.
     * \param vl lane 0..7
     * \return blocks
     */
    uint32_t GetAvailableCredit(uint8_t vl) const;
    /**
     * \brief Whether a frame of so many blocks may be sent.
     * \param vl lane 0..7
     * \param blocks blocks of the frame
     * \return true if within the credit
     */
    bool HasCredit(uint8_t vl, uint32_t blocks) const;
    /**
     * \brief Spend credit for a frame being sent.
     * \param vl lane 0..7
     * \param blocks blocks of the frame
     */
    void ConsumeCredit(uint8_t vl, uint32_t blocks);

    /**
     * \brief Set this end's receive buffer per lane, which it advertises.
     * \param bytes buffer per lane, bytes
     */
    void SetReceiveBuffer(uint32_t bytes);
    /**
     * \brief The receive buffer per lane.
     * \return bytes (whole blocks)
     */
    uint32_t GetReceiveBufferBytes() const;
    /**
     * \brief Set how many lanes this end advertises credit on (lanes beyond get none).
     * \param lanes 1..8
     */
    void SetLanes(uint8_t lanes);
    /**
     * \brief Blocks of a received frame were freed (the frame left this end's buffer).
     * \param vl lane 0..7
     * \param blocks blocks freed
     */
    void FreeBlocks(uint8_t vl, uint32_t blocks);
    /**
     * \brief The limit this end advertises for a lane.
     * \param vl lane 0..7
     * \return absolute limit, blocks mod 2^32
     */
    uint32_t GetAdvertisedLimit(uint8_t vl) const;

  private:
    /// Recompute m_latestPauseEnd after a pause or resume.
    void UpdateLatestPauseEnd();

    Time m_latestPauseEnd; //!< the latest of m_pauseUntil (first: read for every frame)
    std::array<Time, FABRIC_NUM_CLASSES> m_pauseSince{};      //!< start of the current pause
    std::array<Time, FABRIC_NUM_CLASSES> m_pauseUntil{};      //!< end of the current pause
    std::array<Time, FABRIC_NUM_CLASSES> m_pausedTotal{};     //!< finished pause time
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_creditLimit{}; //!< far end's limit (FCCL)
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_blocksSent{};  //!< blocks sent (FCTBS)
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_blocksFreed{}; //!< blocks freed here
    uint32_t m_bufferBlocks{0};                               //!< own buffer per lane, blocks
    uint8_t m_lanes{FABRIC_NUM_CLASSES};                      //!< lanes with credit
};

} // namespace ns3

#endif /* LINK_FLOW_CONTROL_H */
