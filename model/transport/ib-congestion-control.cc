/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ib-congestion-control.h"

#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IbCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(IbCongestionControl);

TypeId
IbCongestionControl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IbCongestionControl")
            .SetParent<FabricCongestionControl>()
            .SetGroupName("AiFabric")
            .AddConstructor<IbCongestionControl>()
            .AddAttribute("CctiIncrease",
                          "CCTI increase per BECN, in table entries. Default 1: ccti_increase "
                          "of the Mellanox OpenSM Congestion Control Manager (Mellanox OFED user "
                          "manual rev 2.2, CC manager CA options) and of the ibccconfig(8) "
                          "example (infiniband-diags).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&IbCongestionControl::m_cctiIncrease),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("CctiLimit",
                          "Highest CCTI, in table entries (the last valid table index). "
                          "Default 127: two 64-entry CCT blocks, as in the ibccconfig(8) "
                          "example (infiniband-diags).",
                          UintegerValue(127),
                          MakeUintegerAccessor(&IbCongestionControl::m_cctiLimit),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("CctiMin",
                          "Lowest CCTI, in table entries; the timer never lowers it further. "
                          "Default 0: ccti_min of the Mellanox OpenSM Congestion Control "
                          "Manager (Mellanox OFED user manual rev 2.2).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IbCongestionControl::m_cctiMin),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("CctiTimer",
                          "Period of the timer that lowers the CCTI by one (IBA Annex A10 counts "
                          "it in units of 1.024 us, 16 bits). Default 150 x 1.024 us = 153.6 us, "
                          "the ibccconfig(8) example (infiniband-diags).",
                          TimeValue(NanoSeconds(150 * 1024)),
                          MakeTimeAccessor(&IbCongestionControl::m_cctiTimer),
                          MakeTimeChecker())
            .AddAttribute("CctShift",
                          "Shift of every entry of the linear table, 0..3: IPD(i) = i x "
                          "CctMultiplierStep x t_pkt / 2^CctShift, t_pkt = MTU x 8 / line rate. "
                          "Default 0, as in the ibccconfig(8) example table (entries 0:0, 0:1, "
                          "0:2, ...).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IbCongestionControl::m_cctShift),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("CctMultiplierStep",
                          "Multiplier added per index of the linear table (dimensionless; "
                          "multipliers are 14 bits, so CctiLimit x step <= 16383). Default 1, "
                          "as in the ibccconfig(8) example table (entry i = 0:i).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&IbCongestionControl::m_cctMultiplierStep),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Ccti",
                            "The congestion control table index.",
                            MakeTraceSourceAccessor(&IbCongestionControl::m_ccti),
                            "ns3::TracedValueCallback::Uint32");
    return tid;
}

IbCongestionControl::IbCongestionControl()
    : m_cctiTimer(NanoSeconds(150 * 1024)),
      m_ccti(0)
{
}

IbCongestionControl::~IbCongestionControl() = default;

void
IbCongestionControl::DoDispose()
{
    m_timer.Cancel();
    FabricCongestionControl::DoDispose();
}

void
IbCongestionControl::CheckConfig() const
{
    std::ostringstream oss;
    oss << "IbCongestionControl: ";
    if (m_cctShift > CCT_MAX_SHIFT)
    {
        oss << "CctShift " << int(m_cctShift) << " exceeds the 2-bit CCT shift limit "
            << int(CCT_MAX_SHIFT);
    }
    else if (m_cctiMin > m_cctiLimit)
    {
        oss << "CctiMin " << m_cctiMin << " exceeds CctiLimit " << m_cctiLimit;
    }
    else if (!m_cctiTimer.IsStrictlyPositive())
    {
        oss << "CctiTimer " << m_cctiTimer.As(Time::US) << " must be above 0";
    }
    else if (m_table.empty() && uint64_t(m_cctiLimit) * m_cctMultiplierStep > CCT_MULTIPLIER_MASK)
    {
        oss << "CctiLimit " << m_cctiLimit << " x CctMultiplierStep " << m_cctMultiplierStep
            << " = " << uint64_t(m_cctiLimit) * m_cctMultiplierStep
            << " exceeds the 14-bit CCT multiplier limit " << CCT_MULTIPLIER_MASK;
    }
    else if (!m_table.empty() && m_cctiLimit >= m_table.size())
    {
        oss << "CctiLimit " << m_cctiLimit << " is not below the table's " << m_table.size()
            << " entries";
    }
    else
    {
        return;
    }
    throw FabricConfigError(oss.str());
}

void
IbCongestionControl::Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes)
{
    NS_LOG_FUNCTION(this << lineRateBps << baseRtt << mtuBytes);
    CheckConfig();
    FabricCongestionControl::Start(lineRateBps, baseRtt, mtuBytes);
    m_timer.Cancel();
    m_ccti = m_cctiMin;
}

void
IbCongestionControl::SetTable(const std::vector<uint16_t>& entries)
{
    if (entries.empty())
    {
        throw FabricConfigError("IbCongestionControl: a congestion control table needs at least "
                                "1 entry, got 0");
    }
    m_table = entries;
}

uint16_t
IbCongestionControl::MakeCctEntry(uint8_t shift, uint16_t multiplier)
{
    return static_cast<uint16_t>(((shift & CCT_MAX_SHIFT) << 14) |
                                 (multiplier & CCT_MULTIPLIER_MASK));
}

uint16_t
IbCongestionControl::GetCctEntry(uint32_t index) const
{
    if (!m_table.empty())
    {
        return m_table[std::min<std::size_t>(index, m_table.size() - 1)];
    }
    return MakeCctEntry(m_cctShift, static_cast<uint16_t>(index * m_cctMultiplierStep));
}

uint32_t
IbCongestionControl::GetCcti() const
{
    return m_ccti;
}

Time
IbCongestionControl::GetPacketTime() const
{
    return m_lineRate == 0 ? Time(0) : Seconds(8.0 * m_mtu / m_lineRate);
}

Time
IbCongestionControl::GetInterPacketDelay() const
{
    if (m_lineRate == 0)
    {
        return Time(0);
    }
    // t_pkt x multiplier / 2^shift, rounded once to the Time resolution.
    const uint16_t entry = GetCctEntry(m_ccti);
    return Seconds(8.0 * m_mtu * (entry & CCT_MULTIPLIER_MASK) /
                   (double(m_lineRate) * (1u << (entry >> 14))));
}

uint64_t
IbCongestionControl::GetRate() const
{
    // line x t_pkt / (t_pkt + t_pkt x multiplier / 2^shift) = line x 2^shift / (2^shift + m)
    const uint16_t entry = GetCctEntry(m_ccti);
    const uint64_t scale = 1u << (entry >> 14);
    return m_lineRate * scale / (scale + (entry & CCT_MULTIPLIER_MASK));
}

void
IbCongestionControl::OnCongestionNotification()
{
    const uint32_t before = m_ccti;
    m_ccti = std::min(before + m_cctiIncrease, m_cctiLimit);
    NS_LOG_LOGIC("BECN: CCTI " << before << " -> " << m_ccti.Get());
    // The timer runs exactly while the CCTI is above CctiMin: start it when a BECN lifts the
    // index off the floor; a running timer keeps its phase.
    if (before <= m_cctiMin && m_ccti > m_cctiMin)
    {
        m_timer = Simulator::Schedule(m_cctiTimer, &IbCongestionControl::TimerExpired, this);
    }
}

void
IbCongestionControl::TimerExpired()
{
    if (m_ccti > m_cctiMin)
    {
        m_ccti = m_ccti - 1;
    }
    if (m_ccti > m_cctiMin)
    {
        m_timer = Simulator::Schedule(m_cctiTimer, &IbCongestionControl::TimerExpired, this);
    }
}

std::string
IbCongestionControl::GetName() const
{
    return "ib-cct";
}

} // namespace ns3
