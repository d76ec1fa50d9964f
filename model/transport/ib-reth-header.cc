/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ib-reth-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IbRethHeader);

TypeId
IbRethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IbRethHeader")
                            .SetParent<Header>()
                            .SetGroupName("AiFabric")
                            .AddConstructor<IbRethHeader>();
    return tid;
}

TypeId
IbRethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IbRethHeader::GetSerializedSize() const
{
    return 16;
}

void
IbRethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU64(virtualAddress);
    start.WriteHtonU32(rKey);
    start.WriteHtonU32(dmaLength);
}

uint32_t
IbRethHeader::Deserialize(Buffer::Iterator start)
{
    virtualAddress = start.ReadNtohU64();
    rKey = start.ReadNtohU32();
    dmaLength = start.ReadNtohU32();
    return 16;
}

void
IbRethHeader::Print(std::ostream& os) const
{
    os << "RETH va=0x" << std::hex << virtualAddress << " rkey=0x" << rKey << std::dec
       << " len=" << dmaLength;
}

} // namespace ns3
