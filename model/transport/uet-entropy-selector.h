/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UET_ENTROPY_SELECTOR_H
#define UET_ENTROPY_SELECTOR_H

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <deque>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Per-PDC choice of the entropy value (EV): the UDP source port that switches hash on,
 * so the EV picks the packet's path.
 *
 * The EVs are FirstEntropy .. FirstEntropy + NumEntropies - 1. Exploration walks them in round
 * robin from a random start (drawn from the selector's stream on first use, so PDCs do not all
 * begin on the same path).
 * - Oblivious: every packet takes the next EV of the walk (spraying).
 * - Reps (after REPS, recycled entropy packet spraying): EVs whose ACK came back without ECN
 *   are queued (up to RepsBufferSize) and reused first, oldest first; when none is queued, the
 *   next EV of the walk is explored. An EV whose ACK carried ECN, or whose packet was NACKed or
 *   timed out, is not queued, and copies of it already queued are dropped: that path is
 *   congested now.
 */
class UetEntropySelector : public Object
{
  public:
    /// How EVs are chosen.
    enum Mode
    {
        OBLIVIOUS, //!< round-robin spraying over all EVs
        REPS,      //!< recycle EVs with clean ACKs, explore when none
    };

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    UetEntropySelector();
    ~UetEntropySelector() override;

    /**
     * \brief The EV for the next packet.
     * \return a value in [FirstEntropy, FirstEntropy + NumEntropies)
     */
    uint16_t NextEntropy();

    /**
     * \brief An ACK came back for a packet sent with an EV.
     * \param ev the EV the packet carried
     * \param ecn whether the ACK echoed ECN CE
     */
    void OnAck(uint16_t ev, bool ecn);

    /**
     * \brief A packet sent with an EV was NACKed (e.g. trimmed) or timed out.
     * \param ev the EV the packet carried
     */
    void OnLoss(uint16_t ev);

    /**
     * \brief Fix the random stream of the starting point.
     * \param stream first stream index
     * \return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Draw the starting point from a variable shared with others (a transport's), so
     * that one stream serves every selector of a NIC.
     * \param random the variable
     */
    void SetRandomVariable(Ptr<UniformRandomVariable> random);

    /**
     * \brief EVs reused from the recycle queue so far.
     * \return count
     */
    uint64_t GetRecycledCount() const;

    /**
     * \brief EVs taken from the round-robin walk so far.
     * \return count
     */
    uint64_t GetExploredCount() const;

    /**
     * \brief EVs waiting in the recycle queue.
     * \return count
     */
    uint32_t GetRecycleQueueSize() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief The next EV of the round-robin walk.
     * \return the EV
     */
    uint16_t Explore();

    /**
     * \brief Drop every queued copy of an EV.
     * \param ev the EV
     */
    void Forget(uint16_t ev);

    Mode m_mode;                         //!< selection mode
    uint16_t m_numEntropies;             //!< number of EVs
    uint16_t m_firstEntropy;             //!< lowest EV
    uint32_t m_repsBufferSize;           //!< capacity of the recycle queue
    Ptr<UniformRandomVariable> m_random; //!< draws the walk's start
    bool m_started{false};               //!< the start has been drawn
    uint32_t m_next{0};                  //!< index of the walk's next EV
    std::deque<uint16_t> m_recycle;      //!< EVs with clean ACKs, oldest first
    uint64_t m_recycled{0};              //!< EVs reused
    uint64_t m_explored{0};              //!< EVs explored
};

} // namespace ns3

#endif /* UET_ENTROPY_SELECTOR_H */
