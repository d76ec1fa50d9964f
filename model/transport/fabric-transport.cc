/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-transport.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricTransport");
NS_OBJECT_ENSURE_REGISTERED(FabricTransport);

TypeId
FabricTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FabricTransport").SetParent<Object>().SetGroupName("AiFabric");
    return tid;
}

FabricTransport::FabricTransport() = default;
FabricTransport::~FabricTransport() = default;

void
FabricTransport::Attach(FabricNic* nic)
{
    m_nic = nic;
}

void
FabricTransport::DoDispose()
{
    m_nic = nullptr;
    Object::DoDispose();
}

} // namespace ns3
