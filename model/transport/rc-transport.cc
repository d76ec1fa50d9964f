/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "rc-transport.h"

#include "ns3/boolean.h"
#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RcTransport");
NS_OBJECT_ENSURE_REGISTERED(RcTransport);

namespace
{
/// Ethernet header in front of every packet (the device adds FCS, preamble and gap).
constexpr uint32_t ETHERNET_FRAMING = 14;
/// Largest RDMA WRITE (the RETH's DMA length is 32 bits).
constexpr uint64_t MAX_WRITE_BYTES = 0xffffffffULL;
} // namespace

TypeId
RcTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RcTransport")
            .SetParent<FabricTransport>()
            .SetGroupName("AiFabric")
            .AddAttribute("AckInterval",
                          "Data packets a receiver takes in order before it sends a coalesced "
                          "ACK (packets); the last packet of a message is always acknowledged.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&RcTransport::m_ackInterval),
                          MakeUintegerChecker<uint32_t>(1, 1024))
            .AddAttribute("RetransmitTimeout",
                          "Time without progress after which the sender goes back to the oldest "
                          "unacknowledged PSN (s). IBA's local ACK timeout is 4.096 us x 2^n; "
                          "the default, n = 8, is about 1 ms.",
                          TimeValue(MicroSeconds(1049)),
                          MakeTimeAccessor(&RcTransport::m_rto),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("NotificationInterval",
                          "Minimum time between the RoCEv2 CNPs a receiver sends for one QP "
                          "(s; DCQCN: 50 us). InfiniBand returns one BECN per FECN.",
                          TimeValue(MicroSeconds(50)),
                          MakeTimeAccessor(&RcTransport::m_notificationInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ComputeIcrc",
                          "Compute the real invariant CRC of every packet (for captures checked "
                          "by a dissector); otherwise the 4-byte field is sent as zeros, which "
                          "costs the same wire time and no CPU.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RcTransport::m_computeIcrc),
                          MakeBooleanChecker());
    return tid;
}

RcTransport::RcTransport() = default;
RcTransport::~RcTransport() = default;

void
RcTransport::DoDispose()
{
    for (auto& entry : m_qps)
    {
        entry.second->rto.Cancel();
        entry.second->cc = nullptr;
    }
    m_qps.clear();
    FabricTransport::DoDispose();
}

uint64_t
RcTransport::Unwrap(uint32_t wire, uint64_t reference)
{
    const uint32_t mask = IbBthHeader::PSN_MASK;
    int64_t diff = static_cast<int64_t>((wire - static_cast<uint32_t>(reference)) & mask);
    if (diff >= (1 << 23))
    {
        diff -= (1 << 24);
    }
    return static_cast<uint64_t>(static_cast<int64_t>(reference) + diff);
}

RcTransport::QueuePair&
RcTransport::GetQueuePair(uint32_t peer, uint32_t connection)
{
    const uint32_t perPeer = m_nic->GetConnectionsPerPeer();
    const uint64_t qpn = uint64_t(peer) * perPeer + connection + 1;
    if (qpn > IbBthHeader::PSN_MASK)
    {
        throw FabricConfigError("RC transport: QPN " + std::to_string(qpn) +
                                " does not fit the BTH's 24 bits (peer " + std::to_string(peer) +
                                " x ConnectionsPerPeer " + std::to_string(perPeer) + ")");
    }
    auto it = m_qps.find(static_cast<uint32_t>(qpn));
    if (it != m_qps.end())
    {
        return *it->second;
    }
    auto qp = std::make_unique<QueuePair>();
    qp->transport = this;
    qp->peer = peer;
    qp->connection = connection;
    qp->remoteQpn = m_nic->GetGpu() * perPeer + connection + 1;
    qp->nicPort = m_nic->PortFor(peer);
    qp->trafficClass = m_nic->GetDataClass();
    const uint32_t mtu = m_nic->GetMtu();
    const uint32_t dataFrame = mtu + HeaderBytes() + ETHERNET_FRAMING;
    const uint32_t ackFrame = HeaderBytes() + 4 + ETHERNET_FRAMING;
    qp->cc = m_nic->CreateCongestionControl(DefaultCongestionControl());
    qp->cc->Start(m_nic->GetPortDevice(qp->nicPort)->GetDataRate().GetBitRate(),
                  m_nic->GetBaseRtt(peer, dataFrame, ackFrame),
                  mtu);
    QueuePair& ref = *qp;
    m_qps.emplace(static_cast<uint32_t>(qpn), std::move(qp));
    return ref;
}

Ptr<FabricCongestionControl>
RcTransport::GetCongestionControl(uint32_t peer, uint32_t connection) const
{
    const uint32_t qpn = peer * m_nic->GetConnectionsPerPeer() + connection + 1;
    auto it = m_qps.find(qpn);
    return it == m_qps.end() ? nullptr : it->second->cc;
}

void
RcTransport::Post(const FabricMessage& message, const FabricMessageCallback& done)
{
    if (message.bytes > MAX_WRITE_BYTES)
    {
        throw FabricConfigError("RC transport: a " + std::to_string(message.bytes) +
                                "-byte message exceeds the RDMA WRITE limit of " +
                                std::to_string(MAX_WRITE_BYTES) + " bytes");
    }
    QueuePair& qp = GetQueuePair(message.dst, message.connection);
    const uint32_t mtu = m_nic->GetMtu();
    QueuePair::Outgoing out;
    out.message = message;
    out.done = done;
    out.firstPsn = qp.nextFreePsn;
    out.packets = (message.bytes + mtu - 1) / mtu;
    qp.nextFreePsn += out.packets;
    qp.outgoing.push_back(out);
    m_nic->Activate(&qp);
}

Time
RcTransport::QueuePair::NextSendTime(Time now) const
{
    if (sndNxt >= nextFreePsn)
    {
        return Time::Max();
    }
    const uint64_t window = cc->GetWindow();
    if (window != FabricCongestionControl::UNLIMITED_WINDOW &&
        (sndNxt - sndUna) * transport->m_nic->GetMtu() >= window)
    {
        return Time::Max();
    }
    return nextSendAt;
}

Ptr<Packet>
RcTransport::QueuePair::PullPacket(Time now, uint16_t& protocol)
{
    // The message holding PSN sndNxt: unacknowledged messages are few, search from the back.
    auto it = outgoing.end();
    do
    {
        --it;
    } while (it->firstPsn > sndNxt);
    const uint64_t index = sndNxt - it->firstPsn;
    const uint32_t mtu = transport->m_nic->GetMtu();
    const uint64_t offset = index * mtu;
    const uint32_t payload =
        static_cast<uint32_t>(std::min<uint64_t>(mtu, it->message.bytes - offset));
    const bool first = index == 0;
    const bool last = index + 1 == it->packets;

    IbBthHeader bth;
    bth.opcode = first && last ? IbBthHeader::RC_WRITE_ONLY
                 : first       ? IbBthHeader::RC_WRITE_FIRST
                 : last        ? IbBthHeader::RC_WRITE_LAST
                               : IbBthHeader::RC_WRITE_MIDDLE;
    bth.destQp = remoteQpn;
    bth.psn = static_cast<uint32_t>(sndNxt & IbBthHeader::PSN_MASK);
    bth.ackRequest = last;
    bth.padCount = (4 - payload % 4) % 4;
    IbRethHeader reth;
    reth.virtualAddress = it->message.tag;
    reth.dmaLength = static_cast<uint32_t>(it->message.bytes);
    Ptr<Packet> packet =
        transport->Frame(*this, bth, first ? &reth : nullptr, payload, true, protocol);

    if (sndNxt < sndMax)
    {
        ++transport->m_nic->Counters().retransmissions;
    }
    ++sndNxt;
    sndMax = std::max(sndMax, sndNxt);
    cc->OnPacketSent(payload);
    nextSendAt =
        cc->PacedSendTime(now, PhotonicNetDevice::WireBytes(packet->GetSize() + ETHERNET_FRAMING));
    if (!rto.IsRunning())
    {
        transport->RestartTimer(*this);
    }
    return packet;
}

void
RcTransport::RestartTimer(QueuePair& qp)
{
    qp.rto.Cancel();
    if (qp.sndUna < qp.sndMax)
    {
        qp.rto = Simulator::Schedule(m_rto, &RcTransport::Timeout, this, &qp);
    }
}

void
RcTransport::Timeout(QueuePair* qp)
{
    NS_LOG_LOGIC("GPU " << m_nic->GetGpu() << " QP to " << qp->peer << " timeout at PSN "
                        << qp->sndUna);
    ++m_nic->Counters().timeouts;
    qp->cc->OnLoss(static_cast<uint32_t>((qp->sndMax - qp->sndUna) * m_nic->GetMtu()));
    qp->sndNxt = qp->sndUna;
    RestartTimer(*qp);
    m_nic->Activate(qp);
}

bool
RcTransport::Receive(uint32_t nicPort, Ptr<Packet> packet, uint16_t protocol)
{
    RcFrame frame;
    if (!Unframe(packet, protocol, frame))
    {
        return false;
    }
    const uint32_t perPeer = m_nic->GetConnectionsPerPeer();
    const uint32_t qpn = frame.bth.destQp;
    if (qpn == 0 || (qpn - 1) / perPeer != frame.peer)
    {
        NS_LOG_WARN("GPU " << m_nic->GetGpu() << ": frame for QPN " << qpn << " from GPU "
                           << frame.peer << " names no QP of that peer; discarded");
        return true;
    }
    QueuePair& qp = GetQueuePair(frame.peer, (qpn - 1) % perPeer);
    switch (frame.bth.opcode)
    {
    case IbBthHeader::RC_WRITE_FIRST:
    case IbBthHeader::RC_WRITE_MIDDLE:
    case IbBthHeader::RC_WRITE_LAST:
    case IbBthHeader::RC_WRITE_ONLY:
        ReceiveData(qp, frame);
        break;
    case IbBthHeader::RC_ACK:
        ReceiveAck(qp, frame);
        break;
    default:
        ReceiveOther(qp, frame);
        break;
    }
    return true;
}

void
RcTransport::ReceiveOther(QueuePair& qp, const RcFrame& frame)
{
    NS_LOG_WARN("GPU " << m_nic->GetGpu() << ": opcode 0x" << std::hex << +frame.bth.opcode
                       << std::dec << " not handled");
}

void
RcTransport::ReceiveData(QueuePair& qp, const RcFrame& frame)
{
    FabricNicCounters& counters = m_nic->Counters();
    if (frame.congested)
    {
        ++counters.ecnMarkedReceived;
        NotifyCongestion(qp);
    }
    const uint64_t psn = Unwrap(frame.bth.psn, qp.expected);
    if (psn > qp.expected)
    {
        ++counters.outOfOrder;
        if (!qp.nakSent)
        {
            qp.nakSent = true;
            SendAck(qp, IbAethHeader::SYNDROME_NAK_PSN_SEQ);
        }
        return;
    }
    if (psn < qp.expected)
    {
        // A retransmission of data already taken: the ACK carrying it was lost or is late.
        ++counters.duplicates;
        SendAck(qp, IbAethHeader::SYNDROME_ACK);
        return;
    }
    const uint8_t op = frame.bth.opcode;
    const bool first = op == IbBthHeader::RC_WRITE_FIRST || op == IbBthHeader::RC_WRITE_ONLY;
    const bool last = op == IbBthHeader::RC_WRITE_LAST || op == IbBthHeader::RC_WRITE_ONLY;
    if (first)
    {
        qp.incoming = FabricMessage();
        qp.incoming.src = qp.peer;
        qp.incoming.dst = m_nic->GetGpu();
        qp.incoming.connection = qp.connection;
        qp.incoming.tag = frame.reth.virtualAddress;
        qp.incoming.start = Simulator::Now();
    }
    qp.incoming.bytes += frame.payload;
    ++qp.expected;
    qp.nakSent = false;
    ++qp.unacked;
    if (last)
    {
        ++qp.msn;
        qp.incoming.id = qp.msn;
        qp.incoming.end = Simulator::Now();
        m_nic->NotifyDelivered(qp.incoming);
    }
    if (last || frame.bth.ackRequest || qp.unacked >= m_ackInterval || qp.becnPending)
    {
        SendAck(qp, IbAethHeader::SYNDROME_ACK);
    }
}

void
RcTransport::SendAck(QueuePair& qp, uint8_t syndrome)
{
    IbBthHeader bth;
    bth.opcode = IbBthHeader::RC_ACK;
    bth.destQp = qp.remoteQpn;
    // An ACK names the last PSN taken in order, a NAK the PSN expected (IBA 9.7.5.1).
    const bool nak = syndrome != IbAethHeader::SYNDROME_ACK;
    bth.psn = static_cast<uint32_t>((nak ? qp.expected : qp.expected - 1) & IbBthHeader::PSN_MASK);
    bth.becn = qp.becnPending;
    IbAethHeader aeth;
    aeth.syndrome = syndrome;
    aeth.msn = qp.msn & IbBthHeader::PSN_MASK;
    uint16_t protocol = 0;
    Ptr<Packet> packet = Frame(qp, bth, &aeth, 0, false, protocol);
    FabricNicCounters& counters = m_nic->Counters();
    if (syndrome == IbAethHeader::SYNDROME_ACK)
    {
        ++counters.acksSent;
    }
    else
    {
        ++counters.nacksSent;
    }
    if (qp.becnPending)
    {
        ++counters.becnsSent;
        qp.becnPending = false;
    }
    qp.unacked = 0;
    SendControlFrame(qp, packet, protocol);
}

void
RcTransport::SendControlFrame(QueuePair& qp, Ptr<Packet> packet, uint16_t protocol)
{
    m_nic->SendControl(qp.nicPort, packet, protocol, qp.peer);
}

void
RcTransport::ReceiveAck(QueuePair& qp, const RcFrame& frame)
{
    FabricNicCounters& counters = m_nic->Counters();
    if (frame.bth.becn)
    {
        ++counters.congestionNotices;
        qp.cc->OnCongestionNotification();
    }
    // The ACK's PSN is the last one taken in order; a NAK's is the one expected.
    const bool nak = frame.aeth.syndrome == IbAethHeader::SYNDROME_NAK_PSN_SEQ;
    const uint64_t reference = qp.sndUna == 0 ? 0 : qp.sndUna - 1;
    uint64_t acked = Unwrap(frame.bth.psn, reference) + 1; // PSNs below this arrived
    if (nak)
    {
        acked -= 1;
        ++counters.nacksReceived;
    }
    if (acked > qp.sndMax)
    {
        return; // stale or corrupt
    }
    uint64_t ackedBytes = 0;
    if (acked > qp.sndUna)
    {
        const uint32_t mtu = m_nic->GetMtu();
        ackedBytes = (acked - qp.sndUna) * mtu;
        qp.sndUna = acked;
        if (qp.sndNxt < qp.sndUna)
        {
            qp.sndNxt = qp.sndUna;
        }
        while (!qp.outgoing.empty() &&
               qp.outgoing.front().firstPsn + qp.outgoing.front().packets <= qp.sndUna)
        {
            QueuePair::Outgoing done = qp.outgoing.front();
            qp.outgoing.pop_front();
            done.message.end = Simulator::Now();
            m_nic->NotifyCompleted(done.message, done.done);
        }
    }
    if (nak && qp.sndNxt > acked)
    {
        qp.cc->OnLoss(static_cast<uint32_t>((qp.sndNxt - acked) * m_nic->GetMtu()));
        qp.sndNxt = acked; // go back N
    }
    if (ackedBytes > 0)
    {
        FabricCcFeedback feedback;
        feedback.ackedBytes = static_cast<uint32_t>(ackedBytes);
        feedback.inFlightBytes = (qp.sndMax - qp.sndUna) * m_nic->GetMtu();
        qp.cc->OnAck(feedback);
    }
    RestartTimer(qp);
    if (qp.sndNxt < qp.nextFreePsn)
    {
        m_nic->Activate(&qp);
    }
}

} // namespace ns3
