/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-net-device.h"

#include "optics-catalogue.h"
#include "photonic-channel.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-port-queue.h"
#include "ns3/fabric-prefetching-event.h"
#include "ns3/fabric-simulator-impl.h"
#include "ns3/link-control-header.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PhotonicNetDevice");

NS_OBJECT_ENSURE_REGISTERED(PhotonicNetDevice);

namespace
{
/// Destination of PFC and credit frames: the MAC Control multicast address 01:80:c2:00:00:01.
const MacBytes MAC_CONTROL_ADDRESS{0x01, 0x80, 0xc2, 0x00, 0x00, 0x01};
} // namespace

std::string
PhotonicDropReasonName(PhotonicDropReason reason)
{
    switch (reason)
    {
    case PhotonicDropReason::LINK_DOWN:
        return "link-down";
    case PhotonicDropReason::FEC_UNCORRECTABLE:
        return "fec-uncorrectable";
    }
    return "unknown";
}

TypeId
PhotonicNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PhotonicNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("AiFabric")
            .AddConstructor<PhotonicNetDevice>()
            .AddAttribute("Transceiver",
                          "Name of this end's transceiver preset in the OpticsCatalogue (e.g. "
                          "DR8, LPO, CPO, DAC, 400ZR); sets rate, lanes, reach, power and FEC.",
                          StringValue("DR8"),
                          MakeStringAccessor(&PhotonicNetDevice::SetTransceiverName,
                                             &PhotonicNetDevice::GetTransceiverName),
                          MakeStringChecker())
            .AddAttribute(
                "Mtu",
                "Largest payload of a frame, in bytes (Ethernet header and FCS not "
                "included).",
                UintegerValue(9000),
                MakeUintegerAccessor(&PhotonicNetDevice::SetMtu, &PhotonicNetDevice::GetMtu),
                MakeUintegerChecker<uint16_t>(68))
            .AddAttribute("Address",
                          "This end's MAC address.",
                          Mac48AddressValue(Mac48Address("ff:ff:ff:ff:ff:ff")),
                          MakeMac48AddressAccessor(&PhotonicNetDevice::SetMacAddress,
                                                   &PhotonicNetDevice::GetMacAddress),
                          MakeMac48AddressChecker())
            .AddAttribute("DataRate",
                          "Line rate in bit/s (lanes x lane rate of the transceiver); read only.",
                          TypeId::ATTR_GET,
                          DataRateValue(DataRate("800Gbps")),
                          MakeDataRateAccessor(&PhotonicNetDevice::GetDataRate),
                          MakeDataRateChecker())
            .AddAttribute("RxPowerPenalty",
                          "Extra received optical power penalty on this end, in dB (ageing "
                          "laser, dirty connector). Lowers the margin; BER and frame loss follow.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&PhotonicNetDevice::SetRxPowerPenalty,
                                             &PhotonicNetDevice::GetRxPowerPenalty),
                          MakeDoubleChecker<double>())
            .AddAttribute(
                "TxQueue",
                "The transmit queue: a FabricPortQueue (eight classes) or any ns-3 "
                "Queue<Packet> (one FIFO).",
                PointerValue(),
                MakePointerAccessor(&PhotonicNetDevice::SetQueue, &PhotonicNetDevice::GetQueue),
                MakePointerChecker<QueueBase>())
            .AddAttribute("CreditFlowControl",
                          "InfiniBand-style link credits: the sender spends 64-byte blocks per "
                          "virtual lane (= traffic class) and stops at zero credit; the receiver "
                          "returns them with credit update frames. Both ends must agree.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&PhotonicNetDevice::SetCreditFlowControl,
                                              &PhotonicNetDevice::IsCreditFlowControl),
                          MakeBooleanChecker())
            .AddAttribute("CreditBuffer",
                          "Receive buffer per virtual lane this end advertises as credit, in "
                          "bytes (rounded down to 64-byte blocks).",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&PhotonicNetDevice::m_creditBufferBytes),
                          MakeUintegerChecker<uint32_t>(64))
            .AddAttribute("CreditLanes",
                          "Virtual lanes with credit (1..8); class c uses lane min(c, lanes-1). "
                          "Both ends must agree.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&PhotonicNetDevice::m_creditLanes),
                          MakeUintegerChecker<uint8_t>(1, FABRIC_NUM_CLASSES))
            .AddTraceSource("PfcReceived",
                            "A PFC frame arrived: class and pause time in quanta (0 = resume).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_pfcRxTrace),
                            "ns3::PhotonicNetDevice::PfcTracedCallback")
            .AddTraceSource("CreditStall",
                            "The transmitter had frames but no lane had credit for its head "
                            "frame (reported lane: the highest such).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_creditStallTrace),
                            "ns3::PhotonicNetDevice::CreditStallTracedCallback")
            .AddTraceSource("MacTx",
                            "A packet arrived from the layer above for transmission.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "A packet was refused before transmission (queue full, too large).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_macTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacPromiscRx",
                            "A frame was received and passed up to a promiscuous sniffer.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_macPromiscRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A frame was received and passed up to the layer above.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxBegin",
                            "A frame started on the wire.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxEnd",
                            "A frame's last bit left.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_phyTxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxDrop",
                            "A frame was dropped on transmission, with the reason.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_phyTxDropTrace),
                            "ns3::PhotonicNetDevice::DropTracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame was received intact.",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxDrop",
                            "A frame was lost on reception, with the reason (link down, "
                            "uncorrectable FEC codeword).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_phyRxDropTrace),
                            "ns3::PhotonicNetDevice::DropTracedCallback")
            .AddTraceSource("Sniffer",
                            "Frames sent and received, with their Ethernet header (pcap).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PromiscSniffer",
                            "Frames sent and received, with their Ethernet header (pcap).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_promiscSnifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_linkStateTrace),
                            "ns3::PhotonicChannel::LinkStateTracedCallback")
            .AddTraceSource("DynamicEnergy",
                            "Energy, in joules, that scaled with transmitted bits (cumulative).",
                            MakeTraceSourceAccessor(&PhotonicNetDevice::m_dynamicEnergyTrace),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

PhotonicNetDevice::PhotonicNetDevice()
{
    NS_LOG_FUNCTION(this);
    m_lossRng = CreateObject<UniformRandomVariable>();
    SetQueue(CreateObject<DropTailQueue<Packet>>());
    m_energyEpoch = Simulator::Now();
}

PhotonicNetDevice::~PhotonicNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
PhotonicNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_node = nullptr;
    m_channel = nullptr;
    m_queue = nullptr;
    m_classQueue = nullptr;
    m_fifoQueue = nullptr;
    m_queueInterface = nullptr;
    m_currentPkt = nullptr;
    if (m_txEnd)
    {
        m_txEnd->Cancel(); // a pending end of transmission must not reach a disposed device
        m_txEnd = nullptr;
    }
    m_lossRng = nullptr;
    m_controlQueue.clear();
    m_resumeEvent.Cancel();
    m_rxCallback.Nullify();
    m_promiscCallback.Nullify();
    m_endpointHook.Nullify();
    m_owner = nullptr;
    m_ownerForwards = false;
    NetDevice::DoDispose();
}

void
PhotonicNetDevice::NotifyNewAggregate()
{
    if (!m_queueInterface)
    {
        Ptr<NetDeviceQueueInterface> ndqi = GetObject<NetDeviceQueueInterface>();
        if (ndqi)
        {
            m_queueInterface = ndqi;
            if (m_classQueue)
            {
                m_queueInterface->GetTxQueue(0)->ConnectQueueTraces(m_classQueue);
            }
            else
            {
                m_queueInterface->GetTxQueue(0)->ConnectQueueTraces(m_fifoQueue);
            }
        }
    }
    NetDevice::NotifyNewAggregate();
}

void
PhotonicNetDevice::DoInitialize()
{
    m_flowControl.SetReceiveBuffer(m_creditBufferBytes);
    m_flowControl.SetLanes(m_creditLanes);
    if (m_creditMode)
    {
        // Link initialization: advertise the receive buffer so the far end may start sending.
        RequestCreditUpdate();
    }
    NetDevice::DoInitialize();
}

bool
PhotonicNetDevice::Attach(Ptr<PhotonicChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    m_channel = channel;
    SyncLinkState();
    m_channel->Attach(this);
    return true;
}

void
PhotonicNetDevice::SetQueue(Ptr<QueueBase> queue)
{
    // Known once, so the per-frame path needs no DynamicCast.
    Ptr<FabricPortQueue> classQueue = DynamicCast<FabricPortQueue>(queue);
    Ptr<Queue<Packet>> fifoQueue = DynamicCast<Queue<Packet>>(queue);
    if (!classQueue && !fifoQueue)
    {
        throw FabricConfigError(
            "PhotonicNetDevice TxQueue: " +
            (queue ? queue->GetInstanceTypeId().GetName() : std::string("no queue")) +
            " is neither a FabricPortQueue nor a Queue<Packet>");
    }
    m_queue = queue;
    m_classQueue = classQueue;
    m_fifoQueue = fifoQueue;
    m_fifoNotes.clear(); // they were the old queue's
}

Ptr<QueueBase>
PhotonicNetDevice::GetQueue() const
{
    return m_queue;
}

void
PhotonicNetDevice::SetTransceiverName(const std::string& name)
{
    SetTransceiver(OpticsCatalogue::Get(name));
}

void
PhotonicNetDevice::SetTransceiver(const TransceiverSpec& spec)
{
    spec.Validate();
    m_transceiver = spec;
    UpdateRateCache();
    if (m_channel && m_channel->GetNDevices() == 2)
    {
        m_channel->GetPeer(this)->UpdateLinkBudget();
    }
    UpdateLinkBudget();
}

std::string
PhotonicNetDevice::GetTransceiverName() const
{
    return m_transceiver.name;
}

const TransceiverSpec&
PhotonicNetDevice::GetTransceiver() const
{
    return m_transceiver;
}

DataRate
PhotonicNetDevice::GetDataRate() const
{
    return DataRate(m_rateBps);
}

void
PhotonicNetDevice::PrefetchFrameState() const
{
    const auto* first = reinterpret_cast<const char*>(&m_channel);
    const auto* last = reinterpret_cast<const char*>(&m_flowControl) + sizeof(Time);
    FabricPrefetchingEvent::PrefetchRange(first, static_cast<unsigned>(last - first));
}

uint32_t
PhotonicNetDevice::WireBytes(uint32_t frameBytes)
{
    return std::max(frameBytes + FCS_BYTES, MIN_FRAME_BYTES) + PREAMBLE_BYTES + IFG_BYTES;
}

Time
PhotonicNetDevice::GetWireTime(uint32_t frameBytes) const
{
    return Seconds(WireBytes(frameBytes) * 8.0 / static_cast<double>(m_rateBps));
}

Time
PhotonicNetDevice::GetReceivePathLatency() const
{
    return m_rxPathLatency;
}

const LinkBudget&
PhotonicNetDevice::GetLinkBudget() const
{
    return m_budget;
}

double
PhotonicNetDevice::GetFrameErrorProbability(uint32_t frameBytes) const
{
    if (m_logCodewordOk == 0.0)
    {
        return 0.0;
    }
    const double bits = 8.0 * std::max(frameBytes + FCS_BYTES, MIN_FRAME_BYTES);
    return -std::expm1(bits / m_fecDataBits * m_logCodewordOk);
}

double
PhotonicNetDevice::LossProbability(uint32_t frameBytes)
{
    if (frameBytes != m_lossFrameBytes)
    {
        m_lossFrameBytes = frameBytes;
        m_lossProbability = GetFrameErrorProbability(frameBytes);
    }
    return m_lossProbability;
}

bool
PhotonicNetDevice::FrameLost(uint32_t frameBytes)
{
    // Below every value the stream can return, with a wide margin.
    constexpr double NEVER_LOST_BELOW = 1e-12;
    const double p = LossProbability(frameBytes);
    if (p < NEVER_LOST_BELOW)
    {
        ++m_deferredLossDraws;
        return false;
    }
    for (; m_deferredLossDraws > 0; --m_deferredLossDraws)
    {
        m_lossRng->GetValue();
    }
    return m_lossRng->GetValue() < p;
}

double
PhotonicNetDevice::GetRxPowerPenalty() const
{
    return m_rxPowerPenaltyDb;
}

void
PhotonicNetDevice::SetRxPowerPenalty(double db)
{
    m_rxPowerPenaltyDb = db;
    UpdateLinkBudget();
}

double
PhotonicNetDevice::GetEnergy() const
{
    const double seconds = (Simulator::Now() - m_energyEpoch).GetSeconds();
    return m_transceiver.StaticPowerW() * seconds + m_dynamicEnergy;
}

double
PhotonicNetDevice::GetDynamicEnergy() const
{
    return m_dynamicEnergy;
}

uint64_t
PhotonicNetDevice::GetTxWireBits() const
{
    return m_txWireBits;
}

void
PhotonicNetDevice::UpdateRateCache()
{
    m_rateBps = static_cast<uint64_t>(std::llround(m_transceiver.DataRateBps()));
    m_dynamicJoulePerBit = m_transceiver.DynamicEnergyPerBitJ();
    m_txRemainder = 0;
}

void
PhotonicNetDevice::UpdateLinkBudget()
{
    const FecSpec& fec = GetFecSpec(m_transceiver.fec);
    m_fecDataBits = fec.DataBitsPerCodeword();
    double moduleNs = m_transceiver.moduleLatencyNs;
    Ptr<PhotonicNetDevice> peer = m_channel ? m_channel->GetPeer(this) : nullptr;
    if (peer)
    {
        moduleNs += peer->GetTransceiver().moduleLatencyNs;
        const std::size_t myIndex = (m_channel->GetPhotonicDevice(0) == this) ? 0 : 1;
        m_budget = ComputeLinkBudget(m_channel->GetBudgetInput(myIndex));
    }
    else
    {
        m_budget = LinkBudget();
    }
    m_rxPathLatency = Time::FromDouble(moduleNs + fec.latencyNs, Time::NS);
    m_logCodewordOk = m_budget.codewordErrorProbability > 0
                          ? std::log1p(-std::min(m_budget.codewordErrorProbability, 1.0 - 1e-16))
                          : 0.0;
    m_lossFrameBytes = 0;
    NS_LOG_DEBUG("budget: margin " << m_budget.marginDb << " dB, pre-FEC BER " << m_budget.preFecBer
                                   << ", Pcw " << m_budget.codewordErrorProbability);
}

Time
PhotonicNetDevice::SerializationTime(uint32_t wireBytes)
{
    if (m_ticksPerSecond == 0)
    {
        m_ticksPerSecond = static_cast<uint64_t>(Seconds(1).GetTimeStep());
    }
    // ticks = bits x ticks/s / rate, carrying the remainder so that the long-run rate is exact
    // at any Time resolution.
    const unsigned __int128 scaled =
        static_cast<unsigned __int128>(wireBytes) * 8u * m_ticksPerSecond + m_txRemainder;
    const uint64_t ticks = static_cast<uint64_t>(scaled / m_rateBps);
    m_txRemainder = static_cast<uint64_t>(scaled % m_rateBps);
    return TimeStep(ticks);
}

bool
PhotonicNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
PhotonicNetDevice::SendFrom(Ptr<Packet> packet,
                            const Address& source,
                            const Address& dest,
                            uint16_t protocolNumber)
{
    return Enqueue(packet,
                   ToMacBytes(Mac48Address::ConvertFrom(dest)),
                   ToMacBytes(Mac48Address::ConvertFrom(source)),
                   protocolNumber,
                   -1,
                   FabricQueueNote{});
}

bool
PhotonicNetDevice::SendFrame(const Ptr<Packet>& packet,
                             const MacBytes& destination,
                             uint16_t protocol,
                             int cls,
                             const FabricQueueNote& note)
{
    return Enqueue(packet, destination, m_addressBytes, protocol, cls, note);
}

bool
PhotonicNetDevice::Enqueue(const Ptr<Packet>& packet,
                           const MacBytes& destination,
                           const MacBytes& source,
                           uint16_t protocol,
                           int cls,
                           const FabricQueueNote& note)
{
    if (packet->GetSize() > m_mtu)
    {
        m_macTxDropTrace(packet);
        return false;
    }
    FireWatched(m_framesWatched, m_macTxTrace, packet);
    if (!IsLinkUp())
    {
        m_phyTxDropTrace(packet, PhotonicDropReason::LINK_DOWN);
        return false;
    }
    packet->AddHeader(FabricEthernetHeader(destination, source, protocol));
    return EnqueueFramed(packet, cls, note);
}

Ptr<Packet>
PhotonicNetDevice::PayloadOf(const Ptr<Packet>& frame)
{
    Ptr<Packet> payload = frame->Copy();
    payload->RemoveAtStart(FabricEthernetHeader::SIZE);
    return payload;
}

void
PhotonicNetDevice::FireUnframed(const TracedCallback<Ptr<const Packet>>& trace,
                                const Ptr<Packet>& frame)
{
    if (!trace.IsEmpty())
    {
        trace(PayloadOf(frame));
    }
}

bool
PhotonicNetDevice::ForwardFrame(const Ptr<Packet>& frame,
                                int cls,
                                const FabricQueueNote& note,
                                const FabricFrameFields& fields)
{
    // The frame goes on as it came: no header removed and added again (the traces below see
    // the payload, as for SendFrame()).
    if (frame->GetSize() > m_mtu + FabricEthernetHeader::SIZE)
    {
        FireUnframed(m_macTxDropTrace, frame);
        return false;
    }
    if (m_framesWatched)
    {
        FireUnframed(m_macTxTrace, frame);
    }
    if (!IsLinkUp())
    {
        if (!m_phyTxDropTrace.IsEmpty())
        {
            m_phyTxDropTrace(PayloadOf(frame), PhotonicDropReason::LINK_DOWN);
        }
        return false;
    }
    return EnqueueFramed(frame, cls, note, fields);
}

bool
PhotonicNetDevice::EnqueueFramed(const Ptr<Packet>& frame,
                                 int cls,
                                 const FabricQueueNote& note,
                                 const FabricFrameFields& fields)
{
    bool queued;
    if (m_classQueue)
    {
        const uint8_t c = cls >= 0 ? static_cast<uint8_t>(cls) : FabricPriorityOf(frame, true);
        queued = m_classQueue->EnqueueClass(frame, c, note, fields);
    }
    else
    {
        // Any other queue is one FIFO: the notes keep its order beside it.
        queued = m_fifoQueue->Enqueue(frame);
        if (queued)
        {
            FifoPush(m_fifoNotes, note);
        }
    }
    if (!queued)
    {
        m_macTxDropTrace(frame);
        return false;
    }
    TryTransmitNext();
    return true;
}

void
PhotonicNetDevice::TryTransmitNext()
{
    // A sink of the queue's Dequeue trace may Send() from inside the dequeue below; that
    // nested call only enqueues, and the frame it adds goes out after the current one.
    if (m_startingTransmission)
    {
        return;
    }
    m_startingTransmission = true;
    while (!m_transmitting)
    {
        Ptr<Packet> p;
        FabricFrameFields fields;
        if (!m_controlQueue.empty())
        {
            p = m_controlQueue.front();
            m_controlQueue.pop_front();
        }
        else if (m_creditUpdatePending)
        {
            p = BuildCreditUpdate();
        }
        else
        {
            p = DequeueData(fields);
        }
        if (!p)
        {
            break;
        }
        if (!IsLinkUp())
        {
            m_phyTxDropTrace(p, PhotonicDropReason::LINK_DOWN);
            continue;
        }
        TransmitStart(p, fields);
    }
    m_startingTransmission = false;
}

Ptr<Packet>
PhotonicNetDevice::DequeueData(FabricFrameFields& fields)
{
    const Time now = FabricSimulatorImpl::FastNow();
    int creditBlocked = -1;
    auto eligible = [&](uint8_t cls, Ptr<const Packet> head) {
        if (m_flowControl.IsPaused(cls, now))
        {
            return false;
        }
        if (m_creditMode &&
            !m_flowControl.HasCredit(LaneOf(cls), LinkFlowControl::BlocksFor(head->GetSize())))
        {
            creditBlocked = std::max<int>(creditBlocked, cls);
            return false;
        }
        return true;
    };
    Ptr<Packet> p;
    if (m_classQueue)
    {
        // Nothing paused and no credit to spend: every class may send, no need to ask.
        const bool open = !m_creditMode && !m_flowControl.AnyPaused(now);
        p = open ? m_classQueue->DequeueEligible(nullptr) : m_classQueue->DequeueEligible(eligible);
    }
    else
    {
        // A single FIFO: its head blocks everything behind it.
        Ptr<const Packet> head = m_fifoQueue->Peek();
        if (head && eligible(FabricPriorityOf(head, true), head))
        {
            p = m_fifoQueue->Dequeue();
        }
    }
    if (p)
    {
        FabricQueueNote note{};
        if (!m_classQueue && !m_fifoNotes.empty())
        {
            note = m_fifoNotes.front();
            m_fifoNotes.pop_front();
        }
        if (m_classQueue)
        {
            fields = m_classQueue->GetLastDequeuedFields();
        }
        if (m_owner)
        {
            m_owner->FrameDequeued(m_ownerPort,
                                   p,
                                   m_classQueue ? m_classQueue->GetLastDequeuedClass() : -1,
                                   m_classQueue ? m_classQueue->GetLastDequeuedNote() : note);
        }
        m_stalled = false;
        if (m_creditMode)
        {
            m_flowControl.ConsumeCredit(LaneOf(FabricPriorityOf(p, true)),
                                        LinkFlowControl::BlocksFor(p->GetSize()));
        }
        return p;
    }
    if (creditBlocked >= 0 && !m_stalled)
    {
        m_stalled = true;
        ++m_creditStalls;
        m_creditStallTrace(static_cast<uint8_t>(creditBlocked));
    }
    ScheduleResumeCheck();
    return nullptr;
}

void
PhotonicNetDevice::ScheduleResumeCheck()
{
    const Time now = FabricSimulatorImpl::FastNow();
    const Time expiry = m_flowControl.NextPauseExpiry(now);
    if (expiry == Time::Max())
    {
        return;
    }
    if (m_resumeEvent.IsRunning() && m_resumeEvent.GetTs() <= expiry.GetTimeStep())
    {
        return;
    }
    m_resumeEvent.Cancel();
    m_resumeEvent = Simulator::Schedule(expiry - now, &PhotonicNetDevice::TryTransmitNext, this);
}

void
PhotonicNetDevice::SendPfc(uint8_t cls, uint16_t quanta)
{
    NS_LOG_FUNCTION(this << static_cast<int>(cls) << quanta);
    PfcPauseHeader pfc;
    pfc.SetClass(cls, quanta);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(pfc);
    p->AddHeader(
        FabricEthernetHeader(MAC_CONTROL_ADDRESS, m_addressBytes, PfcPauseHeader::ETHERTYPE));
    FifoPush(m_controlQueue, p);
    TryTransmitNext();
}

void
PhotonicNetDevice::RequestCreditUpdate()
{
    if (!m_creditUpdatePending)
    {
        m_creditUpdatePending = true;
        TryTransmitNext();
    }
}

Ptr<Packet>
PhotonicNetDevice::BuildCreditUpdate()
{
    // Built when the link is free, so it carries every credit freed until then.
    m_creditUpdatePending = false;
    CreditUpdateHeader update;
    for (uint8_t vl = 0; vl < m_creditLanes; ++vl)
    {
        update.SetLimit(vl, m_flowControl.GetAdvertisedLimit(vl));
    }
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(update);
    p->AddHeader(
        FabricEthernetHeader(MAC_CONTROL_ADDRESS, m_addressBytes, CreditUpdateHeader::ETHERTYPE));
    return p;
}

void
PhotonicNetDevice::HandleControlFrame(Ptr<Packet> p, uint16_t etherType)
{
    p->RemoveAtStart(FabricEthernetHeader::SIZE);
    const Time now = Simulator::Now();
    if (etherType == PfcPauseHeader::ETHERTYPE)
    {
        PfcPauseHeader pfc;
        p->RemoveHeader(pfc);
        if (!pfc.IsPfc())
        {
            return;
        }
        ++m_pfcRx;
        for (uint8_t cls = 0; cls < FABRIC_NUM_CLASSES; ++cls)
        {
            if (!pfc.IsClassEnabled(cls))
            {
                continue;
            }
            const uint16_t quanta = pfc.GetQuanta(cls);
            m_pfcRxTrace(cls, quanta);
            if (quanta == 0)
            {
                m_flowControl.Resume(cls, now);
            }
            else
            {
                m_flowControl.Pause(
                    cls,
                    now + PfcPauseHeader::QuantaToTime(quanta, static_cast<double>(m_rateBps)),
                    now);
            }
        }
    }
    else
    {
        CreditUpdateHeader update;
        p->RemoveHeader(update);
        for (uint8_t vl = 0; vl < FABRIC_NUM_CLASSES; ++vl)
        {
            m_flowControl.SetCreditLimit(vl, update.GetLimit(vl));
        }
    }
    TryTransmitNext();
}

bool
PhotonicNetDevice::IsClassPaused(uint8_t cls) const
{
    return cls < FABRIC_NUM_CLASSES && m_flowControl.IsPaused(cls, Simulator::Now());
}

Time
PhotonicNetDevice::GetPausedTime(uint8_t cls) const
{
    return cls < FABRIC_NUM_CLASSES ? m_flowControl.GetPausedTime(cls, Simulator::Now()) : Time(0);
}

uint64_t
PhotonicNetDevice::GetPfcFramesReceived() const
{
    return m_pfcRx;
}

void
PhotonicNetDevice::SetCreditFlowControl(bool enabled)
{
    m_creditMode = enabled;
}

bool
PhotonicNetDevice::IsCreditFlowControl() const
{
    return m_creditMode;
}

void
PhotonicNetDevice::SetDeferredCreditReturn(bool deferred)
{
    m_deferCreditReturn = deferred;
}

uint8_t
PhotonicNetDevice::LaneOf(uint8_t cls) const
{
    return std::min<uint8_t>(cls, m_creditLanes - 1);
}

uint32_t
PhotonicNetDevice::GetCreditRegionBytes() const
{
    return m_creditMode ? m_creditLanes * (m_creditBufferBytes / CreditUpdateHeader::BLOCK_BYTES *
                                           CreditUpdateHeader::BLOCK_BYTES)
                        : 0;
}

void
PhotonicNetDevice::ReturnCredits(uint8_t cls, uint32_t blocks)
{
    if (!m_creditMode || cls >= FABRIC_NUM_CLASSES)
    {
        return;
    }
    m_flowControl.FreeBlocks(LaneOf(cls), blocks);
    RequestCreditUpdate();
}

uint32_t
PhotonicNetDevice::GetAvailableCredit(uint8_t cls) const
{
    return cls < FABRIC_NUM_CLASSES ? m_flowControl.GetAvailableCredit(LaneOf(cls)) : 0;
}

uint64_t
PhotonicNetDevice::GetCreditStalls() const
{
    return m_creditStalls;
}

void
PhotonicNetDevice::TransmitStart(const Ptr<Packet>& p, const FabricFrameFields& fields)
{
    m_transmitting = true;
    // Held only for a PhyTxEnd sink: the reference would otherwise touch the previous frame's
    // (cold) packet on every transmission.
    if (m_framesWatched && !m_phyTxEndTrace.IsEmpty())
    {
        m_currentPkt = p;
    }
    FireWatched(m_framesWatched, m_phyTxBeginTrace, p);
    FireWatched(m_framesWatched, m_snifferTrace, p);
    FireWatched(m_framesWatched, m_promiscSnifferTrace, p);
    const uint32_t wireBytes = WireBytes(p->GetSize());
    const Time txTime = SerializationTime(wireBytes);
    m_txWireBits += 8ull * wireBytes;
    // Charged per bit of line time (preamble and gap included), so a saturated end draws the
    // module's full-load power.
    const double energyBefore = m_dynamicEnergy;
    m_dynamicEnergy += 8.0 * wireBytes * m_dynamicJoulePerBit;
    if (m_dynamicEnergy != energyBefore)
    {
        FireWatched(m_framesWatched, m_dynamicEnergyTrace, energyBefore, m_dynamicEnergy);
    }
    // Scheduled before the channel's delivery so that, at equal times, the sender finishes first.
    // One event object serves every frame (one frame is serialized at a time); the simulator
    // takes one reference per schedule and releases it after the run.
    if (!m_txEnd)
    {
        m_txEnd = Create<PhotonicTxEndEvent>(this);
    }
    m_txEnd->Ref();
    FabricSimulatorImpl::FastScheduleWithContext(FabricSimulatorImpl::FastContext(),
                                                 txTime,
                                                 PeekPointer(m_txEnd));
    m_channel->TransmitStart(p, this, txTime, fields);
    // After the channel's TransmitStart: it makes the far end's arrival event on first use.
    m_txEnd->SetPath(PeekPointer(m_classQueue),
                     PeekPointer(m_channel),
                     m_channel->GetArrivalEventFrom(this));
}

void
PhotonicNetDevice::TransmitComplete()
{
    if (m_currentPkt)
    {
        FireWatched(m_framesWatched, m_phyTxEndTrace, m_currentPkt);
        m_currentPkt = nullptr;
    }
    m_transmitting = false;
    TryTransmitNext();
}

void
PhotonicNetDevice::Receive(const Ptr<Packet>& p, Time txStart, const FabricFrameFields& fields)
{
    if (!m_linkUp || m_lastStateChange > txStart)
    {
        m_phyRxDropTrace(p, PhotonicDropReason::LINK_DOWN);
        ReturnCreditsForLostFrame(p);
        return;
    }
    if (m_logCodewordOk != 0.0 && FrameLost(p->GetSize()))
    {
        m_phyRxDropTrace(p, PhotonicDropReason::FEC_UNCORRECTABLE);
        ReturnCreditsForLostFrame(p);
        return;
    }
    FireWatched(m_framesWatched, m_promiscSnifferTrace, p);
    FireWatched(m_framesWatched, m_phyRxEndTrace, p);

    // The Ethernet fields as bytes: no header object (whose destructor calls into ns-3). A port
    // whose owner forwards takes them from the frame's fields when the sender read them and the
    // frame goes no further up than the owner (only the stack above wants the source address).
    MacBytes dst;
    MacBytes src{};
    uint16_t protocol;
    if (fields.kind != FabricFrameFields::UNKNOWN && m_ownerForwards &&
        m_promiscCallback.IsNull() && fields.destination != m_addressBytes &&
        !FabricEthernetHeader::IsGroup(fields.destination))
    {
        dst = fields.destination;
        protocol = fields.protocol;
    }
    else
    {
        uint8_t eth[FabricEthernetHeader::SIZE];
        p->CopyData(eth, sizeof(eth));
        std::copy(eth, eth + 6, dst.begin());
        std::copy(eth + 6, eth + 12, src.begin());
        protocol = static_cast<uint16_t>((eth[12] << 8) | eth[13]);
    }
    if (protocol == PfcPauseHeader::ETHERTYPE || protocol == CreditUpdateHeader::ETHERTYPE)
    {
        // Link-level control is consumed here, never passed up.
        FireWatched(m_framesWatched, m_snifferTrace, p);
        HandleControlFrame(p, protocol);
        return;
    }
    if (m_creditMode && !m_deferCreditReturn)
    {
        ReturnCredits(FabricPriorityOf(p, true), LinkFlowControl::BlocksFor(p->GetSize()));
    }
    PacketType type = PACKET_OTHERHOST;
    if (dst == m_addressBytes)
    {
        type = PACKET_HOST;
    }
    else if (FabricEthernetHeader::IsBroadcast(dst))
    {
        type = PACKET_BROADCAST;
    }
    else if (FabricEthernetHeader::IsGroup(dst))
    {
        type = PACKET_MULTICAST;
    }
    if (type != PACKET_OTHERHOST)
    {
        // Sniffer sees the frames for this host; PromiscSniffer sees every frame.
        FireWatched(m_framesWatched, m_snifferTrace, p);
    }
    // The framed copy is only for MacPromiscRx sinks; a switch port receives every frame
    // promiscuously, so the copy is skipped when nobody listens.
    const bool promiscuous = !m_promiscCallback.IsNull() || m_ownerForwards;
    if (promiscuous && m_framesWatched && !m_macPromiscRxTrace.IsEmpty())
    {
        m_macPromiscRxTrace(p->Copy());
    }
    if (m_ownerForwards)
    {
        // The forwarding layer owns the frame from here, header and all, unless it also goes up
        // below.
        const bool alsoUp = type != PACKET_OTHERHOST || !m_promiscCallback.IsNull();
        m_owner->FrameReceived(m_ownerPort, alsoUp ? p->Copy() : p, protocol, dst, fields);
        if (!alsoUp)
        {
            return;
        }
    }
    p->RemoveAtStart(FabricEthernetHeader::SIZE);
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this, p, protocol, ToMac48Address(src), ToMac48Address(dst), type);
    }
    if (type != PACKET_OTHERHOST)
    {
        FireWatched(m_framesWatched, m_macRxTrace, p);
        if (!m_endpointHook.IsNull() && m_endpointHook(p, protocol))
        {
            return;
        }
        m_rxCallback(this, p, protocol, ToMac48Address(src));
    }
}

void
PhotonicNetDevice::SetEndpointHook(Callback<bool, Ptr<Packet>, uint16_t> hook)
{
    m_endpointHook = hook;
}

void
PhotonicNetDevice::SetOwner(PhotonicDeviceOwner* owner, uint32_t port, bool forwards)
{
    m_owner = owner;
    m_ownerPort = port;
    m_ownerForwards = owner && forwards;
}

void
PhotonicNetDevice::ReturnCreditsForLostFrame(Ptr<const Packet> p)
{
    // The sender spent credit on a frame that never reached the buffer: give it back, as
    // InfiniBand's periodic resynchronization of FCTBS would.
    if (m_creditMode)
    {
        FabricEthernetHeader header;
        p->PeekHeader(header);
        const uint16_t type = header.GetLengthType();
        if (type != PfcPauseHeader::ETHERTYPE && type != CreditUpdateHeader::ETHERTYPE)
        {
            ReturnCredits(FabricPriorityOf(p, true), LinkFlowControl::BlocksFor(p->GetSize()));
        }
    }
}

void
PhotonicNetDevice::SyncLinkState()
{
    m_linkUp = m_channel->IsLinkUp();
    m_lastStateChange = m_channel->GetLastStateChange();
}

void
PhotonicNetDevice::NotifyLinkStateChange(bool up)
{
    NS_LOG_FUNCTION(this << up);
    SyncLinkState();
    m_linkStateTrace(up);
    m_linkChangeCallbacks();
    if (up)
    {
        TryTransmitNext();
    }
}

int64_t
PhotonicNetDevice::AssignStreams(int64_t stream)
{
    m_lossRng->SetStream(stream);
    m_deferredLossDraws = 0; // owed to the stream just replaced
    return 1;
}

void
PhotonicNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
PhotonicNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
PhotonicNetDevice::GetChannel() const
{
    return m_channel;
}

void
PhotonicNetDevice::SetAddress(Address address)
{
    SetMacAddress(Mac48Address::ConvertFrom(address));
}

void
PhotonicNetDevice::SetMacAddress(Mac48Address address)
{
    m_address = address;
    m_addressBytes = ToMacBytes(address);
}

Mac48Address
PhotonicNetDevice::GetMacAddress() const
{
    return m_address;
}

Address
PhotonicNetDevice::GetAddress() const
{
    return m_address;
}

bool
PhotonicNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
PhotonicNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
PhotonicNetDevice::IsLinkUp() const
{
    return m_channel && m_linkUp;
}

void
PhotonicNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
PhotonicNetDevice::IsBroadcast() const
{
    return true;
}

Address
PhotonicNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
PhotonicNetDevice::IsMulticast() const
{
    return true;
}

Address
PhotonicNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
PhotonicNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
PhotonicNetDevice::IsBridge() const
{
    return false;
}

bool
PhotonicNetDevice::IsPointToPoint() const
{
    return true;
}

Ptr<Node>
PhotonicNetDevice::GetNode() const
{
    return m_node;
}

void
PhotonicNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
PhotonicNetDevice::NeedsArp() const
{
    return false;
}

void
PhotonicNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
PhotonicNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
PhotonicNetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
