/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DCQCN_CONGESTION_CONTROL_H
#define DCQCN_CONGESTION_CONTROL_H

#include "fabric-congestion-control.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/traced-value.h"

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief DCQCN's reaction point (Zhu et al., "Congestion Control for Large-Scale RDMA
 * Deployments", SIGCOMM 2015), a rate-based sender congestion control for RoCEv2.
 *
 * On a CNP: target rate RT = RC, RC *= (1 - alpha / 2), alpha = (1 - g) alpha + g, and the
 * increase stages restart. Without CNPs alpha decays, alpha *= (1 - g), every
 * AlphaUpdateInterval. Recovery is driven by a timer (RateIncreaseInterval, stage count T) and
 * a byte counter (ByteCounter bytes sent, stage count BC): while max(T, BC) < F, fast recovery
 * RC = (RT + RC) / 2; once min(T, BC) > F, hyper increase RT += i x HyperIncrease
 * (i = min(T, BC) - F); otherwise additive increase RT += AdditiveIncrease; each step then
 * sets RC = (RT + RC) / 2, never above line rate. Timers stop once RC is back at line rate.
 */
class DcqcnCongestionControl : public FabricCongestionControl
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    DcqcnCongestionControl();
    ~DcqcnCongestionControl() override;

    void Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes) override;
    uint64_t GetRate() const override;
    void OnPacketSent(uint32_t bytes) override;
    void OnCongestionNotification() override;
    std::string GetName() const override;

    /**
     * \brief Alpha as of now (decays applied).
     * \return alpha in [0, 1]
     */
    double GetAlpha() const;

    /**
     * \brief Target rate.
     * \return bits per second
     */
    uint64_t GetTargetRate() const;

    /**
     * \brief Rate cuts so far (one per CNP).
     * \return the count
     */
    uint64_t GetRateCuts() const;

  protected:
    void DoDispose() override;

  private:
    /// One increase step (timer or byte counter).
    void Increase();
    /// The rate-increase timer fired.
    void TimerExpired();

    double m_g{1.0 / 256};           //!< alpha gain
    Time m_alphaInterval;            //!< alpha decay period
    Time m_increaseInterval;         //!< rate-increase timer period
    uint64_t m_byteCounter{0};       //!< bytes per byte-counter stage
    uint32_t m_fastRecoverySteps{5}; //!< F
    DataRate m_additiveIncrease;     //!< RAI
    DataRate m_hyperIncrease;        //!< RHAI
    DataRate m_minRate;              //!< floor of RC

    TracedValue<uint64_t> m_rate;  //!< RC, bit/s
    double m_targetRate{0};        //!< RT, bit/s
    double m_currentRate{0};       //!< RC, bit/s (exact)
    mutable double m_alpha{1.0};   //!< alpha
    mutable Time m_alphaUpdated;   //!< time alpha was last updated
    uint32_t m_timerStages{0};     //!< T
    uint32_t m_byteStages{0};      //!< BC
    uint64_t m_bytesSinceStage{0}; //!< bytes towards the next byte-counter stage
    uint64_t m_cuts{0};            //!< CNP reactions
    EventId m_timer;               //!< rate-increase timer
};

} // namespace ns3

#endif /* DCQCN_CONGESTION_CONTROL_H */
