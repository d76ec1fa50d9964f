/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "rccc-credit-scheduler.h"

#include "ns3/double.h"
#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RcccCreditScheduler");
NS_OBJECT_ENSURE_REGISTERED(RcccCreditScheduler);

TypeId
RcccCreditScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RcccCreditScheduler")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<RcccCreditScheduler>()
            .AddAttribute("LinkRate",
                          "Line rate of the receiver's link, bits per second (a DataRate).",
                          DataRateValue(DataRate("800Gb/s")),
                          MakeDataRateAccessor(&RcccCreditScheduler::m_linkRate),
                          MakeDataRateChecker())
            .AddAttribute("RateFraction",
                          "Share of the link rate that granted bytes are paced to "
                          "(dimensionless). Source: UE 1.0 / uet-htsim (0.99).",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&RcccCreditScheduler::m_rateFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("CreditPerGrant",
                          "Bytes of credit per grant (4 x a 4096-byte MTU). "
                          "Source: UE 1.0 / uet-htsim.",
                          UintegerValue(4 * 4096),
                          MakeUintegerAccessor(&RcccCreditScheduler::m_creditPerGrant),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Grant",
                            "A grant was issued: sender id and bytes of credit.",
                            MakeTraceSourceAccessor(&RcccCreditScheduler::m_grantTrace),
                            "ns3::RcccCreditScheduler::GrantTracedCallback")
            .AddTraceSource("GrantCount",
                            "Number of grants issued.",
                            MakeTraceSourceAccessor(&RcccCreditScheduler::m_grants),
                            "ns3::TracedValueCallback::Uint64")
            .AddTraceSource("GrantedBytes",
                            "Bytes of credit granted.",
                            MakeTraceSourceAccessor(&RcccCreditScheduler::m_grantedBytes),
                            "ns3::TracedValueCallback::Uint64");
    return tid;
}

RcccCreditScheduler::RcccCreditScheduler()
    : m_grants(0),
      m_grantedBytes(0)
{
}

RcccCreditScheduler::~RcccCreditScheduler() = default;

void
RcccCreditScheduler::SetGrantCallback(GrantCallback cb)
{
    m_grantCallback = cb;
}

void
RcccCreditScheduler::AddDemand(uint32_t senderId, uint64_t bytes)
{
    NS_LOG_FUNCTION(this << senderId << bytes);
    if (bytes == 0)
    {
        return;
    }
    if (m_rateFraction * double(m_linkRate.GetBitRate()) <= 0)
    {
        throw FabricConfigError("RcccCreditScheduler: the credit rate (LinkRate x RateFraction) "
                                "is zero");
    }
    auto [it, inserted] = m_demand.emplace(senderId, 0);
    if (inserted)
    {
        m_round.push_back(senderId);
    }
    it->second += bytes;
    ScheduleNext();
}

void
RcccCreditScheduler::RemoveSender(uint32_t senderId)
{
    NS_LOG_FUNCTION(this << senderId);
    if (m_demand.erase(senderId) == 0)
    {
        return;
    }
    m_round.erase(std::find(m_round.begin(), m_round.end(), senderId));
    if (m_round.empty())
    {
        m_event.Cancel();
    }
}

uint64_t
RcccCreditScheduler::GetDemand(uint32_t senderId) const
{
    auto it = m_demand.find(senderId);
    return it == m_demand.end() ? 0 : it->second;
}

uint32_t
RcccCreditScheduler::GetActiveSenders() const
{
    return uint32_t(m_round.size());
}

uint64_t
RcccCreditScheduler::GetGrantCount() const
{
    return m_grants;
}

uint64_t
RcccCreditScheduler::GetGrantedBytes() const
{
    return m_grantedBytes;
}

void
RcccCreditScheduler::DoDispose()
{
    m_event.Cancel();
    m_grantCallback = MakeNullCallback<void, uint32_t, uint32_t>();
    m_demand.clear();
    m_round.clear();
    Object::DoDispose();
}

void
RcccCreditScheduler::ScheduleNext()
{
    if (m_event.IsRunning() || m_round.empty())
    {
        return;
    }
    // Idle until now: a new busy period starts, but not before the previous grant's bytes have
    // had their paced time, or stopping and restarting would exceed the rate.
    const Time now = Simulator::Now();
    m_busyStart = std::max(now, m_nextAllowed);
    m_busyBytes = 0;
    m_event = Simulator::Schedule(m_busyStart - now, &RcccCreditScheduler::Grant, this);
}

void
RcccCreditScheduler::Grant()
{
    if (m_round.empty())
    {
        return;
    }
    const uint32_t sender = m_round.front();
    m_round.pop_front();
    auto it = m_demand.find(sender);
    const uint32_t bytes = uint32_t(std::min<uint64_t>(m_creditPerGrant, it->second));
    it->second -= bytes;
    if (it->second > 0)
    {
        m_round.push_back(sender);
    }
    else
    {
        m_demand.erase(it);
    }

    // The next grant's time comes from all bytes of this busy period, so per-interval rounding
    // to the time resolution never adds up.
    m_busyBytes += bytes;
    const double rate = m_rateFraction * double(m_linkRate.GetBitRate());
    m_nextAllowed = m_busyStart + Seconds(double(m_busyBytes) * 8.0 / rate);
    m_grants = m_grants + 1;
    m_grantedBytes = m_grantedBytes + bytes;
    if (!m_round.empty())
    {
        m_event = Simulator::Schedule(m_nextAllowed - Simulator::Now(),
                                      &RcccCreditScheduler::Grant,
                                      this);
    }
    // Scheduled before the callback runs, so demand the callback adds joins this busy period.
    m_grantTrace(sender, bytes);
    if (!m_grantCallback.IsNull())
    {
        m_grantCallback(sender, bytes);
    }
}

} // namespace ns3
