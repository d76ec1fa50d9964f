/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-mmu.h"

#include "ns3/fabric-config-error.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

std::string
FabricDropReasonName(FabricDropReason reason)
{
    switch (reason)
    {
    case FabricDropReason::BUFFER_FULL:
        return "buffer-full";
    case FabricDropReason::HEADROOM_OVERFLOW:
        return "headroom-overflow";
    case FabricDropReason::CREDIT_OVERRUN:
        return "credit-overrun";
    case FabricDropReason::NO_ROUTE:
        return "no-route";
    case FabricDropReason::LINK_DOWN:
        return "link-down";
    }
    return "unknown";
}

void
FabricMmu::Configure(const FabricMmuConfig& config,
                     const std::vector<uint64_t>& headroomBytes,
                     uint8_t pfcClasses,
                     const std::vector<uint64_t>& creditBytes)
{
    m_config = config;
    const std::size_t nPorts = std::max(headroomBytes.size(), creditBytes.size());
    m_ports.assign(nPorts, PortState());
    uint64_t reserved = 0;
    uint32_t nPfc = 0;
    for (uint8_t c = 0; c < FABRIC_NUM_CLASSES; ++c)
    {
        nPfc += (pfcClasses >> c) & 1u;
    }
    for (std::size_t p = 0; p < nPorts; ++p)
    {
        m_ports[p].headroom = p < headroomBytes.size() ? headroomBytes[p] : 0;
        m_ports[p].credit = p < creditBytes.size() ? creditBytes[p] : 0;
        reserved += m_ports[p].headroom * nPfc + m_ports[p].credit;
    }
    if (reserved >= config.bufferBytes)
    {
        std::ostringstream oss;
        oss << "switch buffer of " << config.bufferBytes << " bytes cannot hold its reserves ("
            << reserved << " bytes of PFC headroom and link credit for " << nPorts
            << " ports): raise BufferSize or lower CreditBuffer / the PFC classes";
        throw FabricConfigError(oss.str());
    }
    m_sharedSize = config.bufferBytes - reserved;
    m_sharedUsed = 0;
    m_reservedUsed = 0;
    m_peak = 0;
}

void
FabricMmu::AddEgress(uint32_t egress, uint8_t cls, uint32_t bytes)
{
    m_ports[egress].classes[cls].egress += bytes;
    m_ports[egress].egressTotal += bytes;
    m_peak = std::max(m_peak, GetOccupancy());
}

FabricMmu::Admission
FabricMmu::AdmitLossy(uint32_t egress, uint8_t cls, uint32_t bytes)
{
    Admission a;
    const double freeShared = static_cast<double>(m_sharedSize - m_sharedUsed);
    const PortState& port = m_ports[egress];
    if (m_sharedUsed + bytes > m_sharedSize ||
        port.classes[cls].egress + bytes > m_config.queueAlpha * freeShared ||
        port.egressTotal + bytes > m_config.portAlpha * freeShared)
    {
        a.reason = FabricDropReason::BUFFER_FULL;
        return a;
    }
    m_sharedUsed += bytes;
    AddEgress(egress, cls, bytes);
    a.admitted = true;
    a.region = LOSSY;
    return a;
}

double
FabricMmu::GetXoffThreshold() const
{
    return m_config.pfcAlpha * static_cast<double>(m_sharedSize - m_sharedUsed);
}

FabricMmu::Admission
FabricMmu::AdmitPfc(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes)
{
    Admission a;
    PortState& in = m_ports[ingress];
    ClassState& c = in.classes[cls];
    if (!c.paused && c.ingressShared + bytes <= GetXoffThreshold() &&
        m_sharedUsed + bytes <= m_sharedSize)
    {
        m_sharedUsed += bytes;
        c.ingressShared += bytes;
        a.region = SHARED;
    }
    else if (c.headroomUsed + bytes <= in.headroom)
    {
        // Past XOFF: what is still in flight from the upstream lands in headroom.
        c.headroomUsed += bytes;
        m_reservedUsed += bytes;
        a.region = HEADROOM;
    }
    else
    {
        a.reason = FabricDropReason::HEADROOM_OVERFLOW;
        return a;
    }
    a.admitted = true;
    if (!c.paused && (a.region == HEADROOM || c.ingressShared >= GetXoffThreshold()))
    {
        c.paused = true;
        a.pause = true;
    }
    AddEgress(egress, cls, bytes);
    return a;
}

FabricMmu::Admission
FabricMmu::AdmitCredit(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes)
{
    Admission a;
    PortState& in = m_ports[ingress];
    if (in.creditUsed + bytes > in.credit)
    {
        a.reason = FabricDropReason::CREDIT_OVERRUN;
        return a;
    }
    in.creditUsed += bytes;
    m_reservedUsed += bytes;
    a.admitted = true;
    a.region = CREDIT;
    AddEgress(egress, cls, bytes);
    return a;
}

bool
FabricMmu::Release(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes, Region region)
{
    PortState& out = m_ports[egress];
    uint64_t& egressBytes = out.classes[cls].egress;
    egressBytes -= std::min<uint64_t>(egressBytes, bytes);
    out.egressTotal -= std::min<uint64_t>(out.egressTotal, bytes);
    if (region == LOSSY)
    {
        // No ingress count was charged, so none is read: at scale the ingress port's record is
        // a cache miss per packet.
        m_sharedUsed -= std::min<uint64_t>(m_sharedUsed, bytes);
        return false;
    }
    PortState& in = m_ports[ingress];
    if (region == CREDIT)
    {
        in.creditUsed -= std::min<uint64_t>(in.creditUsed, bytes);
        m_reservedUsed -= std::min<uint64_t>(m_reservedUsed, bytes);
        return false;
    }
    ClassState& c = in.classes[cls];
    // Bytes of an ingress (port, class) leave its headroom first, as the cells that landed there
    // after XOFF are the ones whose departure must make room for the next XOFF's in-flight data.
    const uint64_t fromHeadroom = std::min<uint64_t>(c.headroomUsed, bytes);
    c.headroomUsed -= fromHeadroom;
    m_reservedUsed -= std::min<uint64_t>(m_reservedUsed, fromHeadroom);
    const uint64_t fromShared = bytes - fromHeadroom;
    m_sharedUsed -= std::min<uint64_t>(m_sharedUsed, fromShared);
    c.ingressShared -= std::min<uint64_t>(c.ingressShared, fromShared);
    if (c.paused && c.headroomUsed == 0)
    {
        const double held = static_cast<double>(c.ingressShared);
        if (held + m_config.xonDeltaBytes <= GetXoffThreshold() || held == 0)
        {
            c.paused = false;
            return true;
        }
    }
    return false;
}

uint64_t
FabricMmu::GetOccupancy() const
{
    return m_sharedUsed + m_reservedUsed;
}

uint64_t
FabricMmu::GetPeakOccupancy() const
{
    return m_peak;
}

uint64_t
FabricMmu::GetSharedSize() const
{
    return m_sharedSize;
}

uint64_t
FabricMmu::GetBufferSize() const
{
    return m_config.bufferBytes;
}

uint64_t
FabricMmu::GetEgressBytes(uint32_t egress) const
{
    return m_ports[egress].egressTotal;
}

uint64_t
FabricMmu::GetEgressBytes(uint32_t egress, uint8_t cls) const
{
    return m_ports[egress].classes[cls].egress;
}

uint64_t
FabricMmu::GetIngressBytes(uint32_t ingress, uint8_t cls) const
{
    const ClassState& c = m_ports[ingress].classes[cls];
    return c.ingressShared + c.headroomUsed;
}

bool
FabricMmu::IsPaused(uint32_t ingress, uint8_t cls) const
{
    return m_ports[ingress].classes[cls].paused;
}

} // namespace ns3
