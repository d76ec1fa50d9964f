/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RCCC_CREDIT_SCHEDULER_H
#define RCCC_CREDIT_SCHEDULER_H

#include "ns3/callback.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <map>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Receiver-credit congestion control (RCCC, after EQDS) at one receiver: paces credit
 * grants to the senders that have data for it.
 *
 * Senders announce demand (AddDemand); the scheduler grants credit to the active senders in
 * round robin, CreditPerGrant bytes at a time (less when a sender needs less), so that granted
 * bytes flow at RateFraction x LinkRate: the grant of b bytes is followed by the next one
 * b x 8 / (RateFraction x LinkRate) later. Grant times are computed from the bytes granted since
 * the current busy period began, so the rounding of each interval to the simulator's time
 * resolution does not accumulate. A grant is handed to the grant callback (sender id, bytes),
 * which the connection turns into a credit packet; the sender's demand drops by the bytes
 * granted, and a sender without demand leaves the round. The scheduler stops when no demand is
 * left and resumes, paced, when demand arrives.
 */
class RcccCreditScheduler : public Object
{
  public:
    /// Receives a grant: (sender id, bytes of credit).
    using GrantCallback = Callback<void, uint32_t, uint32_t>;

    /**
     * \brief TracedCallback signature of a grant.
     * \param senderId the sender
     * \param bytes credit granted
     */
    using GrantTracedCallback = void (*)(uint32_t senderId, uint32_t bytes);

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    RcccCreditScheduler();
    ~RcccCreditScheduler() override;

    /**
     * \brief Where grants go.
     * \param cb called once per grant
     */
    void SetGrantCallback(GrantCallback cb);

    /**
     * \brief A sender has more bytes for this receiver.
     * \param senderId the sender (e.g. its PDC id)
     * \param bytes additional bytes it wants to send
     */
    void AddDemand(uint32_t senderId, uint64_t bytes);

    /**
     * \brief Forget a sender (its connection closed); its remaining demand is dropped.
     * \param senderId the sender
     */
    void RemoveSender(uint32_t senderId);

    /**
     * \brief Bytes a sender still waits credit for.
     * \param senderId the sender
     * \return bytes, 0 if unknown
     */
    uint64_t GetDemand(uint32_t senderId) const;

    /**
     * \brief Number of senders with demand.
     * \return count
     */
    uint32_t GetActiveSenders() const;

    /**
     * \brief Number of grants issued so far.
     * \return count
     */
    uint64_t GetGrantCount() const;

    /**
     * \brief Bytes of credit granted so far.
     * \return bytes
     */
    uint64_t GetGrantedBytes() const;

  protected:
    void DoDispose() override;

  private:
    /// Schedule the next grant at the paced time, unless one is pending or no demand is left.
    void ScheduleNext();

    /// Grant credit to the sender at the head of the round.
    void Grant();

    // Attributes.
    DataRate m_linkRate;       //!< the receiver's link rate
    double m_rateFraction;     //!< share of the link rate that credits are paced to
    uint32_t m_creditPerGrant; //!< bytes per grant

    GrantCallback m_grantCallback;         //!< where grants go
    std::map<uint32_t, uint64_t> m_demand; //!< bytes wanted, per sender with demand
    std::deque<uint32_t> m_round;          //!< senders with demand, next to serve first
    EventId m_event;                       //!< the pending grant
    Time m_busyStart;                      //!< when the current busy period's pacing began
    uint64_t m_busyBytes{0};               //!< bytes granted in the current busy period
    Time m_nextAllowed;                    //!< earliest time of the next grant
    TracedValue<uint64_t> m_grants;        //!< grants issued
    TracedValue<uint64_t> m_grantedBytes;  //!< bytes granted
    TracedCallback<uint32_t, uint32_t> m_grantTrace; //!< every grant
};

} // namespace ns3

#endif /* RCCC_CREDIT_SCHEDULER_H */
