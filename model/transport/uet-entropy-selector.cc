/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uet-entropy-selector.h"

#include "ns3/enum.h"
#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UetEntropySelector");
NS_OBJECT_ENSURE_REGISTERED(UetEntropySelector);

TypeId
UetEntropySelector::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UetEntropySelector")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<UetEntropySelector>()
            .AddAttribute("Mode",
                          "Oblivious (round-robin spraying over all EVs) or Reps (reuse EVs whose "
                          "ACKs came back without ECN; explore the next EV when none).",
                          EnumValue(UetEntropySelector::OBLIVIOUS),
                          MakeEnumAccessor(&UetEntropySelector::m_mode),
                          MakeEnumChecker(UetEntropySelector::OBLIVIOUS,
                                          "Oblivious",
                                          UetEntropySelector::REPS,
                                          "Reps"))
            .AddAttribute("NumEntropies",
                          "Number of entropy values (paths) a PDC uses (count). "
                          "Source: UE 1.0 / uet-htsim (64).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&UetEntropySelector::m_numEntropies),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("FirstEntropy",
                          "Lowest entropy value, i.e. UDP source port (the EVs are FirstEntropy "
                          ".. FirstEntropy + NumEntropies - 1).",
                          UintegerValue(49152),
                          MakeUintegerAccessor(&UetEntropySelector::m_firstEntropy),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("RepsBufferSize",
                          "Capacity of the queue of EVs to recycle, in EVs (Reps mode).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&UetEntropySelector::m_repsBufferSize),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

UetEntropySelector::UetEntropySelector()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

UetEntropySelector::~UetEntropySelector() = default;

uint16_t
UetEntropySelector::NextEntropy()
{
    if (m_mode == REPS && !m_recycle.empty())
    {
        const uint16_t ev = m_recycle.front();
        m_recycle.pop_front();
        ++m_recycled;
        return ev;
    }
    ++m_explored;
    return Explore();
}

void
UetEntropySelector::OnAck(uint16_t ev, bool ecn)
{
    if (m_mode != REPS)
    {
        return;
    }
    if (ecn)
    {
        Forget(ev);
        return;
    }
    if (m_recycle.size() < m_repsBufferSize)
    {
        m_recycle.push_back(ev);
    }
}

void
UetEntropySelector::OnLoss(uint16_t ev)
{
    if (m_mode == REPS)
    {
        Forget(ev);
    }
}

int64_t
UetEntropySelector::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
UetEntropySelector::SetRandomVariable(Ptr<UniformRandomVariable> random)
{
    m_random = random;
}

uint64_t
UetEntropySelector::GetRecycledCount() const
{
    return m_recycled;
}

uint64_t
UetEntropySelector::GetExploredCount() const
{
    return m_explored;
}

uint32_t
UetEntropySelector::GetRecycleQueueSize() const
{
    return uint32_t(m_recycle.size());
}

void
UetEntropySelector::DoDispose()
{
    m_random = nullptr;
    m_recycle.clear();
    Object::DoDispose();
}

uint16_t
UetEntropySelector::Explore()
{
    if (!m_started)
    {
        // Drawn on first use rather than at construction, so AssignStreams() called after
        // CreateObject still decides it.
        if (uint32_t(m_firstEntropy) + m_numEntropies > 65536u)
        {
            throw FabricConfigError("UetEntropySelector: FirstEntropy " +
                                    std::to_string(m_firstEntropy) + " + NumEntropies " +
                                    std::to_string(m_numEntropies) +
                                    " exceeds the 16-bit UDP port range");
        }
        m_next = m_random->GetInteger(0, m_numEntropies - 1u);
        m_started = true;
    }
    const uint16_t ev = uint16_t(m_firstEntropy + m_next);
    m_next = (m_next + 1) % m_numEntropies;
    return ev;
}

void
UetEntropySelector::Forget(uint16_t ev)
{
    m_recycle.erase(std::remove(m_recycle.begin(), m_recycle.end(), ev), m_recycle.end());
}

} // namespace ns3
