/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-header-stack.h"

#include "ns3/abort.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FabricHeaderStack);

TypeId
FabricHeaderStack::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricHeaderStack")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<FabricHeaderStack>();
    return tid;
}

TypeId
FabricHeaderStack::GetInstanceTypeId() const
{
    return GetTypeId();
}

FabricHeaderStack::FabricHeaderStack() = default;

FabricHeaderStack::FabricHeaderStack(std::initializer_list<Header*> headers)
{
    NS_ABORT_MSG_IF(headers.size() > MAX_HEADERS,
                    "FabricHeaderStack holds at most " << MAX_HEADERS << " headers");
    for (Header* h : headers)
    {
        m_headers[m_count++] = h;
    }
}

uint32_t
FabricHeaderStack::GetSerializedSize() const
{
    uint32_t size = 0;
    for (std::size_t i = 0; i < m_count; ++i)
    {
        size += m_headers[i]->GetSerializedSize();
    }
    return size;
}

void
FabricHeaderStack::Serialize(Buffer::Iterator start) const
{
    uint32_t offset = GetSerializedSize();
    for (std::size_t i = m_count; i-- > 0;)
    {
        offset -= m_headers[i]->GetSerializedSize();
        Buffer::Iterator at = start;
        at.Next(offset);
        m_headers[i]->Serialize(at);
    }
}

uint32_t
FabricHeaderStack::Deserialize(Buffer::Iterator start)
{
    uint32_t read = 0;
    for (std::size_t i = 0; i < m_count; ++i)
    {
        Buffer::Iterator at = start;
        at.Next(read);
        read += m_headers[i]->Deserialize(at);
    }
    return read;
}

void
FabricHeaderStack::Print(std::ostream& os) const
{
    for (std::size_t i = 0; i < m_count; ++i)
    {
        os << (i ? " " : "") << m_headers[i]->GetInstanceTypeId().GetName() << " (";
        m_headers[i]->Print(os);
        os << ")";
    }
}

} // namespace ns3
