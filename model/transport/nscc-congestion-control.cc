/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nscc-congestion-control.h"

#include "ns3/double.h"
#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NsccCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(NsccCongestionControl);

TypeId
NsccCongestionControl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NsccCongestionControl")
            .SetParent<FabricCongestionControl>()
            .SetGroupName("AiFabric")
            .AddConstructor<NsccCongestionControl>()
            .AddAttribute("TargetDelayFactor",
                          "Target queuing delay as a multiple of the base RTT (dimensionless; "
                          "0.75 with switch trimming, 1.0 without). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(0.75),
                          MakeDoubleAccessor(&NsccCongestionControl::m_targetFactor),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("DelayEwmaGain",
                          "Gain of the EWMA of the queuing delay that sizes a multiplicative "
                          "decrease (dimensionless, per ACK). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(0.0125),
                          MakeDoubleAccessor(&NsccCongestionControl::m_ewmaGain),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("FairIncreaseMss",
                          "Fair increase per RTT when the delay is at or above the target, in "
                          "MSS x a (a = BDP / ScalingBdp). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(5.0),
                          MakeDoubleAccessor(&NsccCongestionControl::m_fairIncreaseMss),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ProportionalIncreaseMss",
                          "Proportional increase per RTT at zero delay, in MSS x a x b "
                          "(b = target / ScalingRtt); alpha = this x MSS x a x b / target. "
                          "Source: UE 1.0 / uet-htsim.",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&NsccCongestionControl::m_propIncreaseMss),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("DecreaseGamma",
                          "Multiplicative decrease: cwnd *= 1 - gamma x (avg delay - target) / "
                          "avg delay (dimensionless). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&NsccCongestionControl::m_gamma),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("DecreaseFloor",
                          "Smallest factor one multiplicative decrease multiplies the window by "
                          "(dimensionless). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&NsccCongestionControl::m_decreaseFloor),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("QuickAdaptDelayFactor",
                          "Quick adapt when the queuing delay exceeds this many target delays "
                          "(dimensionless). Source: UE 1.0 / uet-htsim.",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&NsccCongestionControl::m_quickAdaptFactor),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ScalingBdp",
                          "Reference BDP of the scaling factor a = BDP / ScalingBdp, in bytes. "
                          "Source: UE 1.0 / uet-htsim (150 KB).",
                          UintegerValue(150000),
                          MakeUintegerAccessor(&NsccCongestionControl::m_scalingBdp),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("ScalingRtt",
                          "Reference delay of the scaling factor b = target / ScalingRtt (a "
                          "time). Source: UE 1.0 / uet-htsim (12 us).",
                          TimeValue(MicroSeconds(12)),
                          MakeTimeAccessor(&NsccCongestionControl::m_scalingRtt),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("MaxWindowBdp",
                          "Largest window, in BDPs (BDP = line rate x base RTT). "
                          "Source: UE 1.0 / uet-htsim.",
                          DoubleValue(1.5),
                          MakeDoubleAccessor(&NsccCongestionControl::m_maxWindowBdp),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("InitialWindowBdp",
                          "Window at Start(), in BDPs. Source: UE 1.0 / uet-htsim (equal to "
                          "the largest window).",
                          DoubleValue(1.5),
                          MakeDoubleAccessor(&NsccCongestionControl::m_initialWindowBdp),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MinWindowMtu",
                          "Smallest window, in MTUs (payload bytes of a full packet). "
                          "Source: UE 1.0 / uet-htsim.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&NsccCongestionControl::m_minWindowMtu),
                          MakeDoubleChecker<double>(0.0))
            .AddTraceSource("CongestionWindow",
                            "The congestion window, in payload bytes.",
                            MakeTraceSourceAccessor(&NsccCongestionControl::m_cwndTrace),
                            "ns3::TracedValueCallback::Uint64");
    return tid;
}

NsccCongestionControl::NsccCongestionControl() = default;
NsccCongestionControl::~NsccCongestionControl() = default;

void
NsccCongestionControl::Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes)
{
    NS_LOG_FUNCTION(this << lineRateBps << baseRtt << mtuBytes);
    if (lineRateBps == 0 || !baseRtt.IsStrictlyPositive() || mtuBytes == 0)
    {
        std::ostringstream oss;
        oss << "NSCC: line rate (" << lineRateBps << " b/s), base RTT (" << baseRtt << ") and MTU ("
            << mtuBytes << " B) must all be positive";
        throw FabricConfigError(oss.str());
    }
    FabricCongestionControl::Start(lineRateBps, baseRtt, mtuBytes);

    m_bdp = double(lineRateBps) / 8.0 * baseRtt.GetSeconds();
    // Time x double keeps integer arithmetic, so 0.75 x 12 us is exactly 9 us and a delay sample
    // equal to the target compares equal.
    m_targetTime = baseRtt * m_targetFactor;
    m_target = m_targetTime.GetSeconds();
    const double a = m_bdp / double(m_scalingBdp);
    const double b = m_target / m_scalingRtt.GetSeconds();
    m_fairIncrease = m_fairIncreaseMss * mtuBytes * a;
    m_alpha = m_target > 0 ? m_propIncreaseMss * mtuBytes * a * b / m_target : 0;
    m_maxWindow = m_maxWindowBdp * m_bdp;
    m_minWindow = m_minWindowMtu * mtuBytes;

    m_avgDelay = 0;
    m_decreased = false;
    // The first measurement period of quick adapt starts now: before one base RTT has passed,
    // nothing could have been acknowledged and the window would collapse for no reason.
    m_lastQuickAdapt = Simulator::Now();
    m_acked.clear();
    m_ackedInRtt = 0;
    SetWindow(m_initialWindowBdp * m_bdp);
    NS_LOG_DEBUG("bdp " << m_bdp << " B, target " << m_target << " s, a " << a << ", b " << b
                        << ", fi " << m_fairIncrease << " B, alpha " << m_alpha << " B/s, cwnd "
                        << m_cwnd << " B");
}

uint64_t
NsccCongestionControl::GetWindow() const
{
    return m_cwndTrace.Get();
}

bool
NsccCongestionControl::OnAck(const FabricCcFeedback& feedback)
{
    NS_ASSERT_MSG(m_mtu > 0, "NsccCongestionControl: Start() before OnAck()");
    const Time now = Simulator::Now();
    Time delay;
    if (feedback.rtt.IsStrictlyPositive())
    {
        // An RTT below the base RTT (a shorter path than the one Start() was given) is no
        // queuing at all.
        delay = std::max(feedback.rtt - m_baseRtt, Time(0));
        m_avgDelay = (1.0 - m_ewmaGain) * m_avgDelay + m_ewmaGain * delay.GetSeconds();
    }
    else
    {
        delay = Seconds(m_avgDelay);
    }
    if (feedback.ackedBytes > 0)
    {
        m_acked.emplace_back(now, feedback.ackedBytes);
        m_ackedInRtt += feedback.ackedBytes;
    }
    ExpireAcked();

    if (delay.GetSeconds() > m_quickAdaptFactor * m_target && QuickAdapt())
    {
        return false;
    }
    const double acked = feedback.ackedBytes;
    if (!feedback.ecnEcho)
    {
        // Dividing by cwnd makes the increase per RTT independent of the window, which is what
        // lets flows with different windows converge to the same share.
        if (delay >= m_targetTime)
        {
            SetWindow(m_cwnd + m_fairIncrease * acked / m_cwnd);
        }
        else
        {
            const double headroom = m_target - delay.GetSeconds();
            SetWindow(m_cwnd + m_alpha * acked * headroom / m_cwnd);
        }
        return false;
    }
    if (delay >= m_targetTime)
    {
        // The cut is sized by the slow average, not by this one sample: one unlucky packet
        // triggers the decrease but does not decide how deep it is.
        if ((!m_decreased || now - m_lastDecrease >= m_baseRtt) && m_avgDelay > m_target)
        {
            const double factor =
                std::max(1.0 - m_gamma * (m_avgDelay - m_target) / m_avgDelay, m_decreaseFloor);
            NS_LOG_DEBUG("decrease x" << factor << " (avg delay " << m_avgDelay << " s)");
            SetWindow(m_cwnd * factor);
            m_decreased = true;
            m_lastDecrease = now;
        }
        return false;
    }
    // ECN with a low delay: one path is congested while the others are not. Keep the window
    // and let the load balancer move away from that path.
    return true;
}

void
NsccCongestionControl::OnLoss(uint32_t bytes)
{
    NS_ASSERT_MSG(m_mtu > 0, "NsccCongestionControl: Start() before OnLoss()");
    QuickAdapt();
}

std::string
NsccCongestionControl::GetName() const
{
    return "nscc";
}

Time
NsccCongestionControl::GetTargetDelay() const
{
    return m_targetTime;
}

Time
NsccCongestionControl::GetAverageDelay() const
{
    return Seconds(m_avgDelay);
}

double
NsccCongestionControl::GetBdp() const
{
    return m_bdp;
}

double
NsccCongestionControl::GetMaxWindow() const
{
    return m_maxWindow;
}

bool
NsccCongestionControl::QuickAdapt()
{
    const Time now = Simulator::Now();
    if (now - m_lastQuickAdapt < m_baseRtt)
    {
        return false;
    }
    ExpireAcked();
    NS_LOG_DEBUG("quick adapt to " << m_ackedInRtt << " B acknowledged in the last base RTT");
    m_lastQuickAdapt = now;
    SetWindow(double(m_ackedInRtt));
    return true;
}

void
NsccCongestionControl::ExpireAcked()
{
    const Time oldest = Simulator::Now() - m_baseRtt;
    while (!m_acked.empty() && m_acked.front().first <= oldest)
    {
        m_ackedInRtt -= m_acked.front().second;
        m_acked.pop_front();
    }
}

void
NsccCongestionControl::SetWindow(double cwnd)
{
    // The floor wins over the ceiling: a path whose BDP is below one MTU still gets one packet.
    m_cwnd = std::max(std::min(cwnd, m_maxWindow), m_minWindow);
    m_cwndTrace = uint64_t(std::llround(m_cwnd));
}

} // namespace ns3
