/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uet-transport.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/fabric-address-plan.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-header-stack.h"
#include "ns3/fabric-tags.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UetTransport");
NS_OBJECT_ENSURE_REGISTERED(UetTransport);

namespace
{
/// Ethernet header in front of every packet (the device adds FCS, preamble and gap).
constexpr uint32_t ETHERNET_FRAMING = 14;
/// Largest message: the SES header's offset and length are 32 bits.
constexpr uint64_t MAX_MESSAGE_BYTES = 0xffffffffULL;
/// Largest PDC id (16 bits; 0 means "not known yet").
constexpr uint64_t MAX_PDC_ID = 0xffff;
/// Largest number of unacknowledged messages on one PDC (the SES message id is 16 bits).
constexpr std::size_t MAX_OPEN_MESSAGES = 0xffff;
/// Most demand a sender announces beyond what it was granted, so a running total carried in
/// 32 bits never moves by half its range between two requests.
constexpr uint64_t MAX_ANNOUNCE_AHEAD = 1ULL << 30;
/// A running total moved forward by less than half the 32-bit range (a newer one).
constexpr uint32_t HALF_RANGE = 0x80000000u;
/// UDP source port of credit packets (the EV of control traffic), plus the PDC id's low bits.
constexpr uint16_t CONTROL_ENTROPY_BASE = 0xC000;
} // namespace

TypeId
UetTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UetTransport")
            .SetParent<FabricTransport>()
            .SetGroupName("AiFabric")
            .AddConstructor<UetTransport>()
            .AddAttribute("DeliveryMode",
                          "Rud (reliable unordered: per-packet spraying, SACK, selective "
                          "retransmission) or Rod (reliable ordered: one path, go-back-N).",
                          EnumValue(UetTransport::RUD),
                          MakeEnumAccessor(&UetTransport::m_mode),
                          MakeEnumChecker(UetTransport::RUD, "Rud", UetTransport::ROD, "Rod"))
            .AddAttribute("LoadBalancing",
                          "Entropy choice of a RUD PDC: Oblivious (round-robin spraying over "
                          "the entropies) or Reps (recycle entropies whose ACKs came back "
                          "without ECN).",
                          EnumValue(UetEntropySelector::OBLIVIOUS),
                          MakeEnumAccessor(&UetTransport::m_lb),
                          MakeEnumChecker(UetEntropySelector::OBLIVIOUS,
                                          "Oblivious",
                                          UetEntropySelector::REPS,
                                          "Reps"))
            .AddAttribute("Entropies",
                          "Entropy values (UDP source ports, i.e. paths) a PDC uses (count). "
                          "Source: UE 1.0 / uet-htsim (64).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&UetTransport::m_entropies),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("AckEvery",
                          "Payload bytes a RUD or ROD receiver takes before it sends a "
                          "coalesced ACK (bytes); ECN-marked packets, a message's last packet, "
                          "retransmissions and ACK requests are acknowledged at once. "
                          "Source: UE 1.0 (ACK every 16 KB).",
                          UintegerValue(16384),
                          MakeUintegerAccessor(&UetTransport::m_ackEvery),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RetransmitTimeout",
                          "Time a PSN may stay unacknowledged before it is sent again (s); "
                          "doubles with each timeout without progress, up to MaxBackoff "
                          "doublings. Module choice: far above the base RTT of a few us and "
                          "the queueing NSCC allows.",
                          TimeValue(MicroSeconds(256)),
                          MakeTimeAccessor(&UetTransport::m_rto),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MaxBackoff",
                          "Most doublings of the retransmission timeout after consecutive "
                          "timeouts (count); any acknowledged PSN resets it.",
                          UintegerValue(6),
                          MakeUintegerAccessor(&UetTransport::m_maxBackoff),
                          MakeUintegerChecker<uint32_t>(0, 20))
            .AddAttribute("Trimmable",
                          "Let switches trim data packets to their headers instead of dropping "
                          "them (the receiver NACKs a trimmed packet at once).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&UetTransport::m_trimmable),
                          MakeBooleanChecker())
            .AddAttribute("Rccc",
                          "Receiver credit congestion control: senders announce their backlog, "
                          "each receiving NIC port grants credit with an RcccCreditScheduler "
                          "at its line rate, and a packet leaves only with credit (and, with "
                          "a window-based congestion control, window).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&UetTransport::m_rccc),
                          MakeBooleanChecker())
            .AddAttribute("RcccInitialCredit",
                          "Credit a new PDC may spend before its first grant (wire bytes of "
                          "data frames: frame + FCS + preamble + inter-frame gap). 0: every "
                          "byte waits for a grant, so an incast never bursts into the "
                          "receiver's link; a lone flow pays one round trip.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&UetTransport::m_initialCredit),
                          MakeUintegerChecker<uint64_t>());
    return tid;
}

UetTransport::UetTransport()
    : m_lb(UetEntropySelector::OBLIVIOUS)
{
}

UetTransport::~UetTransport() = default;

void
UetTransport::DoDispose()
{
    for (auto& s : m_initiators)
    {
        if (s)
        {
            s->rto.Cancel();
            s->creditRequest.Cancel();
            s->cc = nullptr;
            s->selector = nullptr;
        }
    }
    m_initiators.clear();
    m_targets.clear();
    m_lastTarget = nullptr;
    for (auto& sched : m_schedulers)
    {
        if (sched)
        {
            sched->Dispose();
        }
    }
    m_schedulers.clear();
    m_completed.clear();
    m_selectorRng = nullptr;
    FabricTransport::DoDispose();
}

std::string
UetTransport::GetName() const
{
    return "uet";
}

int64_t
UetTransport::AssignStreams(int64_t stream)
{
    m_selectorRng = CreateObject<UniformRandomVariable>();
    m_selectorRng->SetStream(stream);
    return 1;
}

uint32_t
UetTransport::DataFrameBytes(uint32_t payload, bool first)
{
    return ETHERNET_FRAMING + DATA_HEADER_BYTES + (first ? UetSesHeader::HEADER_DATA_SIZE : 0) +
           payload;
}

uint32_t
UetTransport::WireBytesOf(uint32_t payload, bool first)
{
    return PhotonicNetDevice::WireBytes(DataFrameBytes(payload, first));
}

int64_t
UetTransport::Unwrap(uint32_t wire, uint64_t reference)
{
    const int32_t diff = static_cast<int32_t>(wire - static_cast<uint32_t>(reference));
    return static_cast<int64_t>(reference) + diff;
}

Time
UetTransport::CurrentRto(const Initiator& s) const
{
    return m_rto * static_cast<int64_t>(uint64_t(1) << s.backoff);
}

// ---------------------------------------------------------------------------------------------
// PDCs

UetTransport::Initiator&
UetTransport::GetInitiator(uint32_t peer, uint32_t connection)
{
    // Ids come in blocks of ConnectionsPerPeer per peer, so the receiver reads the connection
    // index back from the id.
    const uint32_t perPeer = m_nic->GetConnectionsPerPeer();
    auto slot = m_peerSlot.find(peer);
    if (slot == m_peerSlot.end())
    {
        const uint64_t next = m_peerSlot.size();
        if ((next + 1) * perPeer > MAX_PDC_ID)
        {
            throw FabricConfigError("UetTransport of GPU " + std::to_string(m_nic->GetGpu()) +
                                    ": PDCs to " + std::to_string(next + 1) +
                                    " peers x ConnectionsPerPeer " + std::to_string(perPeer) +
                                    " exceed the 16-bit PDC id space (" +
                                    std::to_string(MAX_PDC_ID) + ")");
        }
        slot = m_peerSlot.emplace(peer, static_cast<uint32_t>(next)).first;
    }
    const uint64_t id = uint64_t(slot->second) * perPeer + connection + 1;
    if (m_initiators.size() < id)
    {
        m_initiators.resize(id);
    }
    std::unique_ptr<Initiator>& entry = m_initiators[id - 1];
    if (entry)
    {
        return *entry;
    }
    entry = std::make_unique<Initiator>();
    Initiator& s = *entry;
    s.transport = this;
    s.peer = peer;
    s.connection = connection;
    s.localId = static_cast<uint16_t>(id);
    s.nicPort = m_nic->PortFor(peer);
    s.trafficClass = m_nic->GetDataClass();
    const uint32_t mtu = m_nic->GetMtu();
    s.cc = m_nic->CreateCongestionControl("ns3::NsccCongestionControl");
    s.cc->Start(m_nic->GetPortDevice(s.nicPort)->GetDataRate().GetBitRate(),
                m_nic->GetBaseRtt(peer, DataFrameBytes(mtu, false), ACK_BYTES + ETHERNET_FRAMING),
                mtu);
    s.selector = CreateObject<UetEntropySelector>();
    s.selector->SetAttribute("Mode", EnumValue(m_lb));
    s.selector->SetAttribute("NumEntropies", UintegerValue(m_entropies));
    if (m_selectorRng)
    {
        s.selector->SetRandomVariable(m_selectorRng);
    }
    s.pathEv = s.selector->NextEntropy();
    s.ring.resize(64);
    s.ringMask = s.ring.size() - 1;
    return s;
}

UetTransport::Initiator*
UetTransport::FindInitiator(uint16_t id, uint32_t peer) const
{
    if (id == 0 || id > m_initiators.size())
    {
        return nullptr;
    }
    Initiator* s = m_initiators[id - 1].get();
    return s && s->peer == peer ? s : nullptr;
}

UetTransport::Target&
UetTransport::GetTarget(uint32_t peer, uint16_t remoteId, uint32_t nicPort)
{
    const uint64_t key = (uint64_t(peer) << 16) | remoteId;
    // Packets come in runs from one PDC: the last one found first, then the index.
    if (m_lastTarget && m_lastTargetKey == key)
    {
        return *m_lastTarget;
    }
    auto it = m_targetIndex.find(key);
    if (it != m_targetIndex.end())
    {
        m_lastTargetKey = key;
        m_lastTarget = m_targets[it->second - 1].get();
        return *m_lastTarget;
    }
    const uint64_t id = m_targets.size() + 1;
    if (id > MAX_PDC_ID)
    {
        throw FabricConfigError("UetTransport of GPU " + std::to_string(m_nic->GetGpu()) +
                                ": more than " + std::to_string(MAX_PDC_ID) +
                                " receiving PDCs (16-bit PDC ids)");
    }
    auto t = std::make_unique<Target>();
    t->peer = peer;
    t->connection = remoteId == 0 ? 0 : (remoteId - 1u) % m_nic->GetConnectionsPerPeer();
    t->nicPort = nicPort;
    t->localId = static_cast<uint16_t>(id);
    t->remoteId = remoteId;
    t->bits.assign(2, 0);
    t->bitMask = t->bits.size() * 64 - 1;
    Target& ref = *t;
    m_targets.push_back(std::move(t));
    m_targetIndex.emplace(key, static_cast<uint16_t>(id));
    return ref;
}

UetTransport::Initiator*
UetTransport::InitiatorTo(uint32_t peer, uint32_t connection) const
{
    auto slot = m_peerSlot.find(peer);
    if (slot == m_peerSlot.end() || connection >= m_nic->GetConnectionsPerPeer())
    {
        return nullptr;
    }
    return FindInitiator(
        static_cast<uint16_t>(slot->second * m_nic->GetConnectionsPerPeer() + connection + 1),
        peer);
}

Ptr<FabricCongestionControl>
UetTransport::GetCongestionControl(uint32_t peer, uint32_t connection) const
{
    Initiator* s = InitiatorTo(peer, connection);
    return s ? s->cc : nullptr;
}

Ptr<UetEntropySelector>
UetTransport::GetEntropySelector(uint32_t peer, uint32_t connection) const
{
    Initiator* s = InitiatorTo(peer, connection);
    return s ? s->selector : nullptr;
}

Ptr<RcccCreditScheduler>
UetTransport::GetCreditScheduler(uint32_t nicPort) const
{
    return nicPort < m_schedulers.size() ? m_schedulers[nicPort] : nullptr;
}

// ---------------------------------------------------------------------------------------------
// Sending

void
UetTransport::Post(const FabricMessage& message, const FabricMessageCallback& done)
{
    if (message.bytes > MAX_MESSAGE_BYTES)
    {
        throw FabricConfigError("UetTransport: a " + std::to_string(message.bytes) +
                                "-byte message exceeds the SES limit of " +
                                std::to_string(MAX_MESSAGE_BYTES) + " bytes");
    }
    Initiator& s = GetInitiator(message.dst, message.connection);
    if (s.outgoing.size() >= MAX_OPEN_MESSAGES)
    {
        throw FabricConfigError("UetTransport of GPU " + std::to_string(m_nic->GetGpu()) +
                                ": more than " + std::to_string(MAX_OPEN_MESSAGES) +
                                " unacknowledged messages on the PDC to GPU " +
                                std::to_string(message.dst) + " (16-bit SES message ids)");
    }
    const uint32_t mtu = m_nic->GetMtu();
    Outgoing out;
    out.message = message;
    out.done = done;
    out.seq = s.nextMsgSeq++;
    out.firstPsn = s.nextFreePsn;
    out.packets = (message.bytes + mtu - 1) / mtu;
    out.unacked = out.packets;
    out.sesId = s.nextSesId++;
    s.nextFreePsn += out.packets;
    s.outgoing.push_back(out);
    if (m_rccc)
    {
        const uint32_t last = static_cast<uint32_t>(message.bytes - (out.packets - 1) * mtu);
        uint64_t wire = WireBytesOf(out.packets == 1 ? last : mtu, true);
        if (out.packets > 1)
        {
            wire +=
                (out.packets - 2) * uint64_t(WireBytesOf(mtu, false)) + WireBytesOf(last, false);
        }
        NeedCredit(s, wire);
    }
    Wake(s);
}

std::size_t
UetTransport::Initiator::FindMessage(uint64_t psn) const
{
    // Messages are in PSN order: the last one starting at or before the PSN holds it.
    auto it =
        std::upper_bound(outgoing.begin(), outgoing.end(), psn, [](uint64_t p, const Outgoing& m) {
            return p < m.firstPsn;
        });
    return static_cast<std::size_t>(it - outgoing.begin()) - 1;
}

uint64_t
UetTransport::Initiator::NextPsn(uint32_t& payload, bool& first) const
{
    uint64_t psn;
    if (!retransmit.empty())
    {
        psn = retransmit.front();
    }
    else if (sndNxt < nextFreePsn)
    {
        psn = sndNxt;
    }
    else
    {
        return std::numeric_limits<uint64_t>::max();
    }
    const Outgoing& m = outgoing[FindMessage(psn)];
    const uint64_t offset = (psn - m.firstPsn) * transport->m_nic->GetMtu();
    payload = static_cast<uint32_t>(
        std::min<uint64_t>(transport->m_nic->GetMtu(), m.message.bytes - offset));
    first = offset == 0;
    return psn;
}

Time
UetTransport::Initiator::NextSendTime(Time now) const
{
    uint32_t payload = 0;
    bool first = false;
    if (NextPsn(payload, first) == std::numeric_limits<uint64_t>::max())
    {
        return Time::Max();
    }
    const uint64_t window = cc->GetWindow();
    if (window != FabricCongestionControl::UNLIMITED_WINDOW && inFlight > 0 &&
        inFlight + payload > window)
    {
        return Time::Max();
    }
    if (transport->m_rccc &&
        transport->m_initialCredit + creditGranted < creditSpent + WireBytesOf(payload, first))
    {
        return Time::Max();
    }
    return nextSendAt;
}

Ptr<Packet>
UetTransport::Initiator::PullPacket(Time now, uint16_t& protocol)
{
    UetTransport& tr = *transport;
    uint32_t payload = 0;
    bool first = false;
    const uint64_t psn = NextPsn(payload, first);
    NS_ASSERT(psn != std::numeric_limits<uint64_t>::max());
    if (!retransmit.empty())
    {
        retransmit.pop_front();
        // Entries acknowledged while they waited are dropped here, so the head is always due.
        while (!retransmit.empty() &&
               (retransmit.front() < sndUna || At(retransmit.front()).state != LOST))
        {
            retransmit.pop_front();
        }
    }
    else
    {
        ++sndNxt;
    }

    uint16_t ev;
    if (tr.m_mode == RUD)
    {
        ev = selector->NextEntropy();
    }
    else
    {
        // Changing the path of an ordered PDC with packets in flight would reorder them, which
        // its receiver answers with a NACK and the sender with go-back-N.
        if (pathChangePending && inFlight == 0)
        {
            pathEv = selector->NextEntropy();
            pathChangePending = false;
        }
        ev = pathEv;
    }

    if (psn == sndMax)
    {
        if (psn - sndUna >= ring.size())
        {
            std::size_t size = ring.size() * 2;
            while (psn - sndUna >= size)
            {
                size *= 2;
            }
            std::vector<SentPsn> grown(size);
            for (uint64_t p = sndUna; p < sndMax; ++p)
            {
                grown[p & (size - 1)] = At(p);
            }
            ring.swap(grown);
            ringMask = size - 1;
        }
        SentPsn& e = At(psn);
        e.sent = now;
        e.msgSeq = outgoing[FindMessage(psn)].seq;
        e.payload = payload;
        e.ev = ev;
        e.sends = 1;
        e.state = IN_FLIGHT;
        e.ambiguous = 0;
        sndMax = psn + 1;
    }
    else
    {
        SentPsn& e = At(psn);
        e.sent = now;
        e.ev = ev;
        e.sends = static_cast<uint8_t>(std::min<uint32_t>(e.sends + 1u, 255u));
        e.state = IN_FLIGHT;
        ++tr.m_nic->Counters().retransmissions;
    }
    inFlight += payload;
    if (tr.m_rccc)
    {
        creditSpent += WireBytesOf(payload, first);
    }
    // Ask for an ACK at once when the window will not let the next packet go: the receiver
    // would otherwise wait for AckEvery bytes that cannot come.
    const uint64_t window = cc->GetWindow();
    const bool ackRequest = window != FabricCongestionControl::UNLIMITED_WINDOW &&
                            inFlight + tr.m_nic->GetMtu() > window;
    Ptr<Packet> packet = tr.BuildData(*this, psn, ev, ackRequest);
    protocol = IPV4_ETHERTYPE;

    cc->OnPacketSent(payload);
    nextSendAt =
        cc->PacedSendTime(now, PhotonicNetDevice::WireBytes(packet->GetSize() + ETHERNET_FRAMING));
    if (!rto.IsRunning())
    {
        // Nothing else is in flight with an earlier deadline, or the timer would be running.
        rto = Simulator::Schedule(tr.CurrentRto(*this), &UetTransport::Timeout, &tr, this);
    }
    return packet;
}

Ptr<Packet>
UetTransport::BuildData(Initiator& s, uint64_t psn, uint16_t ev, bool ackRequest)
{
    const Outgoing& m = s.outgoing[s.FindMessage(psn)];
    const SentPsn& e = s.At(psn);
    const uint64_t offset = (psn - m.firstPsn) * m_nic->GetMtu();
    Ptr<Packet> packet = Create<Packet>(e.payload);

    UetSesHeader ses;
    ses.opcode = UetSesHeader::OPCODE_WRITE;
    ses.startOfMessage = offset == 0;
    ses.endOfMessage = offset + e.payload == m.message.bytes;
    ses.messageId = m.sesId;
    ses.messageOffset = static_cast<uint32_t>(offset);
    ses.messageLength = static_cast<uint32_t>(m.message.bytes);
    // The first packet carries the caller's label, as a RETH carries it in RoCEv2.
    ses.hasHeaderData = ses.startOfMessage;
    ses.headerData = m.message.tag;

    UetPdsRequestHeader pds;
    pds.type = m_mode == RUD ? UET_PDS_RUD_REQ : UET_PDS_ROD_REQ;
    pds.nextHeader = UET_NEXT_COMPACT_SES;
    pds.retransmit = e.sends > 1;
    pds.ackRequest = ackRequest;
    pds.syn = s.remoteId == 0;
    // Clear PSN: everything below sndUna is acknowledged.
    const int64_t clear = static_cast<int64_t>(s.sndUna) - 1 - static_cast<int64_t>(psn);
    pds.clearPsnOffset = static_cast<int16_t>(std::max<int64_t>(clear, INT16_MIN));
    pds.psn = static_cast<uint32_t>(psn);
    pds.sourcePdcId = s.localId;
    pds.destPdcId = s.remoteId;
    AddHeaders(packet, s.peer, s.nicPort, ev, pds, &ses);
    return packet;
}

void
UetTransport::AddHeaders(Ptr<Packet> packet,
                         uint32_t peer,
                         uint32_t nicPort,
                         uint16_t entropy,
                         Header& pds,
                         Header* ses) const
{
    const bool data = ses != nullptr;
    FabricIpv4UdpHeader ipUdp = Ipv4Udp(peer, nicPort, entropy, UET_UDP_PORT, data);
    if (data)
    {
        // Trimmable data carries the DSCP-TRIMMABLE codepoint in its class.
        ipUdp.tos =
            FabricTos(m_nic->GetDataClass(), m_trimmable ? FABRIC_DSCP_TRIMMABLE : 0, ipUdp.tos);
        packet->AddHeader(FabricHeaderStack{&ipUdp, &pds, ses});
    }
    else
    {
        packet->AddHeader(FabricHeaderStack{&ipUdp, &pds});
    }
}

namespace
{
/**
 * \brief Read a header off the front of a packet and remove its bytes (metadata-neutral: the
 * sender added its headers as one stack, the receiver takes them in the groups it needs).
 * \param packet the packet
 * \param header where the fields go
 */
void
Take(Ptr<Packet> packet, Header& header)
{
    packet->RemoveAtStart(packet->PeekHeader(header));
}
} // namespace

void
UetTransport::Wake(Initiator& s)
{
    if (s.NextSendTime(Simulator::Now()) != Time::Max())
    {
        m_nic->Activate(&s);
    }
}

// ---------------------------------------------------------------------------------------------
// Receiving

bool
UetTransport::Receive(uint32_t nicPort, Ptr<Packet> packet, uint16_t protocol)
{
    if (protocol != IPV4_ETHERTYPE)
    {
        return false;
    }
    uint8_t b[29];
    if (packet->CopyData(b, sizeof(b)) < sizeof(b))
    {
        return false;
    }
    const uint32_t ihl = (b[0] & 0x0f) * 4u;
    if (b[9] != UDP_PROTOCOL || ihl != 20 || ((uint16_t(b[22]) << 8) | b[23]) != UET_UDP_PORT)
    {
        return false;
    }
    // The frame's fields from the bytes already read: IPv4 source, ECN, UDP source port.
    const int64_t peer = FabricAddressPlan::GpuOfIpv4(
        (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | b[15]);
    if (peer < 0)
    {
        return false;
    }
    Frame frame;
    // A switch that trimmed the packet remarked its DSCP (packets sent with a FabricPacketTag
    // carry the mark in the tag too).
    FabricPacketTag tag;
    frame.trimmed =
        FabricTosCodepoint(b[1]) == FABRIC_DSCP_TRIMMED ||
        (packet->GetPacketTagIterator().HasNext() && packet->PeekPacketTag(tag) && tag.IsTrimmed());
    frame.peer = static_cast<uint32_t>(peer);
    frame.entropy = static_cast<uint16_t>((b[20] << 8) | b[21]);
    frame.congested = (b[1] & 0x03) == Ipv4Header::ECN_CE;
    FabricIpv4UdpHeader ipUdp;
    const uint8_t type = b[28] >> 3;
    switch (type)
    {
    case UET_PDS_RUD_REQ:
    case UET_PDS_ROD_REQ: {
        UetPdsRequestHeader pds;
        UetSesHeader ses;
        if (frame.trimmed)
        {
            // Cut inside the SES header: only the PDS header is whole.
            FabricHeaderStack headers{&ipUdp, &pds};
            Take(packet, headers);
            ReceiveData(nicPort, frame, pds, nullptr, 0);
        }
        else
        {
            FabricHeaderStack headers{&ipUdp, &pds, &ses};
            Take(packet, headers);
            ReceiveData(nicPort, frame, pds, &ses, packet->GetSize());
        }
        break;
    }
    case UET_PDS_ACK:
    case UET_PDS_ACK_CC: {
        UetPdsAckHeader ack;
        FabricHeaderStack headers{&ipUdp, &ack};
        Take(packet, headers);
        ToSender(frame, ack, &UetTransport::ReceiveAck);
        break;
    }
    case UET_PDS_NACK: {
        UetPdsNackHeader nack;
        FabricHeaderStack headers{&ipUdp, &nack};
        Take(packet, headers);
        ToSender(frame, nack, &UetTransport::ReceiveNack);
        break;
    }
    case UET_PDS_CONTROL: {
        UetPdsControlHeader control;
        FabricHeaderStack headers{&ipUdp, &control};
        Take(packet, headers);
        ReceiveControl(nicPort, frame, control);
        break;
    }
    default:
        NS_LOG_WARN("GPU " << m_nic->GetGpu() << ": PDS type " << int(type) << " not handled");
        break;
    }
    return true;
}

void
UetTransport::MarkReceived(Target& t, uint64_t psn)
{
    const uint64_t size = t.bitMask + 1;
    if (psn - t.rcvNxt >= size)
    {
        // Grow so that the bitmap covers the new PSN with room for a SACK window behind it.
        uint64_t grown = size * 2;
        while (psn - t.rcvNxt + 64 >= grown)
        {
            grown *= 2;
        }
        std::vector<uint64_t> bits(grown / 64, 0);
        for (uint64_t p = t.rcvNxt; p < t.rcvMax; ++p)
        {
            if ((t.bits[(p & t.bitMask) >> 6] >> (p & 63)) & 1)
            {
                bits[(p & (grown - 1)) >> 6] |= uint64_t(1) << (p & 63);
            }
        }
        t.bits.swap(bits);
        t.bitMask = grown - 1;
    }
    t.bits[(psn & t.bitMask) >> 6] |= uint64_t(1) << (psn & 63);
    t.rcvMax = std::max(t.rcvMax, psn + 1);
    // Cleared as rcvNxt passes, so the ring's bits above rcvMax read as "not received".
    while (t.rcvNxt < t.rcvMax)
    {
        uint64_t& word = t.bits[(t.rcvNxt & t.bitMask) >> 6];
        const uint64_t bit = uint64_t(1) << (t.rcvNxt & 63);
        if ((word & bit) == 0)
        {
            break;
        }
        word &= ~bit;
        ++t.rcvNxt;
    }
}

bool
UetTransport::IsReceived(const Target& t, uint64_t psn)
{
    if (psn < t.rcvNxt)
    {
        return true;
    }
    if (psn - t.rcvNxt > t.bitMask)
    {
        return false;
    }
    return ((t.bits[(psn & t.bitMask) >> 6] >> (psn & 63)) & 1) != 0;
}

uint64_t
UetTransport::SackBits(const Target& t, uint64_t base)
{
    const uint64_t index = base & t.bitMask;
    const uint64_t word = index >> 6;
    const uint32_t shift = index & 63;
    uint64_t bits = t.bits[word] >> shift;
    if (shift != 0)
    {
        bits |= t.bits[(word + 1) % t.bits.size()] << (64 - shift);
    }
    return bits;
}

void
UetTransport::ReceiveData(uint32_t nicPort,
                          const Frame& frame,
                          const UetPdsRequestHeader& pds,
                          const UetSesHeader* ses,
                          uint32_t payload)
{
    Target& t = GetTarget(frame.peer, pds.sourcePdcId, nicPort);
    FabricNicCounters& counters = m_nic->Counters();
    if (frame.congested)
    {
        ++counters.ecnMarkedReceived;
    }
    if (frame.trimmed)
    {
        ++counters.trimmedReceived;
    }
    const bool rod = pds.type == UET_PDS_ROD_REQ;
    const int64_t psn = Unwrap(pds.psn, t.rcvNxt);
    if (psn < static_cast<int64_t>(t.rcvNxt) || (!rod && IsReceived(t, static_cast<uint64_t>(psn))))
    {
        // Already taken: the ACK that covered it was lost or late, or the sender timed out
        // early. Acknowledge again so the sender catches up.
        ++counters.duplicates;
        SendAck(t, frame, psn, pds.retransmit, rod);
        return;
    }
    if (rod)
    {
        if (static_cast<uint64_t>(psn) != t.rcvNxt || frame.trimmed)
        {
            if (static_cast<uint64_t>(psn) != t.rcvNxt)
            {
                ++counters.outOfOrder;
            }
            if (!t.nakSent)
            {
                // The payload names the packet that showed the gap, so the sender can tell a
                // NACK caused by packets sent before its go-back from a new one.
                t.nakSent = true;
                SendNack(t,
                         frame,
                         frame.trimmed && static_cast<uint64_t>(psn) == t.rcvNxt ? UET_NACK_TRIMMED
                                                                                 : UET_NACK_ROD_OOO,
                         t.rcvNxt,
                         pds.retransmit,
                         pds.psn);
            }
            return;
        }
        t.nakSent = false;
        ++t.rcvNxt;
        t.rcvMax = t.rcvNxt;
    }
    else
    {
        if (frame.trimmed)
        {
            SendNack(t,
                     frame,
                     UET_NACK_TRIMMED,
                     static_cast<uint64_t>(psn),
                     pds.retransmit,
                     static_cast<uint32_t>(t.rcvNxt - 1));
            return;
        }
        MarkReceived(t, static_cast<uint64_t>(psn));
    }
    NS_ASSERT_MSG(ses, "a data packet that is not trimmed carries its SES header");
    const bool completed = Place(t, *ses, payload);
    t.bytesSinceAck += payload;
    if (frame.congested || ses->endOfMessage || completed || pds.ackRequest || pds.retransmit ||
        t.bytesSinceAck >= m_ackEvery)
    {
        SendAck(t, frame, psn, pds.retransmit, rod);
    }
}

bool
UetTransport::Place(Target& t, const UetSesHeader& ses, uint32_t payload)
{
    auto it = std::find_if(t.incoming.begin(), t.incoming.end(), [&ses](const Incoming& m) {
        return m.sesId == ses.messageId;
    });
    if (it == t.incoming.end())
    {
        Incoming m;
        m.sesId = ses.messageId;
        m.length = ses.messageLength;
        m.start = Simulator::Now();
        t.incoming.push_back(m);
        it = t.incoming.end() - 1;
    }
    if (ses.hasHeaderData)
    {
        it->tag = ses.headerData;
    }
    it->received += payload;
    if (it->received < it->length)
    {
        return false;
    }
    FabricMessage m;
    m.id = ++t.delivered;
    m.src = t.peer;
    m.dst = m_nic->GetGpu();
    m.bytes = it->length;
    m.connection = t.connection;
    m.tag = it->tag;
    m.start = it->start;
    m.end = Simulator::Now();
    // Removed before the NIC calls back, which may post messages.
    *it = t.incoming.back();
    t.incoming.pop_back();
    m_nic->NotifyDelivered(m);
    return true;
}

void
UetTransport::SendAck(Target& t, const Frame& frame, int64_t trigger, bool retransmit, bool rod)
{
    UetPdsAckHeader ack;
    ack.type = UET_PDS_ACK_CC;
    ack.ecnMarked = frame.congested;
    ack.retransmit = retransmit;
    const int64_t cack = static_cast<int64_t>(t.rcvNxt) - 1;
    ack.cackPsn = static_cast<uint32_t>(cack);
    const int64_t ackOffset = trigger - cack;
    // A trigger too far from the CACK to name is sent as the CACK itself (no RTT sample).
    ack.ackPsnOffset =
        ackOffset >= INT16_MIN && ackOffset <= INT16_MAX ? static_cast<int16_t>(ackOffset) : 0;
    // SACK window: the 64 PSNs below the highest received, or from the trigger if that lies
    // further back, so the packet that caused the ACK is always reported.
    uint64_t base = t.rcvNxt;
    if (!rod)
    {
        if (t.rcvMax > t.rcvNxt + UetSackBitmap::BITS)
        {
            base = t.rcvMax - UetSackBitmap::BITS;
        }
        if (trigger >= static_cast<int64_t>(t.rcvNxt) && trigger < static_cast<int64_t>(base))
        {
            base = static_cast<uint64_t>(trigger);
        }
        if (base - t.rcvNxt > static_cast<uint64_t>(INT16_MAX - 1))
        {
            base = t.rcvNxt;
        }
        ack.sackBitmap = SackBits(t, base);
    }
    ack.sackPsnOffset = static_cast<int16_t>(static_cast<int64_t>(base) - cack);
    ack.sourcePdcId = t.localId;
    ack.destPdcId = t.remoteId;
    Ptr<Packet> packet = Create<Packet>();
    AddHeaders(packet, t.peer, t.nicPort, frame.entropy, ack, nullptr);
    ++m_nic->Counters().acksSent;
    t.bytesSinceAck = 0;
    m_nic->SendControl(t.nicPort, packet, IPV4_ETHERTYPE, t.peer);
}

void
UetTransport::SendNack(Target& t,
                       const Frame& frame,
                       uint8_t code,
                       uint64_t psn,
                       bool retransmit,
                       uint32_t payload)
{
    UetPdsNackHeader nack;
    nack.ecnMarked = frame.congested;
    nack.retransmit = retransmit;
    nack.nackCode = code;
    nack.nackPsn = static_cast<uint32_t>(psn);
    nack.sourcePdcId = t.localId;
    nack.destPdcId = t.remoteId;
    nack.payload = payload;
    Ptr<Packet> packet = Create<Packet>();
    AddHeaders(packet, t.peer, t.nicPort, frame.entropy, nack, nullptr);
    ++m_nic->Counters().nacksSent;
    m_nic->SendControl(t.nicPort, packet, IPV4_ETHERTYPE, t.peer);
}

void
UetTransport::SendControlPacket(uint32_t nicPort,
                                uint32_t peer,
                                uint8_t type,
                                uint16_t sourceId,
                                uint16_t destId,
                                uint32_t payload,
                                bool syn)
{
    UetPdsControlHeader control;
    control.controlType = type;
    control.syn = syn;
    control.sourcePdcId = sourceId;
    control.destPdcId = destId;
    control.payload = payload;
    Ptr<Packet> packet = Create<Packet>();
    AddHeaders(packet,
               peer,
               nicPort,
               static_cast<uint16_t>(CONTROL_ENTROPY_BASE | (sourceId & 0x3fff)),
               control,
               nullptr);
    m_nic->SendControl(nicPort, packet, IPV4_ETHERTYPE, peer);
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements at the sender

uint32_t
UetTransport::AckPsn(Initiator& s, uint64_t psn, bool ecn)
{
    SentPsn& e = s.At(psn);
    if (e.state == ACKED)
    {
        return 0;
    }
    if (e.state == IN_FLIGHT)
    {
        s.inFlight -= e.payload;
    }
    e.state = ACKED;
    // Every CE-marked packet is acknowledged at once with its own ACK, so the other PSNs a
    // coalesced ACK covers arrived unmarked.
    s.selector->OnAck(e.ev, ecn);
    Outgoing& m = s.outgoing[e.msgSeq - s.outgoing.front().seq];
    if (--m.unacked == 0)
    {
        m_completed.push_back(m);
        m_completed.back().message.end = Simulator::Now();
    }
    return e.payload;
}

void
UetTransport::Advance(Initiator& s)
{
    while (s.sndUna < s.sndMax && s.At(s.sndUna).state == ACKED)
    {
        ++s.sndUna;
    }
    if (s.sndNxt < s.sndUna)
    {
        s.sndNxt = s.sndUna;
    }
    while (!s.outgoing.empty() && s.outgoing.front().unacked == 0)
    {
        s.outgoing.pop_front();
    }
    while (!s.retransmit.empty() &&
           (s.retransmit.front() < s.sndUna || s.At(s.retransmit.front()).state != LOST))
    {
        s.retransmit.pop_front();
    }
}

void
UetTransport::FlushCompletions()
{
    for (std::size_t i = 0; i < m_completed.size(); ++i)
    {
        m_nic->NotifyCompleted(m_completed[i].message, m_completed[i].done);
    }
    m_completed.clear();
}

template <typename H>
void
UetTransport::ToSender(const Frame& frame,
                       const H& header,
                       void (UetTransport::*handle)(Initiator&, const H&))
{
    Initiator* s = FindInitiator(header.destPdcId, frame.peer);
    if (!s)
    {
        return; // names no sending PDC towards that GPU: stale or misdirected
    }
    if (s->remoteId == 0)
    {
        // The receiver names its PDC id in everything it sends back; requests carry it from now.
        s->remoteId = header.sourcePdcId;
    }
    (this->*handle)(*s, header);
}

void
UetTransport::ReceiveAck(Initiator& s, const UetPdsAckHeader& ack)
{
    // PSNs below cackNext arrived; the ACK PSN is the packet that caused the ACK.
    const int64_t cack = Unwrap(ack.cackPsn, s.sndUna);
    const int64_t cackNext = cack + 1;
    if (cackNext > static_cast<int64_t>(s.sndMax))
    {
        return; // names PSNs never sent: stale or corrupt
    }
    const int64_t trigger = cack + ack.ackPsnOffset;
    Time rtt;
    if (trigger >= static_cast<int64_t>(s.sndUna) && trigger < static_cast<int64_t>(s.sndMax))
    {
        const SentPsn& e = s.At(static_cast<uint64_t>(trigger));
        // No sample when the ACK may answer an earlier copy (Karn): after a timeout or a
        // go-back the first copy may still arrive. A trimmed packet's retransmission is
        // unambiguous (the trimmed copy carried no data), and under heavy trimming it is most of
        // what a sender sends, so its delay must count.
        if (e.state != ACKED && !e.ambiguous)
        {
            rtt = Simulator::Now() - e.sent;
        }
    }
    uint64_t acked = 0;
    for (int64_t p = static_cast<int64_t>(s.sndUna); p < cackNext; ++p)
    {
        acked += AckPsn(s, static_cast<uint64_t>(p), ack.ecnMarked && p == trigger);
    }
    if (m_mode == RUD && ack.type == UET_PDS_ACK_CC)
    {
        const int64_t base = cack + ack.sackPsnOffset;
        uint64_t bits = ack.sackBitmap;
        while (bits != 0)
        {
            const int64_t p = base + __builtin_ctzll(bits);
            bits &= bits - 1;
            if (p >= static_cast<int64_t>(s.sndUna) && p < static_cast<int64_t>(s.sndMax))
            {
                acked += AckPsn(s, static_cast<uint64_t>(p), ack.ecnMarked && p == trigger);
            }
        }
    }
    const bool backedOff = s.backoff > 0;
    if (acked > 0)
    {
        s.backoff = 0;
    }
    Advance(s);
    if (acked > 0)
    {
        FabricCcFeedback feedback;
        feedback.ackedBytes = static_cast<uint32_t>(std::min<uint64_t>(acked, UINT32_MAX));
        feedback.ecnEcho = ack.ecnMarked;
        feedback.rtt = rtt;
        feedback.inFlightBytes = s.inFlight;
        if (s.cc->OnAck(feedback))
        {
            ++m_nic->Counters().pathChanges;
            // A RUD PDC already takes a new entropy per packet; an ROD PDC moves once idle.
            s.pathChangePending = m_mode == ROD;
        }
    }
    if (s.sndUna == s.sndMax || (backedOff && acked > 0))
    {
        ArmTimer(s);
    }
    FlushCompletions();
    Wake(s);
}

void
UetTransport::ReceiveNack(Initiator& s, const UetPdsNackHeader& nack)
{
    ++m_nic->Counters().nacksReceived;
    const int64_t psn = Unwrap(nack.nackPsn, s.sndUna);
    if (psn < static_cast<int64_t>(s.sndUna) || psn >= static_cast<int64_t>(s.sndMax))
    {
        return; // about PSNs already acknowledged or never sent
    }
    const uint64_t p = static_cast<uint64_t>(psn);
    if (m_mode == RUD)
    {
        const uint32_t lost = MarkLost(s, p);
        if (lost > 0)
        {
            s.cc->OnLoss(lost);
            s.selector->OnLoss(s.At(p).ev);
        }
    }
    else
    {
        // The NACK names the PSN the receiver expects: everything below it arrived.
        uint64_t acked = 0;
        for (uint64_t q = s.sndUna; q < p; ++q)
        {
            acked += AckPsn(s, q, false);
        }
        if (acked > 0)
        {
            s.backoff = 0;
        }
        const int64_t shown = Unwrap(nack.payload, s.sndUna);
        // A NACK caused by a packet sent before the NACKed PSN was last sent is old news: the
        // sender already went back for it.
        const bool stale = shown >= psn && shown < static_cast<int64_t>(s.sndMax) &&
                           s.At(p).sent > s.At(static_cast<uint64_t>(shown)).sent;
        if (p < s.sndNxt && !stale)
        {
            const uint16_t ev = s.At(p).ev;
            const uint64_t lost = GoBack(s, p);
            if (lost > 0)
            {
                s.cc->OnLoss(static_cast<uint32_t>(std::min<uint64_t>(lost, UINT32_MAX)));
                s.selector->OnLoss(ev);
            }
        }
        Advance(s);
    }
    FlushCompletions();
    Wake(s);
}

uint64_t
UetTransport::GoBack(Initiator& s, uint64_t psn)
{
    uint64_t lost = 0;
    uint64_t wire = 0;
    for (uint64_t p = psn; p < s.sndNxt; ++p)
    {
        SentPsn& e = s.At(p);
        if (e.state == IN_FLIGHT)
        {
            s.inFlight -= e.payload;
            e.state = LOST;
            e.ambiguous = 1;
            lost += e.payload;
        }
        if (m_rccc && e.state != ACKED)
        {
            const Outgoing& m = s.outgoing[e.msgSeq - s.outgoing.front().seq];
            wire += WireBytesOf(e.payload, p == m.firstPsn);
        }
    }
    s.sndNxt = psn;
    if (wire > 0)
    {
        NeedCredit(s, wire);
    }
    return lost;
}

uint32_t
UetTransport::MarkLost(Initiator& s, uint64_t psn)
{
    SentPsn& e = s.At(psn);
    if (e.state != IN_FLIGHT)
    {
        return 0; // acknowledged meanwhile or already waiting to be sent again
    }
    e.state = LOST;
    s.inFlight -= e.payload;
    s.retransmit.push_back(psn);
    if (m_rccc)
    {
        const Outgoing& m = s.outgoing[e.msgSeq - s.outgoing.front().seq];
        NeedCredit(s, WireBytesOf(e.payload, psn == m.firstPsn));
    }
    return e.payload;
}

// ---------------------------------------------------------------------------------------------
// Retransmission timer

void
UetTransport::ArmTimer(Initiator& s)
{
    s.rto.Cancel();
    Time earliest = Time::Max();
    if (m_mode == RUD)
    {
        for (uint64_t p = s.sndUna; p < s.sndMax; ++p)
        {
            const SentPsn& e = s.At(p);
            if (e.state == IN_FLIGHT && e.sent < earliest)
            {
                earliest = e.sent;
            }
        }
    }
    else if (s.sndUna < s.sndNxt)
    {
        // In order: the oldest unacknowledged PSN went out first.
        earliest = s.At(s.sndUna).sent;
    }
    const Time now = Simulator::Now();
    if (earliest != Time::Max())
    {
        const Time at = earliest + CurrentRto(s);
        s.rto =
            Simulator::Schedule(at > now ? at - now : Time(0), &UetTransport::Timeout, this, &s);
    }
    else if (m_rccc && s.creditAnnounced > s.creditGranted)
    {
        // Waiting for credit with nothing in flight: repeat the request if no grant comes.
        s.rto = Simulator::Schedule(CurrentRto(s), &UetTransport::Timeout, this, &s);
    }
}

void
UetTransport::Timeout(Initiator* s)
{
    const Time now = Simulator::Now();
    const Time rto = CurrentRto(*s);
    uint64_t lost = 0;
    if (m_mode == RUD)
    {
        for (uint64_t p = s->sndUna; p < s->sndMax; ++p)
        {
            const SentPsn& e = s->At(p);
            if (e.state == IN_FLIGHT && e.sent + rto <= now)
            {
                s->selector->OnLoss(e.ev);
                lost += MarkLost(*s, p);
                s->At(p).ambiguous = 1;
            }
        }
    }
    else if (s->sndUna < s->sndNxt && s->At(s->sndUna).sent + rto <= now)
    {
        s->selector->OnLoss(s->At(s->sndUna).ev);
        lost = GoBack(*s, s->sndUna);
    }
    if (lost > 0)
    {
        NS_LOG_LOGIC("GPU " << m_nic->GetGpu() << " PDC " << s->localId << " timeout, " << lost
                            << " bytes to resend");
        ++m_nic->Counters().timeouts;
        s->cc->OnLoss(static_cast<uint32_t>(std::min<uint64_t>(lost, UINT32_MAX)));
        s->backoff = std::min(s->backoff + 1, m_maxBackoff);
    }
    if (m_rccc && s->creditAnnounced > s->creditGranted)
    {
        SendCreditRequest(s, true);
    }
    ArmTimer(*s);
    Wake(*s);
}

// ---------------------------------------------------------------------------------------------
// Receiver credits (RCCC)

void
UetTransport::NeedCredit(Initiator& s, uint64_t bytes)
{
    s.creditNeeded += bytes;
    ScheduleCreditRequest(s);
}

void
UetTransport::ScheduleCreditRequest(Initiator& s)
{
    if (!s.creditRequest.IsRunning())
    {
        // One request per event, however many messages were posted or PSNs lost in it.
        s.creditRequest = Simulator::ScheduleNow(&UetTransport::SendCreditRequest, this, &s, false);
    }
}

void
UetTransport::SendCreditRequest(Initiator* s, bool force)
{
    const uint64_t requested =
        s->creditNeeded > m_initialCredit ? s->creditNeeded - m_initialCredit : 0;
    const uint64_t announce = std::min(requested, s->creditGranted + MAX_ANNOUNCE_AHEAD);
    if (announce <= s->creditAnnounced && !(force && s->creditAnnounced > s->creditGranted))
    {
        return;
    }
    s->creditAnnounced = std::max(announce, s->creditAnnounced);
    // The running total, not the increment: a lost request is made good by the next one.
    SendControlPacket(s->nicPort,
                      s->peer,
                      UET_CTL_CREDIT_REQ,
                      s->localId,
                      s->remoteId,
                      static_cast<uint32_t>(s->creditAnnounced),
                      s->remoteId == 0);
    if (!s->rto.IsRunning())
    {
        ArmTimer(*s);
    }
}

Ptr<RcccCreditScheduler>
UetTransport::Scheduler(uint32_t nicPort)
{
    if (m_schedulers.size() <= nicPort)
    {
        m_schedulers.resize(nicPort + 1);
    }
    Ptr<RcccCreditScheduler>& sched = m_schedulers[nicPort];
    if (!sched)
    {
        sched = CreateObject<RcccCreditScheduler>();
        sched->SetAttribute("LinkRate",
                            DataRateValue(m_nic->GetPortDevice(nicPort)->GetDataRate()));
        sched->SetGrantCallback(MakeCallback(&UetTransport::Grant, this));
    }
    return sched;
}

void
UetTransport::Grant(uint32_t targetId, uint32_t bytes)
{
    Target& t = *m_targets[targetId - 1];
    t.granted += bytes;
    ++m_nic->Counters().creditGrantsSent;
    SendControlPacket(t.nicPort,
                      t.peer,
                      UET_CTL_CREDIT,
                      t.localId,
                      t.remoteId,
                      static_cast<uint32_t>(t.granted),
                      false);
}

void
UetTransport::ReceiveControl(uint32_t nicPort, const Frame& frame, const UetPdsControlHeader& c)
{
    if (c.controlType == UET_CTL_CREDIT_REQ)
    {
        Target& t = GetTarget(frame.peer, c.sourcePdcId, nicPort);
        Ptr<RcccCreditScheduler> sched = Scheduler(t.nicPort);
        const uint32_t delta = c.payload - static_cast<uint32_t>(t.demandRegistered);
        if (delta != 0 && delta < HALF_RANGE)
        {
            t.demandRegistered += delta;
            sched->AddDemand(t.localId, delta);
        }
        else if (delta == 0 && sched->GetDemand(t.localId) == 0)
        {
            // A repeated request with everything granted: the last grant may have been lost.
            SendControlPacket(t.nicPort,
                              t.peer,
                              UET_CTL_CREDIT,
                              t.localId,
                              t.remoteId,
                              static_cast<uint32_t>(t.granted),
                              false);
        }
        return;
    }
    if (c.controlType == UET_CTL_CREDIT)
    {
        Initiator* s = FindInitiator(c.destPdcId, frame.peer);
        if (!s)
        {
            return;
        }
        if (s->remoteId == 0)
        {
            s->remoteId = c.sourcePdcId;
        }
        const uint32_t delta = c.payload - static_cast<uint32_t>(s->creditGranted);
        if (delta != 0 && delta < HALF_RANGE)
        {
            s->creditGranted += delta;
            if (s->creditNeeded > m_initialCredit + s->creditAnnounced)
            {
                ScheduleCreditRequest(*s); // demand held back by MAX_ANNOUNCE_AHEAD
            }
            Wake(*s);
        }
        return;
    }
    NS_LOG_WARN("GPU " << m_nic->GetGpu() << ": control type " << int(c.controlType)
                       << " not handled");
}

} // namespace ns3
