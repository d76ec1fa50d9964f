/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-flow-control.h"

#include "link-control-header.h"

#include <algorithm>

namespace ns3
{

uint32_t
LinkFlowControl::BlocksFor(uint32_t frameBytes)
{
    const uint32_t withFcs = frameBytes + 4;
    return (withFcs + CreditUpdateHeader::BLOCK_BYTES - 1) / CreditUpdateHeader::BLOCK_BYTES;
}

void
LinkFlowControl::Pause(uint8_t cls, Time until, Time now)
{
    if (now < m_pauseUntil[cls])
    {
        m_pauseUntil[cls] = until; // refresh of a running pause
    }
    else
    {
        m_pausedTotal[cls] += m_pauseUntil[cls] - m_pauseSince[cls];
        m_pauseSince[cls] = now;
        m_pauseUntil[cls] = until;
    }
    UpdateLatestPauseEnd();
}

void
LinkFlowControl::Resume(uint8_t cls, Time now)
{
    if (now < m_pauseUntil[cls])
    {
        m_pauseUntil[cls] = now;
    }
    UpdateLatestPauseEnd();
}

void
LinkFlowControl::UpdateLatestPauseEnd()
{
    m_latestPauseEnd = *std::max_element(m_pauseUntil.begin(), m_pauseUntil.end());
}

bool
LinkFlowControl::IsPaused(uint8_t cls, Time now) const
{
    return now < m_pauseUntil[cls];
}

Time
LinkFlowControl::GetPausedTime(uint8_t cls, Time now) const
{
    return m_pausedTotal[cls] + (std::min(now, m_pauseUntil[cls]) - m_pauseSince[cls]);
}

Time
LinkFlowControl::NextPauseExpiry(Time now) const
{
    if (!AnyPaused(now))
    {
        return Time::Max();
    }
    Time earliest = Time::Max();
    for (const Time& until : m_pauseUntil)
    {
        if (now < until)
        {
            earliest = std::min(earliest, until);
        }
    }
    return earliest;
}

void
LinkFlowControl::SetCreditLimit(uint8_t vl, uint32_t limit)
{
    m_creditLimit[vl] = limit;
}

uint32_t
LinkFlowControl::GetAvailableCredit(uint8_t vl) const
{
    // Modulo-2^32 difference, as InfiniBand's FCCL - FCTBS; a "negative" value means none.
    const uint32_t diff = m_creditLimit[vl] - m_blocksSent[vl];
    return diff <= 0x7fffffffu ? diff : 0;
}

bool
LinkFlowControl::HasCredit(uint8_t vl, uint32_t blocks) const
{
    return GetAvailableCredit(vl) >= blocks;
}

void
LinkFlowControl::ConsumeCredit(uint8_t vl, uint32_t blocks)
{
    m_blocksSent[vl] += blocks;
}

void
LinkFlowControl::SetReceiveBuffer(uint32_t bytes)
{
    m_bufferBlocks = bytes / CreditUpdateHeader::BLOCK_BYTES;
}

uint32_t
LinkFlowControl::GetReceiveBufferBytes() const
{
    return m_bufferBlocks * CreditUpdateHeader::BLOCK_BYTES;
}

void
LinkFlowControl::SetLanes(uint8_t lanes)
{
    m_lanes = std::max<uint8_t>(1, std::min<uint8_t>(lanes, FABRIC_NUM_CLASSES));
}

void
LinkFlowControl::FreeBlocks(uint8_t vl, uint32_t blocks)
{
    m_blocksFreed[vl] += blocks;
}

uint32_t
LinkFlowControl::GetAdvertisedLimit(uint8_t vl) const
{
    return vl < m_lanes ? m_blocksFreed[vl] + m_bufferBlocks : 0;
}

} // namespace ns3
