/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NSCC_CONGESTION_CONTROL_H
#define NSCC_CONGESTION_CONTROL_H

#include "fabric-congestion-control.h"

#include "ns3/traced-value.h"

#include <deque>
#include <utility>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Ultra Ethernet's network-signal sender congestion control (NSCC), window based.
 *
 * Two signals per ACK: ECN (the M bit the receiver echoes) and the queuing delay
 * delay = RTT - base RTT, compared with a target delay (TargetDelayFactor x base RTT). With
 * BDP = line rate x base RTT, a = BDP / ScalingBdp, b = target / ScalingRtt and MSS the MTU
 * payload given at Start():
 *
 * - no ECN, delay >= target: fair increase, cwnd += fi x acked / cwnd with
 *   fi = FairIncreaseMss x MSS x a (so about fi per RTT);
 * - no ECN, delay < target: proportional increase, cwnd += alpha x acked x (target - delay) /
 *   cwnd with alpha = ProportionalIncreaseMss x MSS x a x b / target (at most about
 *   4 x MSS x a x b per RTT, shrinking linearly to 0 as the delay reaches the target);
 * - ECN, delay >= target: multiplicative decrease, at most once per base RTT and only while the
 *   average delay exceeds the target: cwnd *= max(1 - DecreaseGamma x (avg - target) / avg,
 *   DecreaseFloor);
 * - ECN, delay < target: cwnd unchanged and OnAck() returns true: one path is congested, not
 *   the network, so the sender should move to another entropy;
 * - quick adapt, on OnLoss() or when delay > QuickAdaptDelayFactor x target, at most once per
 *   base RTT: cwnd = bytes acknowledged during the last base RTT (what the network actually
 *   delivered), and the ACK's other rules are skipped. Its first period starts at Start(), so
 *   it cannot act before one base RTT of ACKs could have come back.
 *
 * The window stays in [MinWindowMtu x MTU, MaxWindowBdp x BDP] and starts at
 * InitialWindowBdp x BDP. avg is an EWMA of the delay samples with gain DelayEwmaGain. The
 * increases are applied on every ACK (uet-htsim accumulates them and applies them every few
 * packets, which the SMaRTT-REPS paper reports as within 5% of per-packet reaction); uet-htsim's
 * extra terms (fast increase near zero delay, a per-period eta, the quick adapt gate and its
 * discounting of unmarked high-delay samples in the EWMA) are not modelled. An RTT sample below
 * the base RTT counts as zero delay; an ACK without a sample uses the average delay. Attributes
 * are read at Start(); the window is not rate paced (GetRate() is the line rate).
 */
class NsccCongestionControl : public FabricCongestionControl
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    NsccCongestionControl();
    ~NsccCongestionControl() override;

    /**
     * \brief Derive BDP, target, scaling factors and window limits, and open the window.
     * \param lineRateBps line rate, bits per second (> 0)
     * \param baseRtt unloaded round trip (> 0)
     * \param mtuBytes MSS, payload bytes of a full packet (> 0)
     * \throws FabricConfigError if an argument is zero
     */
    void Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes) override;

    /**
     * \brief The congestion window.
     * \return payload bytes allowed in flight (whole bytes of the window)
     */
    uint64_t GetWindow() const override;

    /**
     * \brief Apply the rule of the ACK's (ECN, delay) case.
     * \param feedback acked bytes, ECN echo and the RTT sample (zero: use the average delay)
     * \return true when the ACK carried ECN with a delay below the target (change path)
     */
    bool OnAck(const FabricCcFeedback& feedback) override;

    /**
     * \brief A NACK or a timeout: quick adapt if it did not act within the last base RTT.
     * \param bytes payload bytes reported lost (not used by the rule)
     */
    void OnLoss(uint32_t bytes) override;

    /**
     * \brief The algorithm's name.
     * \return "nscc"
     */
    std::string GetName() const override;

    /**
     * \brief The target queuing delay derived at Start().
     * \return TargetDelayFactor x base RTT
     */
    Time GetTargetDelay() const;

    /**
     * \brief The EWMA of the queuing delay.
     * \return the average delay
     */
    Time GetAverageDelay() const;

    /**
     * \brief The bandwidth-delay product derived at Start().
     * \return bytes
     */
    double GetBdp() const;

    /**
     * \brief The largest window.
     * \return MaxWindowBdp x BDP, bytes
     */
    double GetMaxWindow() const;

  private:
    /**
     * \brief Set the window to what was acknowledged in the last base RTT, if quick adapt has not
     * acted within the last base RTT.
     * \return true if it acted
     */
    bool QuickAdapt();

    /// Forget acknowledgements older than one base RTT.
    void ExpireAcked();

    /**
     * \brief Clamp to the limits and publish to the trace.
     * \param cwnd the new window, bytes
     */
    void SetWindow(double cwnd);

    // Attributes (read at Start).
    double m_targetFactor;     //!< target delay in base RTTs
    double m_ewmaGain;         //!< EWMA gain of the average delay
    double m_fairIncreaseMss;  //!< fi in MSS x a per RTT
    double m_propIncreaseMss;  //!< alpha numerator in MSS x a x b
    double m_gamma;            //!< multiplicative decrease aggressiveness
    double m_decreaseFloor;    //!< floor of the decrease factor
    double m_quickAdaptFactor; //!< quick adapt delay threshold in targets
    uint64_t m_scalingBdp;     //!< reference BDP of a, bytes
    Time m_scalingRtt;         //!< reference delay of b
    double m_maxWindowBdp;     //!< max window in BDPs
    double m_initialWindowBdp; //!< initial window in BDPs
    double m_minWindowMtu;     //!< min window in MTUs

    // Derived at Start.
    double m_bdp{0};          //!< bytes
    Time m_targetTime;        //!< target delay
    double m_target{0};       //!< target delay, seconds
    double m_fairIncrease{0}; //!< fi, bytes per RTT
    double m_alpha{0};        //!< bytes per second of headroom
    double m_maxWindow{0};    //!< bytes
    double m_minWindow{0};    //!< bytes

    // State.
    double m_cwnd{0};                              //!< exact window, bytes
    TracedValue<uint64_t> m_cwndTrace;             //!< window published, whole bytes
    double m_avgDelay{0};                          //!< EWMA of the delay, seconds
    Time m_lastDecrease;                           //!< time of the last decrease
    bool m_decreased{false};                       //!< a decrease has happened
    Time m_lastQuickAdapt;                         //!< time of the last quick adapt
    bool m_quickAdapted{false};                    //!< quick adapt has acted
    std::deque<std::pair<Time, uint32_t>> m_acked; //!< (time, bytes) of the last base RTT
    uint64_t m_ackedInRtt{0};                      //!< sum of m_acked's bytes
};

} // namespace ns3

#endif /* NSCC_CONGESTION_CONTROL_H */
