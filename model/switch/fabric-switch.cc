/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-switch.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-port-queue.h"
#include "ns3/ib-headers.h"
#include "ns3/ipv4-header.h"
#include "ns3/link-control-header.h"
#include "ns3/log.h"
#include "ns3/photonic-channel.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricSwitch");

NS_OBJECT_ENSURE_REGISTERED(FabricSwitch);

namespace
{
constexpr uint16_t IPV4_ETHERTYPE = 0x0800;
constexpr uint16_t MAX_PAUSE_QUANTA = 0xffff;
/// Ethernet header bytes in front of every frame the switch handles.
constexpr uint32_t ETH = FabricEthernetHeader::SIZE;

/**
 * \brief A copy of a frame without its Ethernet header, for the trace sinks, which get the
 * payload as the devices' MAC traces do.
 * \param frame the frame
 * \return the payload
 */
Ptr<const Packet>
PayloadOf(const Ptr<const Packet>& frame)
{
    Ptr<Packet> payload = frame->Copy();
    payload->RemoveAtStart(ETH);
    return payload;
}

/**
 * \brief Rewrite a frame's network header: the Ethernet header is taken off, the payload
 * changed, the header put back (trimming and ECN marking only; forwarding leaves frames whole).
 * \param frame the frame
 * \param change what changes the payload; returns whether it did
 * \return what change returned
 */
template <typename Change>
bool
RewritePayload(const Ptr<Packet>& frame, Change change)
{
    FabricEthernetHeader eth;
    frame->RemoveHeader(eth);
    const bool changed = change(frame);
    frame->AddHeader(eth);
    return changed;
}

/**
 * \brief A 64-bit mixing function (splitmix64 finalizer).
 * \param x input
 * \return mixed value
 */
uint64_t
Mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
} // namespace

std::string
FabricPortKindName(FabricPortKind kind)
{
    switch (kind)
    {
    case FabricPortKind::PLUGGABLE:
        return "pluggable";
    case FabricPortKind::LPO:
        return "lpo";
    case FabricPortKind::CPO:
        return "cpo";
    }
    return "unknown";
}

FabricPortKind
FabricPortKindOf(const std::string& transceiver)
{
    std::string upper = transceiver.substr(0, 3);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    if (upper == "CPO")
    {
        return FabricPortKind::CPO;
    }
    if (upper == "LPO")
    {
        return FabricPortKind::LPO;
    }
    return FabricPortKind::PLUGGABLE;
}

TypeId
FabricSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricSwitch")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricSwitch>()
            .AddAttribute("Name",
                          "Name used in messages (e.g. leaf3).",
                          StringValue("switch"),
                          MakeStringAccessor(&FabricSwitch::m_name),
                          MakeStringChecker())
            .AddAttribute("LoadBalancing",
                          "Choice among equal-cost ports: Ecmp (hash of the 5-tuple incl. the "
                          "UDP source port; for InfiniBand-style frames a linear forwarding "
                          "table: one port per destination LID), Spray (round robin per packet), "
                          "Adaptive (the least-occupied port; adaptive routing).",
                          EnumValue(ECMP),
                          MakeEnumAccessor(&FabricSwitch::m_loadBalancing),
                          MakeEnumChecker(ECMP, "Ecmp", SPRAY, "Spray", ADAPTIVE, "Adaptive"))
            .AddAttribute("HashSeed",
                          "ECMP hash seed; 0 = derived from the node id (avoids polarization "
                          "between tiers).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FabricSwitch::m_hashSeed),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PipelineLatency",
                          "Ingress-to-egress processing time of the ASIC (after a frame is "
                          "fully received).",
                          TimeValue(NanoSeconds(600)),
                          MakeTimeAccessor(&FabricSwitch::m_pipelineLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("BufferSize",
                          "Total packet buffer of the ASIC, in bytes.",
                          UintegerValue(64ull << 20),
                          MakeUintegerAccessor(&FabricSwitch::m_bufferBytes),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("QueueAlpha",
                          "Dynamic threshold of an egress (port, class): alpha x free shared "
                          "buffer (dimensionless).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&FabricSwitch::m_queueAlpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("PortAlpha",
                          "Dynamic threshold of an egress port: alpha x free shared buffer "
                          "(dimensionless).",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&FabricSwitch::m_portAlpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("PfcAlpha",
                          "PFC XOFF threshold of an ingress (port, class): alpha x free shared "
                          "buffer (dimensionless).",
                          DoubleValue(0.125),
                          MakeDoubleAccessor(&FabricSwitch::m_pfcAlpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("XonDelta",
                          "PFC resumes when the ingress (port, class) is this many bytes below "
                          "XOFF.",
                          UintegerValue(18432),
                          MakeUintegerAccessor(&FabricSwitch::m_xonDeltaBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PfcClasses",
                          "Bit mask of the lossless classes under PFC (bit c = class c).",
                          UintegerValue(0x08),
                          MakeUintegerAccessor(&FabricSwitch::m_pfcClasses),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("Headroom",
                          "PFC headroom per (port, lossless class), bytes; 0 = computed per port "
                          "as rate x (2 x (cable delay + receive path) + pipeline) + 3 MTU.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FabricSwitch::m_headroomBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("FlowControl",
                          "Link-level flow control of the ports: None (lossy), Pfc, Credit.",
                          EnumValue(static_cast<int>(FabricFlowControl::NONE)),
                          MakeEnumAccessor(&FabricSwitch::SetFlowControlValue,
                                           &FabricSwitch::GetFlowControlValue),
                          MakeEnumChecker(static_cast<int>(FabricFlowControl::NONE),
                                          "None",
                                          static_cast<int>(FabricFlowControl::PFC),
                                          "Pfc",
                                          static_cast<int>(FabricFlowControl::CREDIT),
                                          "Credit"))
            .AddAttribute("EcnEnabled",
                          "Mark by the RED profile on egress: CE in ECN-capable IPv4 packets, "
                          "FECN in InfiniBand-style frames (recomputing their VCRC).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&FabricSwitch::m_ecnEnabled),
                          MakeBooleanChecker())
            .AddAttribute("EcnKmin",
                          "RED Kmin: no marking at or below this egress (port, class) length, "
                          "bytes.",
                          UintegerValue(200000),
                          MakeUintegerAccessor(&FabricSwitch::m_ecnKmin),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EcnKmax",
                          "RED Kmax: every packet marked at or above this length, bytes.",
                          UintegerValue(800000),
                          MakeUintegerAccessor(&FabricSwitch::m_ecnKmax),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EcnPmax",
                          "RED Pmax: marking probability just below Kmax.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&FabricSwitch::m_ecnPmax),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Trimming",
                          "Cut a trimmable packet (DSCP-TRIMMABLE codepoint, or a FabricPacketTag "
                          "that allows it) that does not fit to its headers and send it in "
                          "TrimClass, remarked with the trimmed DSCP, instead of dropping it.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&FabricSwitch::m_trimming),
                          MakeBooleanChecker())
            .AddAttribute("TrimSize",
                          "Size of a trimmed IPv4 packet, bytes (IPv4 header included; 64 as in "
                          "the UEC reference simulator).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&FabricSwitch::m_trimSize),
                          MakeUintegerChecker<uint32_t>(28))
            .AddAttribute("TrimClass",
                          "Class trimmed packets are sent in (highest priority by default).",
                          UintegerValue(7),
                          MakeUintegerAccessor(&FabricSwitch::m_trimClass),
                          MakeUintegerChecker<uint8_t>(0, FABRIC_NUM_CLASSES - 1))
            .AddAttribute("Radix",
                          "Most ports the ASIC takes (0 = unchecked).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FabricSwitch::m_radix),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AsicCapacity",
                          "Switching capacity; the ports' line rates may not add up to more "
                          "(0 = unchecked).",
                          DataRateValue(DataRate(0)),
                          MakeDataRateAccessor(&FabricSwitch::m_asicCapacity),
                          MakeDataRateChecker())
            .AddAttribute("AsicPower",
                          "Power of the switch ASIC and its board without port optics, watts.",
                          DoubleValue(500.0),
                          MakeDoubleAccessor(&FabricSwitch::m_asicPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CpoPortsPerEngine",
                          "Ports one co-packaged optical engine serves (a 51.2 Tb/s CPO switch "
                          "with eight 6.4 Tb/s engines: 4 ports of 1.6T, the CPO preset).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&FabricSwitch::m_cpoPortsPerEngine),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("PortRx",
                            "A packet came in on a port.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_portRxTrace),
                            "ns3::FabricSwitch::PortPacketTracedCallback")
            .AddTraceSource("PortTx",
                            "A packet left its egress queue for the wire.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_portTxTrace),
                            "ns3::FabricSwitch::PortPacketTracedCallback")
            .AddTraceSource("Drop",
                            "The switch dropped a packet, with the port and reason.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_dropTrace),
                            "ns3::FabricSwitch::DropTracedCallback")
            .AddTraceSource("Enqueue",
                            "A packet was admitted to an egress queue, with the bytes already "
                            "in that (port, class) queue.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_enqueueTrace),
                            "ns3::FabricSwitch::EnqueueTracedCallback")
            .AddTraceSource("EcnMark",
                            "A packet was marked (IPv4 CE or InfiniBand FECN), with the queue "
                            "length RED saw.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_ecnMarkTrace),
                            "ns3::FabricSwitch::EcnMarkTracedCallback")
            .AddTraceSource("Trim",
                            "A packet was trimmed to its headers.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_trimTrace),
                            "ns3::FabricSwitch::PortPacketTracedCallback")
            .AddTraceSource("PfcSent",
                            "A PFC frame was sent upstream (true = XOFF, false = XON).",
                            MakeTraceSourceAccessor(&FabricSwitch::m_pfcSentTrace),
                            "ns3::FabricSwitch::PfcSentTracedCallback")
            .AddTraceSource("BufferOccupancy",
                            "Bytes held in the buffer.",
                            MakeTraceSourceAccessor(&FabricSwitch::m_occupancy),
                            "ns3::TracedValueCallback::Uint64");
    return tid;
}

FabricSwitch::FabricSwitch()
    : m_occupancy(0)
{
    m_ecnRng = CreateObject<UniformRandomVariable>();
    m_energyEpoch = Simulator::Now();
}

FabricSwitch::~FabricSwitch() = default;

void
FabricSwitch::DoDispose()
{
    for (auto& timers : m_pfcRefresh)
    {
        for (EventId& ev : timers)
        {
            ev.Cancel();
        }
    }
    for (Port& port : m_ports)
    {
        port.queue = nullptr;
        port.channel = nullptr;
        if (port.device)
        {
            port.device->SetOwner(nullptr, 0, false);
        }
        port.device = nullptr;
    }
    m_ports.clear();
    m_node = nullptr;
    m_routing = nullptr;
    m_ecnRng = nullptr;
    Object::DoDispose();
}

void
FabricSwitch::Install(Ptr<Node> node, uint32_t switchOrdinal)
{
    m_node = node;
    m_switchOrdinal = switchOrdinal;
    node->AggregateObject(this);
}

uint32_t
FabricSwitch::AddPort(Ptr<PhotonicNetDevice> device, FabricPortKind kind)
{
    NS_ABORT_MSG_IF(!m_node, "FabricSwitch::AddPort before Install");
    const uint32_t index = static_cast<uint32_t>(m_ports.size());
    if (m_radix > 0 && index + 1 > m_radix)
    {
        std::ostringstream oss;
        oss << "switch " << m_name << ": port " << index + 1 << " exceeds its radix of " << m_radix
            << " ports";
        throw FabricConfigError(oss.str());
    }
    if (m_asicCapacity.GetBitRate() > 0)
    {
        double total = device->GetDataRate().GetBitRate();
        for (const Port& p : m_ports)
        {
            total += p.device->GetDataRate().GetBitRate();
        }
        const double capacity = static_cast<double>(m_asicCapacity.GetBitRate());
        if (total > capacity * (1 + 1e-9))
        {
            std::ostringstream oss;
            oss << "switch " << m_name << ": " << index + 1 << " ports add up to " << total / 1e12
                << " Tb/s, more than the ASIC's " << capacity / 1e12 << " Tb/s";
            throw FabricConfigError(oss.str());
        }
    }
    Port port;
    port.device = device;
    port.kind = kind;
    if (kind == FabricPortKind::CPO)
    {
        port.cpoEngine = static_cast<int32_t>(m_nCpoPorts / m_cpoPortsPerEngine);
        ++m_nCpoPorts;
    }
    m_ports.push_back(port);
    m_pfcRefresh.emplace_back();
    // The MMU admits packets; the port queue itself must never refuse one.
    device->GetQueue()->SetMaxSize(QueueSize(QueueSizeUnit::PACKETS, 0xffffffffu));
    device->SetCreditFlowControl(m_flowControl == FabricFlowControl::CREDIT);
    // Frames come straight from the device, not through the node's protocol handlers.
    device->SetOwner(this, index, true);
    return index;
}

void
FabricSwitch::Finalize()
{
    std::vector<uint64_t> headroom(m_ports.size(), 0);
    std::vector<uint64_t> credit(m_ports.size(), 0);
    for (uint32_t i = 0; i < m_ports.size(); ++i)
    {
        Port& port = m_ports[i];
        port.queue = DynamicCast<const FabricPortQueue>(port.device->GetQueue());
        port.channel = DynamicCast<const PhotonicChannel>(port.device->GetChannel());
        port.headroom = 0;
        if (m_flowControl == FabricFlowControl::PFC)
        {
            if (m_headroomBytes > 0)
            {
                port.headroom = m_headroomBytes;
            }
            else
            {
                // In flight after XOFF: the pause waits behind one frame, crosses the cable
                // and the far end's receive path, the far end finishes its frame, and what it
                // sent meanwhile crosses back; plus what sits in this switch's pipeline.
                const double rateBytesPerS = port.device->GetDataRate().GetBitRate() / 8.0;
                Ptr<PhotonicChannel> channel =
                    DynamicCast<PhotonicChannel>(port.device->GetChannel());
                const double cable = channel ? channel->GetDelay().GetSeconds() : 0.0;
                const double rxPath = port.device->GetReceivePathLatency().GetSeconds();
                const double wireMtu = PhotonicNetDevice::WireBytes(
                    port.device->GetMtu() + PhotonicNetDevice::ETHERNET_HEADER_BYTES);
                port.headroom = static_cast<uint64_t>(
                    rateBytesPerS * (2 * (cable + rxPath) + m_pipelineLatency.GetSeconds()) +
                    3 * wireMtu);
            }
        }
        headroom[i] = port.headroom;
        credit[i] = port.device->GetCreditRegionBytes();
        port.device->SetDeferredCreditReturn(m_flowControl == FabricFlowControl::CREDIT);
    }
    m_ecn.kminBytes = m_ecnKmin;
    m_ecn.kmaxBytes = m_ecnKmax;
    m_ecn.pmax = m_ecnPmax;
    if (m_ecnEnabled && m_ecnKmax <= m_ecnKmin)
    {
        std::ostringstream oss;
        oss << "switch " << m_name << ": EcnKmax (" << m_ecnKmax
            << " bytes) must be above EcnKmin (" << m_ecnKmin << " bytes)";
        throw FabricConfigError(oss.str());
    }
    FabricMmuConfig config;
    config.bufferBytes = m_bufferBytes;
    config.queueAlpha = m_queueAlpha;
    config.portAlpha = m_portAlpha;
    config.pfcAlpha = m_pfcAlpha;
    config.xonDeltaBytes = m_xonDeltaBytes;
    try
    {
        m_mmu.Configure(config,
                        headroom,
                        m_flowControl == FabricFlowControl::PFC ? m_pfcClasses : 0,
                        credit);
    }
    catch (const FabricConfigError& e)
    {
        throw FabricConfigError(m_name + ": " + e.what());
    }
    if (m_hashSeed == 0 && m_node)
    {
        m_hashSeed = static_cast<uint32_t>(Mix64(m_node->GetId() + 1));
    }
    m_finalized = true;
}

void
FabricSwitch::SetRouting(Ptr<const FabricRouting> routing)
{
    m_routing = routing;
}

void
FabricSwitch::SetFlowControl(FabricFlowControl mode)
{
    m_flowControl = mode;
    for (Port& port : m_ports)
    {
        port.device->SetCreditFlowControl(mode == FabricFlowControl::CREDIT);
    }
}

FabricFlowControl
FabricSwitch::GetFlowControl() const
{
    return m_flowControl;
}

void
FabricSwitch::SetFlowControlValue(int mode)
{
    SetFlowControl(static_cast<FabricFlowControl>(mode));
}

int
FabricSwitch::GetFlowControlValue() const
{
    return static_cast<int>(m_flowControl);
}

void
FabricSwitch::FrameReceived(uint32_t port,
                            const Ptr<Packet>& packet,
                            uint16_t protocol,
                            const MacBytes& to,
                            const FabricFrameFields& fields)
{
    ReceiveFromPort(port, packet, protocol, to, fields);
}

void
FabricSwitch::FrameDequeued(uint32_t port,
                            const Ptr<Packet>& packet,
                            int cls,
                            const FabricQueueNote& note)
{
    HopRecord hop;
    if (!HopRecord::FromNote(note, hop))
    {
        return; // a frame the switch did not send is not its business
    }
    FabricPortCounters& c = m_ports[port].counters;
    ++c.txPackets;
    c.txBytes += packet->GetSize();
    if (!m_portTxTrace.IsEmpty())
    {
        m_portTxTrace(port, packet);
    }
    Release(port, hop);
}

void
FabricSwitch::PrefetchPort(uint32_t port, const FabricFrameFields& fields) const
{
    if (port < m_ports.size())
    {
        __builtin_prefetch(&m_ports[port]);
    }
    if (fields.kind == FabricFrameFields::UNKNOWN || !m_routing)
    {
        return;
    }
    const int64_t gpu = GpuOf(fields);
    if (gpu >= 0 && gpu < m_routing->GetNGpus())
    {
        m_routing->PrefetchNextHops(m_switchOrdinal, static_cast<uint32_t>(gpu));
    }
}

void
FabricSwitch::PrefetchRoute(uint32_t port, const FabricFrameFields& fields) const
{
    if (fields.kind == FabricFrameFields::UNKNOWN || !m_routing || m_loadBalancing == ADAPTIVE)
    {
        return;
    }
    const int64_t gpu = GpuOf(fields);
    if (gpu < 0 || gpu >= m_routing->GetNGpus())
    {
        return;
    }
    // The lookup Forward() makes, without its side effect (the spraying counter).
    int32_t attached = -1;
    const FabricPortSet hops =
        m_routing->NextHops(m_switchOrdinal, static_cast<uint32_t>(gpu), attached);
    if (attached < 0 && hops.empty())
    {
        return;
    }
    const uint32_t egress =
        attached >= 0 ? static_cast<uint32_t>(attached) : hops[SpreadIndex(hops, fields, gpu)];
    if (egress < m_ports.size())
    {
        __builtin_prefetch(&m_ports[egress]);
        m_mmu.PrefetchEgress(egress, fields.cls);
    }
}

void
FabricSwitch::PrefetchEgress(uint32_t port, uint8_t cls) const
{
    if (port < m_ports.size())
    {
        __builtin_prefetch(&m_ports[port]);
    }
    m_mmu.PrefetchEgress(port, cls);
}

void
FabricSwitch::ReceiveFromPort(uint32_t ingress,
                              const Ptr<Packet>& packet,
                              uint16_t protocol,
                              const MacBytes& to,
                              const FabricFrameFields& fields)
{
    FabricPortCounters& c = m_ports[ingress].counters;
    ++c.rxPackets;
    c.rxBytes += packet->GetSize() - ETH;
    if (!m_portRxTrace.IsEmpty())
    {
        m_portRxTrace(ingress, PayloadOf(packet));
    }
    if (m_pipelineLatency.IsZero())
    {
        Forward(packet, protocol, to, ingress, fields);
    }
    else
    {
        Simulator::Schedule(m_pipelineLatency,
                            &FabricSwitch::Forward,
                            this,
                            packet,
                            protocol,
                            to,
                            ingress,
                            fields);
    }
}

FabricFrameFields
FabricSwitch::ReadFields(const Ptr<const Packet>& packet, uint16_t protocol, const MacBytes& to)
{
    FabricFrameFields f;
    f.destination = to;
    f.protocol = protocol;
    f.kind = FabricFrameFields::OTHER;
    const uint32_t size = packet->GetSize() - ETH;
    if (protocol == IPV4_ETHERTYPE && size >= 20)
    {
        // IPv4 addresses, protocol and L4 ports.
        uint8_t frame[ETH + 64];
        const uint8_t* b = frame + ETH;
        const uint32_t n =
            packet->CopyData(frame, std::min<uint32_t>(ETH + size, sizeof(frame))) - ETH;
        const uint32_t ihl = (b[0] & 0x0f) * 4u;
        f.source4 =
            (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | b[15];
        f.destination4 =
            (uint32_t(b[16]) << 24) | (uint32_t(b[17]) << 16) | (uint32_t(b[18]) << 8) | b[19];
        f.ipProtocol = b[9];
        if ((f.ipProtocol == 6 || f.ipProtocol == 17) && n >= ihl + 4)
        {
            f.ports = (uint32_t(b[ihl]) << 24) | (uint32_t(b[ihl + 1]) << 16) |
                      (uint32_t(b[ihl + 2]) << 8) | b[ihl + 3];
        }
        f.cls = FabricPriorityOfHeader(b, n, protocol);
        f.kind = FabricFrameFields::IPV4;
    }
    else if (protocol == IB_ETHERTYPE && size >= IbLrhHeader::SIZE)
    {
        // The LRH DLID.
        uint8_t frame[ETH + 4];
        const uint8_t* b = frame + ETH;
        packet->CopyData(frame, sizeof(frame));
        f.destination4 = static_cast<uint16_t>((b[2] << 8) | b[3]);
        f.cls = FabricPriorityOfHeader(b, 4, protocol);
        f.kind = FabricFrameFields::IB;
    }
    return f;
}

int64_t
FabricSwitch::GpuOf(const FabricFrameFields& fields)
{
    switch (fields.kind)
    {
    case FabricFrameFields::IPV4:
        return FabricAddressPlan::GpuOfIpv4(fields.destination4);
    case FabricFrameFields::IB:
        return FabricAddressPlan::GpuOfLid(static_cast<uint16_t>(fields.destination4));
    case FabricFrameFields::OTHER:
        return FabricAddressPlan::GpuOfMacBytes(fields.destination.data());
    default:
        return -1;
    }
}

uint64_t
FabricSwitch::FlowHashOf(const FabricFrameFields& fields, int64_t gpu) const
{
    switch (fields.kind)
    {
    case FabricFrameFields::IPV4: {
        const uint64_t h =
            Mix64(m_hashSeed ^ ((uint64_t(fields.source4) << 32) | fields.destination4));
        return Mix64(h ^ ((uint64_t(fields.ipProtocol) << 32) | fields.ports));
    }
    case FabricFrameFields::IB:
        // Linear forwarding table: the port depends on the DLID alone (no flow hash), so all
        // packets to one LID take one port and different LIDs spread over the next hops.
        return Mix64(m_hashSeed ^ fields.destination4);
    default:
        return Mix64(m_hashSeed ^ static_cast<uint64_t>(gpu + 1));
    }
}

void
FabricSwitch::Forward(const Ptr<Packet>& packet,
                      uint16_t protocol,
                      const MacBytes& to,
                      uint32_t ingress,
                      const FabricFrameFields& arrived)
{
    NS_ASSERT_MSG(m_finalized, "FabricSwitch " << m_name << " used before Finalize()");
    const uint32_t size = packet->GetSize() - ETH;
    // What the frame's bytes say: from the sending switch when it read them, else read here.
    FabricFrameFields fields =
        arrived.kind == FabricFrameFields::UNKNOWN ? ReadFields(packet, protocol, to) : arrived;
    // The class: a FabricPacketTag's, else the headers'.
    const int tagged = FabricTaggedPriority(packet);
    uint8_t cls = tagged >= 0 ? static_cast<uint8_t>(tagged) : fields.cls;
    const bool isIpv4 = fields.kind == FabricFrameFields::IPV4;
    const bool isIb = fields.kind == FabricFrameFields::IB;
    if (!isIpv4 && !isIb && tagged < 0)
    {
        cls = FabricPriorityOf(packet, true);
    }
    // Destination: the IPv4 address, the LRH DLID of an InfiniBand-style frame, else the
    // destination MAC.
    const int64_t gpu = GpuOf(fields);
    const uint32_t blocks =
        m_flowControl == FabricFlowControl::CREDIT
            ? LinkFlowControl::BlocksFor(size + PhotonicNetDevice::ETHERNET_HEADER_BYTES)
            : 0;

    int32_t egress = -1;
    if (gpu >= 0 && m_routing && gpu < m_routing->GetNGpus())
    {
        int32_t attached = -1;
        const FabricPortSet hops =
            m_routing->NextHops(m_switchOrdinal, static_cast<uint32_t>(gpu), attached);
        if (attached >= 0)
        {
            egress = attached;
        }
        else if (!hops.empty())
        {
            egress = static_cast<int32_t>(ChoosePort(hops, fields, gpu));
        }
    }
    if (egress < 0)
    {
        Drop(packet, ingress, ingress, cls, blocks, FabricDropReason::NO_ROUTE);
        return;
    }
    const uint32_t out = static_cast<uint32_t>(egress);
    {
        // What sending on the egress port reads first, hinted together while the admission
        // below waits for its own counters: the device, its queue and its cable (one line of
        // each; hinting their whole per-frame state cost more at 128 hosts than it saved).
        const Port& port = m_ports[out];
        __builtin_prefetch(PeekPointer(port.device));
        __builtin_prefetch(PeekPointer(port.queue));
        __builtin_prefetch(PeekPointer(port.channel));
    }

    uint8_t outCls = cls;
    bool rewritten = false; // the frame's bytes changed: its fields are read again
    FabricMmu::Admission a;
    if (m_flowControl == FabricFlowControl::CREDIT)
    {
        a = m_mmu.AdmitCredit(ingress, out, cls, size);
    }
    else if (m_flowControl == FabricFlowControl::PFC && (m_pfcClasses & (1u << cls)))
    {
        a = m_mmu.AdmitPfc(ingress, out, cls, size);
    }
    else
    {
        a = m_mmu.AdmitLossy(out, cls, size);
        if (!a.admitted && m_trimming && isIpv4 &&
            RewritePayload(packet, [this](const Ptr<Packet>& payload) { return Trim(payload); }))
        {
            rewritten = true;
            outCls = m_trimClass;
            a = m_mmu.AdmitLossy(out, outCls, packet->GetSize() - ETH);
            if (a.admitted)
            {
                ++m_ports[out].counters.trims;
                if (!m_trimTrace.IsEmpty())
                {
                    m_trimTrace(out, PayloadOf(packet));
                }
            }
        }
    }
    if (!a.admitted)
    {
        Drop(packet, out, ingress, cls, blocks, a.reason);
        return;
    }
    m_occupancy = m_mmu.GetOccupancy();
    if (a.pause)
    {
        SendPause(ingress, cls);
    }
    const uint32_t charged = packet->GetSize() - ETH;
    const uint64_t queue = m_mmu.GetEgressBytes(out, outCls) - charged;
    m_enqueueTrace(out, outCls, queue);
    if (m_ecnEnabled && (isIpv4 || isIb))
    {
        const double p = m_ecn.MarkProbability(queue);
        if (p > 0 && (p >= 1.0 || m_ecnRng->GetValue() < p) &&
            RewritePayload(packet, [this, isIpv4](const Ptr<Packet>& payload) {
                return isIpv4 ? MarkCe(payload) : IbMarkFecn(payload);
            }))
        {
            rewritten = true;
            ++m_ports[out].counters.ecnMarks;
            m_ecnMarkTrace(out, queue);
        }
    }
    if (rewritten)
    {
        fields = ReadFields(packet, fields.protocol, fields.destination);
    }
    HopRecord hop;
    hop.ingressPort = static_cast<uint16_t>(ingress);
    hop.priority = outCls;
    hop.charge = a.region;
    hop.bytes = charged;
    hop.creditBlocks = blocks;
    if (!m_ports[out].device->ForwardFrame(packet, outCls, hop.ToNote(), fields))
    {
        Release(out, hop);
        Drop(packet, out, ingress, cls, 0, FabricDropReason::LINK_DOWN);
    }
}

uint32_t
FabricSwitch::SpreadIndex(const FabricPortSet& ports,
                          const FabricFrameFields& fields,
                          int64_t gpu) const
{
    if (ports.count == 1)
    {
        return 0;
    }
    return m_loadBalancing == SPRAY ? m_sprayNext % ports.count
                                    : FlowHashOf(fields, gpu) % ports.count;
}

uint32_t
FabricSwitch::ChoosePort(const FabricPortSet& ports, const FabricFrameFields& fields, int64_t gpu)
{
    const std::size_t n = ports.count;
    if (n > 1 && m_loadBalancing == ADAPTIVE)
    {
        uint64_t best = std::numeric_limits<uint64_t>::max();
        uint16_t tied[256];
        std::size_t nTied = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint16_t p = ports[i];
            const uint64_t bytes = m_mmu.GetEgressBytes(p);
            if (bytes < best)
            {
                best = bytes;
                nTied = 0;
            }
            if (bytes == best && nTied < 256)
            {
                tied[nTied++] = p;
            }
        }
        return tied[FlowHashOf(fields, gpu) % nTied];
    }
    const uint32_t chosen = ports[SpreadIndex(ports, fields, gpu)];
    if (n > 1 && m_loadBalancing == SPRAY)
    {
        ++m_sprayNext;
    }
    return chosen;
}

void
FabricSwitch::Drop(Ptr<const Packet> packet,
                   uint32_t port,
                   uint32_t ingress,
                   uint8_t cls,
                   uint32_t creditBlocks,
                   FabricDropReason reason)
{
    NS_LOG_LOGIC(m_name << " drop " << FabricDropReasonName(reason) << " port " << port);
    ++m_ports[port].counters.drops[static_cast<std::size_t>(reason)];
    if (!m_dropTrace.IsEmpty())
    {
        m_dropTrace(PayloadOf(packet), port, reason);
    }
    if (creditBlocks > 0)
    {
        m_ports[ingress].device->ReturnCredits(cls, creditBlocks);
    }
}

namespace
{
/// Marks a queue note as a switch's hop record (word 3).
constexpr uint32_t HOP_RECORD_MARK = 0x48524543; // "HREC"
} // namespace

FabricQueueNote
FabricSwitch::HopRecord::ToNote() const
{
    return {bytes,
            creditBlocks,
            uint32_t(ingressPort) | (uint32_t(priority) << 16) | (uint32_t(charge) << 24),
            HOP_RECORD_MARK};
}

bool
FabricSwitch::HopRecord::FromNote(const FabricQueueNote& note, HopRecord& hop)
{
    if (note[3] != HOP_RECORD_MARK)
    {
        return false;
    }
    hop.bytes = note[0];
    hop.creditBlocks = note[1];
    hop.ingressPort = static_cast<uint16_t>(note[2] & 0xffff);
    hop.priority = static_cast<uint8_t>((note[2] >> 16) & 0xff);
    hop.charge = static_cast<uint8_t>(note[2] >> 24);
    return true;
}

void
FabricSwitch::Release(uint32_t egress, const HopRecord& hop)
{
    const bool resume = m_mmu.Release(hop.ingressPort,
                                      egress,
                                      hop.priority,
                                      hop.bytes,
                                      static_cast<FabricMmu::Region>(hop.charge));
    m_occupancy = m_mmu.GetOccupancy();
    Port& in = m_ports[hop.ingressPort];
    if (resume)
    {
        m_pfcRefresh[hop.ingressPort][hop.priority].Cancel();
        in.device->SendPfc(hop.priority, 0);
        ++in.counters.pfcResumesSent;
        m_pfcSentTrace(hop.ingressPort, hop.priority, false);
    }
    if (hop.creditBlocks > 0)
    {
        in.device->ReturnCredits(hop.priority, hop.creditBlocks);
    }
}

void
FabricSwitch::SendPause(uint32_t ingress, uint8_t cls)
{
    Port& in = m_ports[ingress];
    in.device->SendPfc(cls, MAX_PAUSE_QUANTA);
    ++in.counters.pfcPausesSent;
    m_pfcSentTrace(ingress, cls, true);
    // Refresh before the far end's pause runs out, while still over XOFF.
    const Time pause =
        PfcPauseHeader::QuantaToTime(MAX_PAUSE_QUANTA,
                                     static_cast<double>(in.device->GetDataRate().GetBitRate()));
    m_pfcRefresh[ingress][cls].Cancel();
    m_pfcRefresh[ingress][cls] = Simulator::Schedule(pause / 2, [this, ingress, cls]() {
        if (m_mmu.IsPaused(ingress, cls))
        {
            SendPause(ingress, cls);
        }
    });
}

bool
FabricSwitch::Trim(Ptr<Packet> packet)
{
    // Trimmable: the DSCP-TRIMMABLE codepoint, or for traffic sent with a FabricPacketTag, the
    // tag's say.
    FabricPacketTag tag;
    const bool tagged = packet->GetPacketTagIterator().HasNext() && packet->PeekPacketTag(tag);
    Ipv4Header ip;
    // By bytes, not RemoveHeader: senders may add their headers as one FabricHeaderStack.
    const uint32_t ipBytes = packet->PeekHeader(ip);
    const bool trimmable = tagged ? tag.IsTrimmable() && !tag.IsTrimmed()
                                  : FabricTosCodepoint(ip.GetTos()) == FABRIC_DSCP_TRIMMABLE;
    if (!trimmable)
    {
        return false;
    }
    packet->RemoveAtStart(ipBytes);
    const uint32_t headerBytes = ip.GetSerializedSize();
    const uint32_t keep = m_trimSize > headerBytes ? m_trimSize - headerBytes : 0;
    const uint32_t payload = packet->GetSize();
    if (payload <= keep)
    {
        packet->AddHeader(ip);
        return false;
    }
    packet->RemoveAtEnd(payload - keep);
    ip.SetPayloadSize(keep);
    // Remarked: the trim class's selector with the trimmed codepoint; ECN bits kept.
    ip.SetTos(FabricTos(m_trimClass, FABRIC_DSCP_TRIMMED, ip.GetTos()));
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    packet->AddHeader(ip);
    if (tagged)
    {
        tag.SetTrimmed(true);
        tag.SetPriority(m_trimClass);
        packet->ReplacePacketTag(tag);
    }
    return true;
}

bool
FabricSwitch::MarkCe(Ptr<Packet> packet)
{
    uint8_t b[2];
    packet->CopyData(b, 2);
    const uint8_t ecn = b[1] & 0x03;
    if (ecn == Ipv4Header::ECN_NotECT || ecn == Ipv4Header::ECN_CE)
    {
        return false;
    }
    Ipv4Header ip;
    packet->RemoveAtStart(packet->PeekHeader(ip));
    ip.SetEcn(Ipv4Header::ECN_CE);
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    packet->AddHeader(ip);
    return true;
}

void
FabricSwitch::SetCpoEngineFailed(uint32_t engine, bool failed)
{
    const std::vector<uint32_t> ports = GetCpoEnginePorts(engine);
    if (ports.empty())
    {
        std::ostringstream oss;
        oss << "switch " << m_name << " has no CPO optical engine " << engine << " (it has "
            << GetNCpoEngines() << ")";
        throw FabricConfigError(oss.str());
    }
    for (uint32_t p : ports)
    {
        Ptr<PhotonicChannel> channel =
            DynamicCast<PhotonicChannel>(m_ports[p].device->GetChannel());
        channel->SetLinkUp(!failed);
    }
}

std::vector<uint32_t>
FabricSwitch::GetCpoEnginePorts(uint32_t engine) const
{
    std::vector<uint32_t> ports;
    for (uint32_t p = 0; p < m_ports.size(); ++p)
    {
        if (m_ports[p].cpoEngine == static_cast<int32_t>(engine))
        {
            ports.push_back(p);
        }
    }
    return ports;
}

uint32_t
FabricSwitch::GetNCpoEngines() const
{
    return (m_nCpoPorts + m_cpoPortsPerEngine - 1) / m_cpoPortsPerEngine;
}

uint32_t
FabricSwitch::GetNPorts() const
{
    return static_cast<uint32_t>(m_ports.size());
}

Ptr<PhotonicNetDevice>
FabricSwitch::GetPort(uint32_t port) const
{
    return m_ports.at(port).device;
}

FabricPortKind
FabricSwitch::GetPortKind(uint32_t port) const
{
    return m_ports.at(port).kind;
}

const FabricPortCounters&
FabricSwitch::GetPortCounters(uint32_t port) const
{
    return m_ports.at(port).counters;
}

const FabricMmu&
FabricSwitch::GetMmu() const
{
    return m_mmu;
}

uint64_t
FabricSwitch::GetHeadroom(uint32_t port) const
{
    return m_ports.at(port).headroom;
}

double
FabricSwitch::GetPowerW() const
{
    double watts = m_asicPowerW;
    for (const Port& p : m_ports)
    {
        watts += p.device->GetTransceiver().powerW;
    }
    return watts;
}

double
FabricSwitch::GetEnergy() const
{
    double joules = m_asicPowerW * (Simulator::Now() - m_energyEpoch).GetSeconds();
    for (const Port& p : m_ports)
    {
        joules += p.device->GetEnergy();
    }
    return joules;
}

std::string
FabricSwitch::GetName() const
{
    return m_name;
}

Time
FabricSwitch::GetPipelineLatency() const
{
    return m_pipelineLatency;
}

int64_t
FabricSwitch::AssignStreams(int64_t stream)
{
    m_ecnRng->SetStream(stream);
    return 1;
}

} // namespace ns3
