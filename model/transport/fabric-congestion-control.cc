/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-congestion-control.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(FabricCongestionControl);

TypeId
FabricCongestionControl::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricCongestionControl")
                            .SetParent<Object>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricCongestionControl>();
    return tid;
}

FabricCongestionControl::FabricCongestionControl() = default;
FabricCongestionControl::~FabricCongestionControl() = default;

void
FabricCongestionControl::Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes)
{
    NS_LOG_FUNCTION(this << lineRateBps << baseRtt << mtuBytes);
    m_lineRate = lineRateBps;
    m_baseRtt = baseRtt;
    m_mtu = mtuBytes;
}

uint64_t
FabricCongestionControl::GetRate() const
{
    return m_lineRate;
}

uint64_t
FabricCongestionControl::GetWindow() const
{
    return UNLIMITED_WINDOW;
}

void
FabricCongestionControl::OnPacketSent(uint32_t bytes)
{
}

bool
FabricCongestionControl::OnAck(const FabricCcFeedback& feedback)
{
    return false;
}

void
FabricCongestionControl::OnCongestionNotification()
{
}

void
FabricCongestionControl::OnLoss(uint32_t bytes)
{
}

Time
FabricCongestionControl::PacedSendTime(Time now, uint32_t wireBytes) const
{
    const uint64_t rate = GetRate();
    if (rate >= m_lineRate || rate == 0)
    {
        return now;
    }
    return now + Seconds(wireBytes * 8.0 / static_cast<double>(rate));
}

std::string
FabricCongestionControl::GetName() const
{
    return "none";
}

uint64_t
FabricCongestionControl::GetLineRate() const
{
    return m_lineRate;
}

Time
FabricCongestionControl::GetBaseRtt() const
{
    return m_baseRtt;
}

uint32_t
FabricCongestionControl::GetMtu() const
{
    return m_mtu;
}

} // namespace ns3
