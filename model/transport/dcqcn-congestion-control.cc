/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dcqcn-congestion-control.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DcqcnCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(DcqcnCongestionControl);

TypeId
DcqcnCongestionControl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DcqcnCongestionControl")
            .SetParent<FabricCongestionControl>()
            .SetGroupName("AiFabric")
            .AddConstructor<DcqcnCongestionControl>()
            .AddAttribute("G",
                          "Gain of the alpha estimate (dimensionless; DCQCN paper: 1/256).",
                          DoubleValue(1.0 / 256),
                          MakeDoubleAccessor(&DcqcnCongestionControl::m_g),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("AlphaUpdateInterval",
                          "Period of alpha's decay without CNPs (s; DCQCN paper: 55 us).",
                          TimeValue(MicroSeconds(55)),
                          MakeTimeAccessor(&DcqcnCongestionControl::m_alphaInterval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("RateIncreaseInterval",
                          "Period of the rate-increase timer (s; DCQCN paper: 55 us).",
                          TimeValue(MicroSeconds(55)),
                          MakeTimeAccessor(&DcqcnCongestionControl::m_increaseInterval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("ByteCounter",
                          "Bytes sent per byte-counter increase stage (bytes; DCQCN paper: "
                          "10 MB).",
                          UintegerValue(10 * 1000 * 1000),
                          MakeUintegerAccessor(&DcqcnCongestionControl::m_byteCounter),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("FastRecoverySteps",
                          "Stages of fast recovery before additive increase (F; DCQCN paper: "
                          "5).",
                          UintegerValue(5),
                          MakeUintegerAccessor(&DcqcnCongestionControl::m_fastRecoverySteps),
                          MakeUintegerChecker<uint32_t>(0))
            .AddAttribute("AdditiveIncrease",
                          "Target-rate step of additive increase (RAI, bit/s; DCQCN paper: "
                          "40 Mb/s).",
                          DataRateValue(DataRate(40000000)),
                          MakeDataRateAccessor(&DcqcnCongestionControl::m_additiveIncrease),
                          MakeDataRateChecker())
            .AddAttribute("HyperIncrease",
                          "Target-rate step of hyper increase (RHAI, bit/s; DCQCN paper: "
                          "200 Mb/s).",
                          DataRateValue(DataRate(200000000)),
                          MakeDataRateAccessor(&DcqcnCongestionControl::m_hyperIncrease),
                          MakeDataRateChecker())
            .AddAttribute("MinRate",
                          "Lowest current rate a cut may reach (bit/s).",
                          DataRateValue(DataRate(100000000)),
                          MakeDataRateAccessor(&DcqcnCongestionControl::m_minRate),
                          MakeDataRateChecker())
            .AddTraceSource("Rate",
                            "Current sending rate RC (bit/s).",
                            MakeTraceSourceAccessor(&DcqcnCongestionControl::m_rate),
                            "ns3::TracedValueCallback::Uint64");
    return tid;
}

DcqcnCongestionControl::DcqcnCongestionControl() = default;
DcqcnCongestionControl::~DcqcnCongestionControl() = default;

void
DcqcnCongestionControl::DoDispose()
{
    m_timer.Cancel();
    FabricCongestionControl::DoDispose();
}

void
DcqcnCongestionControl::Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes)
{
    FabricCongestionControl::Start(lineRateBps, baseRtt, mtuBytes);
    m_currentRate = static_cast<double>(lineRateBps);
    m_targetRate = m_currentRate;
    m_rate = lineRateBps;
    m_alpha = 1.0;
    m_alphaUpdated = Simulator::Now();
}

std::string
DcqcnCongestionControl::GetName() const
{
    return "dcqcn";
}

uint64_t
DcqcnCongestionControl::GetRate() const
{
    return m_rate;
}

double
DcqcnCongestionControl::GetAlpha() const
{
    const Time now = Simulator::Now();
    const int64_t periods = (now - m_alphaUpdated).GetTimeStep() / m_alphaInterval.GetTimeStep();
    if (periods > 0)
    {
        m_alpha *= std::pow(1.0 - m_g, static_cast<double>(periods));
        m_alphaUpdated += m_alphaInterval * periods;
    }
    return m_alpha;
}

uint64_t
DcqcnCongestionControl::GetTargetRate() const
{
    return static_cast<uint64_t>(m_targetRate);
}

uint64_t
DcqcnCongestionControl::GetRateCuts() const
{
    return m_cuts;
}

void
DcqcnCongestionControl::OnCongestionNotification()
{
    GetAlpha(); // applies the decays due since the last update
    ++m_cuts;
    m_targetRate = m_currentRate;
    m_currentRate =
        std::max(static_cast<double>(m_minRate.GetBitRate()), m_currentRate * (1 - m_alpha / 2));
    m_alpha = (1 - m_g) * m_alpha + m_g;
    // The decay period restarts at the CNP: alpha decays only after a CNP-free period.
    m_alphaUpdated = Simulator::Now();
    m_rate = static_cast<uint64_t>(m_currentRate);
    m_timerStages = 0;
    m_byteStages = 0;
    m_bytesSinceStage = 0;
    m_timer.Cancel();
    m_timer = Simulator::Schedule(m_increaseInterval, &DcqcnCongestionControl::TimerExpired, this);
    NS_LOG_LOGIC("CNP: rate " << m_currentRate << " target " << m_targetRate << " alpha "
                              << m_alpha);
}

void
DcqcnCongestionControl::OnPacketSent(uint32_t bytes)
{
    if (!m_timer.IsRunning())
    {
        return; // at line rate: nothing to recover
    }
    m_bytesSinceStage += bytes;
    if (m_bytesSinceStage >= m_byteCounter)
    {
        m_bytesSinceStage -= m_byteCounter;
        ++m_byteStages;
        Increase();
    }
}

void
DcqcnCongestionControl::TimerExpired()
{
    ++m_timerStages;
    Increase();
    if (m_currentRate < static_cast<double>(m_lineRate))
    {
        m_timer =
            Simulator::Schedule(m_increaseInterval, &DcqcnCongestionControl::TimerExpired, this);
    }
}

void
DcqcnCongestionControl::Increase()
{
    const double line = static_cast<double>(m_lineRate);
    const uint32_t high = std::max(m_timerStages, m_byteStages);
    const uint32_t low = std::min(m_timerStages, m_byteStages);
    if (high < m_fastRecoverySteps)
    {
        // fast recovery: towards the rate before the cut
    }
    else if (low > m_fastRecoverySteps)
    {
        m_targetRate += static_cast<double>(low - m_fastRecoverySteps) *
                        static_cast<double>(m_hyperIncrease.GetBitRate());
    }
    else
    {
        m_targetRate += static_cast<double>(m_additiveIncrease.GetBitRate());
    }
    m_targetRate = std::min(m_targetRate, line);
    m_currentRate = std::min((m_targetRate + m_currentRate) / 2, line);
    if (line - m_currentRate < 1.0)
    {
        m_currentRate = line;
        m_timer.Cancel();
    }
    m_rate = static_cast<uint64_t>(m_currentRate);
}

} // namespace ns3
