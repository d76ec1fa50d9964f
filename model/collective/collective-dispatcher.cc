/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-dispatcher.h"

#include "collective-tag.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CollectiveDispatcher");
NS_OBJECT_ENSURE_REGISTERED(CollectiveDispatcher);

TypeId
CollectiveDispatcher::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CollectiveDispatcher")
                            .SetParent<Object>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<CollectiveDispatcher>();
    return tid;
}

CollectiveDispatcher::CollectiveDispatcher() = default;
CollectiveDispatcher::~CollectiveDispatcher() = default;

void
CollectiveDispatcher::DoDispose()
{
    m_handlers.clear();
    m_other.Nullify();
    Object::DoDispose();
}

Ptr<CollectiveDispatcher>
CollectiveDispatcher::Of(Ptr<FabricNic> nic)
{
    Ptr<CollectiveDispatcher> d = nic->GetObject<CollectiveDispatcher>();
    if (!d)
    {
        d = CreateObject<CollectiveDispatcher>();
        nic->AggregateObject(d);
        nic->SetReceiveCallback(MakeCallback(&CollectiveDispatcher::Receive, PeekPointer(d)));
    }
    return d;
}

void
CollectiveDispatcher::Register(uint32_t collective, FabricMessageCallback handler)
{
    m_handlers[collective] = handler;
}

void
CollectiveDispatcher::Unregister(uint32_t collective)
{
    m_handlers.erase(collective);
}

bool
CollectiveDispatcher::IsRegistered(uint32_t collective) const
{
    return m_handlers.count(collective) > 0;
}

void
CollectiveDispatcher::SetOtherReceiveCallback(FabricMessageCallback cb)
{
    m_other = cb;
}

uint64_t
CollectiveDispatcher::GetUnmatched() const
{
    return m_unmatched;
}

void
CollectiveDispatcher::Receive(const FabricMessage& message)
{
    if (!CollectiveTag::IsCollective(message.tag))
    {
        if (!m_other.IsNull())
        {
            m_other(message);
        }
        return;
    }
    const auto it = m_handlers.find(CollectiveTag::Decode(message.tag).collective);
    if (it == m_handlers.end())
    {
        ++m_unmatched;
        NS_LOG_WARN("collective message for an unregistered id, tag " << message.tag);
        return;
    }
    it->second(message);
}

} // namespace ns3
