/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-nic.h"

#include "ns3/boolean.h"
#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-simulator-impl.h"
#include "ns3/fabric-tags.h"
#include "ns3/log.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricNic");
NS_OBJECT_ENSURE_REGISTERED(FabricNic);

namespace
{
/// Marks the queue note of a data packet the scheduler put in a device queue ("DATA").
constexpr uint32_t DATA_NOTE_MARK = 0x44415441;
} // namespace

FabricNicCounters&
FabricNicCounters::operator+=(const FabricNicCounters& o)
{
    messagesPosted += o.messagesPosted;
    messagesCompleted += o.messagesCompleted;
    messagesDelivered += o.messagesDelivered;
    bytesCompleted += o.bytesCompleted;
    bytesDelivered += o.bytesDelivered;
    dataPackets += o.dataPackets;
    retransmissions += o.retransmissions;
    acksSent += o.acksSent;
    nacksSent += o.nacksSent;
    nacksReceived += o.nacksReceived;
    timeouts += o.timeouts;
    duplicates += o.duplicates;
    outOfOrder += o.outOfOrder;
    cnpsSent += o.cnpsSent;
    congestionNotices += o.congestionNotices;
    becnsSent += o.becnsSent;
    ecnMarkedReceived += o.ecnMarkedReceived;
    trimmedReceived += o.trimmedReceived;
    creditGrantsSent += o.creditGrantsSent;
    pathChanges += o.pathChanges;
    return *this;
}

TypeId
FabricNic::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricNic")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricNic>()
            .AddAttribute("Mtu",
                          "Payload bytes of a full data packet (bytes; headers come on top).",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&FabricNic::m_mtu),
                          MakeUintegerChecker<uint32_t>(64, 8192))
            .AddAttribute("QueueDepth",
                          "Data packets of one class the scheduler keeps in a port's device "
                          "queue (packets); the next packet is built when one leaves.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&FabricNic::m_queueDepth),
                          MakeUintegerChecker<uint32_t>(1, 1024))
            .AddAttribute("ConnectionsPerPeer",
                          "Connections (QPs or PDCs) towards each peer; messages are spread "
                          "over them round robin unless the caller picks one.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&FabricNic::m_connectionsPerPeer),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("DataClass",
                          "Traffic class of data packets (0-7; RoCEv2 deployments run RDMA on "
                          "a PFC-enabled class, 3 by default).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&FabricNic::m_dataClass),
                          MakeUintegerChecker<uint8_t>(0, FABRIC_NUM_CLASSES - 1))
            .AddAttribute("ControlClass",
                          "Traffic class of ACK, NAK, CNP and credit packets (0-7; CNPs "
                          "commonly ride a high-priority class, 6).",
                          UintegerValue(6),
                          MakeUintegerAccessor(&FabricNic::m_controlClass),
                          MakeUintegerChecker<uint8_t>(0, FABRIC_NUM_CLASSES - 1))
            .AddTraceSource("MessageComplete",
                            "A message sent from this NIC was acknowledged whole.",
                            MakeTraceSourceAccessor(&FabricNic::m_messageCompleteTrace),
                            "ns3::FabricNic::MessageTracedCallback")
            .AddTraceSource("MessageDelivered",
                            "A message was received whole at this NIC.",
                            MakeTraceSourceAccessor(&FabricNic::m_messageDeliveredTrace),
                            "ns3::FabricNic::MessageTracedCallback");
    return tid;
}

FabricNic::FabricNic()
{
    m_transportFactory.SetTypeId("ns3::RoceTransport");
}

FabricNic::~FabricNic() = default;

void
FabricNic::DoDispose()
{
    for (Port& port : m_ports)
    {
        port.wake.Cancel();
        if (port.device)
        {
            port.device->SetEndpointHook(Callback<bool, Ptr<Packet>, uint16_t>());
            port.device->SetOwner(nullptr, 0, false);
        }
        port.device = nullptr;
        port.ready.clear();
    }
    if (m_transport)
    {
        m_transport->Dispose();
        m_transport = nullptr;
    }
    m_receiveCallback.Nullify();
    m_domainOf.Nullify();
    m_latency.Nullify();
    Object::DoDispose();
}

void
FabricNic::SetTransportFactory(const ObjectFactory& factory)
{
    m_transportFactory = factory;
}

void
FabricNic::SetCongestionControlFactory(const ObjectFactory& factory)
{
    m_ccFactory = factory;
}

void
FabricNic::Setup(uint32_t gpu,
                 Ptr<PhotonicNetDevice> nic,
                 Ptr<PhotonicNetDevice> scaleUp,
                 Callback<int64_t, uint32_t> domainOf,
                 PathLatencyCallback latency)
{
    NS_LOG_FUNCTION(this << gpu);
    m_gpu = gpu;
    m_domainOf = domainOf;
    m_latency = latency;
    m_domain = domainOf.IsNull() ? -1 : domainOf(gpu);
    if (nic)
    {
        m_nicPort = static_cast<int32_t>(m_ports.size());
        AddPort(nic, false);
    }
    if (scaleUp)
    {
        m_scaleUpPort = static_cast<int32_t>(m_ports.size());
        AddPort(scaleUp, true);
    }
    if (m_ports.empty())
    {
        throw FabricConfigError("FabricNic of GPU " + std::to_string(gpu) +
                                ": the GPU has neither a NIC nor a scale-up link");
    }
    for (const Port& port : m_ports)
    {
        const uint32_t frame = m_mtu + 128;
        if (port.device->GetMtu() < frame)
        {
            throw FabricConfigError("FabricNic of GPU " + std::to_string(gpu) + ": Mtu " +
                                    std::to_string(m_mtu) + " bytes plus headers exceeds the " +
                                    "device MTU of " + std::to_string(port.device->GetMtu()) +
                                    " bytes");
        }
    }
    m_transport = m_transportFactory.Create<FabricTransport>();
    if (!m_transport)
    {
        throw FabricConfigError("FabricNic: " + m_transportFactory.GetTypeId().GetName() +
                                " is not a FabricTransport");
    }
    m_transport->Attach(this);
}

void
FabricNic::AddPort(Ptr<PhotonicNetDevice> device, bool scaleUp)
{
    const uint32_t index = static_cast<uint32_t>(m_ports.size());
    Port port;
    port.device = device;
    port.scaleUp = scaleUp;
    port.rateBps = device->GetDataRate().GetBitRate();
    m_ports.push_back(port);
    device->SetEndpointHook(
        Callback<bool, Ptr<Packet>, uint16_t>([this, index](Ptr<Packet> p, uint16_t protocol) {
            return ReceiveFromPort(index, p, protocol);
        }));
    // Told directly when a frame leaves the device queue; frames arrive by the endpoint hook.
    device->SetOwner(this, index, false);
}

uint64_t
FabricNic::Send(uint32_t dst,
                uint64_t bytes,
                FabricMessageCallback done,
                uint64_t tag,
                int32_t connection)
{
    NS_ASSERT_MSG(m_transport, "FabricNic::Send before Setup");
    if (bytes == 0)
    {
        throw FabricConfigError("FabricNic of GPU " + std::to_string(m_gpu) +
                                ": a message needs at least one byte");
    }
    if (dst == m_gpu)
    {
        throw FabricConfigError("FabricNic of GPU " + std::to_string(m_gpu) +
                                ": a message to itself does not cross the network");
    }
    if (connection >= static_cast<int32_t>(m_connectionsPerPeer))
    {
        throw FabricConfigError("FabricNic of GPU " + std::to_string(m_gpu) + ": connection " +
                                std::to_string(connection) + " is beyond ConnectionsPerPeer (" +
                                std::to_string(m_connectionsPerPeer) + ")");
    }
    FabricMessage m;
    m.id = m_nextMessageId++;
    m.src = m_gpu;
    m.dst = dst;
    m.bytes = bytes;
    m.tag = tag;
    m.start = Simulator::Now();
    if (connection < 0)
    {
        uint32_t& next = m_nextConnection[dst];
        m.connection = next;
        next = (next + 1) % m_connectionsPerPeer;
    }
    else
    {
        m.connection = static_cast<uint32_t>(connection);
    }
    ++m_counters.messagesPosted;
    m_transport->Post(m, done);
    return m.id;
}

void
FabricNic::SetReceiveCallback(FabricMessageCallback cb)
{
    m_receiveCallback = cb;
}

uint32_t
FabricNic::GetGpu() const
{
    return m_gpu;
}

Ptr<FabricTransport>
FabricNic::GetTransport() const
{
    return m_transport;
}

int64_t
FabricNic::AssignStreams(int64_t stream)
{
    return m_transport ? m_transport->AssignStreams(stream) : 0;
}

const FabricNicCounters&
FabricNic::GetCounters() const
{
    return m_counters;
}

FabricNicCounters&
FabricNic::Counters()
{
    return m_counters;
}

uint32_t
FabricNic::GetMtu() const
{
    return m_mtu;
}

uint32_t
FabricNic::GetConnectionsPerPeer() const
{
    return m_connectionsPerPeer;
}

uint8_t
FabricNic::GetDataClass() const
{
    return m_dataClass;
}

uint8_t
FabricNic::GetControlClass() const
{
    return m_controlClass;
}

uint32_t
FabricNic::PortFor(uint32_t peer) const
{
    if (m_scaleUpPort >= 0 && m_domain >= 0 && !m_domainOf.IsNull() && m_domainOf(peer) == m_domain)
    {
        return static_cast<uint32_t>(m_scaleUpPort);
    }
    if (m_nicPort < 0)
    {
        throw FabricConfigError("FabricNic of GPU " + std::to_string(m_gpu) + ": GPU " +
                                std::to_string(peer) +
                                " is outside its scale-up domain and the GPU has no NIC");
    }
    return static_cast<uint32_t>(m_nicPort);
}

Ptr<PhotonicNetDevice>
FabricNic::GetPortDevice(uint32_t port) const
{
    return m_ports.at(port).device;
}

bool
FabricNic::IsScaleUpPort(uint32_t port) const
{
    return m_ports.at(port).scaleUp;
}

Ipv4Address
FabricNic::AddressOf(uint32_t gpu, uint32_t port) const
{
    return m_ports[port].scaleUp ? FabricAddressPlan::ScaleUpAddress(gpu)
                                 : FabricAddressPlan::NicAddress(gpu);
}

Mac48Address
FabricNic::MacOf(uint32_t gpu, uint32_t port) const
{
    return m_ports[port].scaleUp ? FabricAddressPlan::ScaleUpMac(gpu)
                                 : FabricAddressPlan::NicMac(gpu);
}

MacBytes
FabricNic::MacBytesOf(uint32_t gpu, uint32_t port) const
{
    MacBytes mac;
    FabricAddressPlan::GpuMacBytes(gpu, m_ports[port].scaleUp, mac.data());
    return mac;
}

Time
FabricNic::GetBaseRtt(uint32_t peer, uint32_t dataFrameBytes, uint32_t ackFrameBytes) const
{
    if (m_latency.IsNull())
    {
        return MicroSeconds(10);
    }
    return m_latency(m_gpu, peer, dataFrameBytes) + m_latency(peer, m_gpu, ackFrameBytes);
}

Ptr<FabricCongestionControl>
FabricNic::CreateCongestionControl(const std::string& transportDefault)
{
    if (m_ccFactory.GetTypeId() == TypeId())
    {
        m_ccFactory.SetTypeId(transportDefault);
    }
    return m_ccFactory.Create<FabricCongestionControl>();
}

void
FabricNic::Activate(FabricFlow* flow)
{
    Port& port = m_ports[flow->nicPort];
    if (!flow->scheduled)
    {
        flow->scheduled = true;
        port.ready.push_back(flow);
    }
    Serve(flow->nicPort);
}

void
FabricNic::SendControl(uint32_t port, Ptr<Packet> packet, uint16_t protocol, uint32_t peer)
{
    Port& p = m_ports[port];
    p.device->SendFrame(packet, MacBytesOf(peer, port), protocol);
}

void
FabricNic::NotifyCompleted(const FabricMessage& message, const FabricMessageCallback& done)
{
    ++m_counters.messagesCompleted;
    m_counters.bytesCompleted += message.bytes;
    m_messageCompleteTrace(message);
    if (!done.IsNull())
    {
        done(message);
    }
}

void
FabricNic::NotifyDelivered(const FabricMessage& message)
{
    ++m_counters.messagesDelivered;
    m_counters.bytesDelivered += message.bytes;
    m_messageDeliveredTrace(message);
    if (!m_receiveCallback.IsNull())
    {
        m_receiveCallback(message);
    }
}

bool
FabricNic::ReceiveFromPort(uint32_t port, Ptr<Packet> packet, uint16_t protocol)
{
    return m_transport && m_transport->Receive(port, packet, protocol);
}

void
FabricNic::FrameDequeued(uint32_t port,
                         const Ptr<Packet>& packet,
                         int cls,
                         const FabricQueueNote& note)
{
    if (note[0] != DATA_NOTE_MARK)
    {
        return; // a control packet: not counted against the queue depth
    }
    Port& p = m_ports[port];
    --p.queued[note[1]];
    if (!p.ready.empty())
    {
        Serve(port);
    }
}

void
FabricNic::Serve(uint32_t portIndex)
{
    Port& port = m_ports[portIndex];
    if (port.serving)
    {
        port.again = true;
        return;
    }
    port.serving = true;
    const Time now = FabricSimulatorImpl::FastNow();
    Time earliest = Time::Max();
    do
    {
        port.again = false;
        std::size_t idle = 0;
        while (!port.ready.empty() && idle < port.ready.size())
        {
            FabricFlow* flow = port.ready.front();
            port.ready.pop_front();
            const uint8_t cls = flow->trafficClass;
            if (port.queued[cls] >= m_queueDepth)
            {
                port.ready.push_back(flow);
                ++idle;
                continue;
            }
            const Time at = flow->NextSendTime(now);
            if (at == Time::Max())
            {
                flow->scheduled = false;
                continue;
            }
            if (at > now)
            {
                earliest = std::min(earliest, at);
                port.ready.push_back(flow);
                ++idle;
                continue;
            }
            uint16_t protocol = 0;
            Ptr<Packet> packet = flow->PullPacket(now, protocol);
            port.ready.push_back(flow);
            if (!packet)
            {
                ++idle;
                continue;
            }
            idle = 0;
            ++m_counters.dataPackets;
            ++port.queued[cls];
            // The note counts it against its class's depth when it leaves the device queue.
            if (!port.device->SendFrame(packet,
                                        MacBytesOf(flow->peer, portIndex),
                                        protocol,
                                        -1,
                                        FabricQueueNote{DATA_NOTE_MARK, cls, 0, 0}))
            {
                // Refused (link down): the transport's timers recover the packet.
                --port.queued[cls];
            }
        }
    } while (port.again);
    port.serving = false;
    if (earliest != Time::Max() &&
        (!port.wake.IsRunning() || Simulator::GetDelayLeft(port.wake) + now > earliest))
    {
        port.wake.Cancel();
        port.wake = Simulator::Schedule(earliest - now, &FabricNic::Serve, this, portIndex);
    }
}

} // namespace ns3
