/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-communicator.h"

#include "collective-dispatcher.h"
#include "collective-tag.h"

#include "ns3/abort.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-network.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricCommunicator");
NS_OBJECT_ENSURE_REGISTERED(FabricCommunicator);

namespace
{
/// Next collective id to try; ids only need to differ among collectives running on a NIC.
uint32_t g_nextCollectiveId = 0;
} // namespace

TypeId
FabricCommunicator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricCommunicator")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricCommunicator>()
            .AddAttribute("Channels",
                          "Parallel rings or trees (NCCL channels); each carries 1/Channels of "
                          "the data, and their messages interleave on the NICs (count, 1-256).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&FabricCommunicator::m_channels),
                          MakeUintegerChecker<uint32_t>(1, CollectiveTag::MAX_CHANNELS))
            .AddAttribute("ChunkBytes",
                          "Largest message a step's data is cut into (bytes). A chunk is sent "
                          "as soon as the chunks it needs have arrived, so steps overlap; "
                          "default: NCCL's Simple-protocol slice, a 4 MiB buffer over 8 steps. "
                          "At most 2 GiB (an RDMA WRITE's length is 32 bits).",
                          UintegerValue(512 * 1024),
                          MakeUintegerAccessor(&FabricCommunicator::m_chunkBytes),
                          MakeUintegerChecker<uint64_t>(1, uint64_t(1) << 31))
            .AddTraceSource("CollectiveComplete",
                            "A collective completed: its last message was delivered.",
                            MakeTraceSourceAccessor(&FabricCommunicator::m_completeTrace),
                            "ns3::FabricCommunicator::CollectiveTracedCallback");
    return tid;
}

FabricCommunicator::FabricCommunicator() = default;

FabricCommunicator::~FabricCommunicator()
{
    // The dispatchers may outlive a communicator dropped mid-collective: leave none of its
    // handlers behind.
    Abandon();
}

void
FabricCommunicator::Abandon()
{
    if (m_run)
    {
        for (const auto& d : m_dispatchers)
        {
            d->Unregister(m_run->id);
        }
        m_run.reset();
    }
}

void
FabricCommunicator::DoDispose()
{
    Abandon();
    m_queue.clear();
    m_nics.clear();
    m_dispatchers.clear();
    Object::DoDispose();
}

void
FabricCommunicator::Setup(const FabricNetwork& network,
                          const std::vector<Ptr<FabricNic>>& nics,
                          std::vector<uint32_t> ranks)
{
    NS_LOG_FUNCTION(this);
    m_layout = CollectiveLayout::FromNetwork(network, ranks);
    m_nics.clear();
    m_dispatchers.clear();
    m_rankOfGpu.assign(network.GetNGpus(), -1);
    for (uint32_t r = 0; r < m_layout.GetRanks(); ++r)
    {
        const uint32_t gpu = m_layout.GetGpu(r);
        if (gpu >= nics.size() || !nics[gpu])
        {
            throw FabricConfigError("FabricCommunicator: GPU " + std::to_string(gpu) + " (rank " +
                                    std::to_string(r) +
                                    ") has no FabricNic; install the transport first");
        }
        m_nics.push_back(nics[gpu]);
        m_dispatchers.push_back(CollectiveDispatcher::Of(nics[gpu]));
        m_rankOfGpu[gpu] = r;
    }
}

const CollectiveLayout&
FabricCommunicator::GetLayout() const
{
    return m_layout;
}

uint32_t
FabricCommunicator::GetRanks() const
{
    return m_layout.GetRanks();
}

CollectiveRequest
FabricCommunicator::MakeRequest(CollectiveOp op,
                                CollectiveAlgorithm algorithm,
                                uint64_t bytes,
                                uint32_t root,
                                uint32_t peer) const
{
    CollectiveRequest r;
    r.op = op;
    r.algorithm = algorithm;
    r.bytes = bytes;
    r.root = root;
    r.peer = peer;
    r.channels = m_channels;
    r.chunkBytes = m_chunkBytes;
    return r;
}

void
FabricCommunicator::Check(CollectiveOp op, CollectiveAlgorithm algorithm) const
{
    CheckCollective(MakeRequest(op, algorithm, 1, 0, 1), m_layout);
}

CollectiveSchedule
FabricCommunicator::Plan(CollectiveOp op,
                         CollectiveAlgorithm algorithm,
                         uint64_t bytes,
                         uint32_t root,
                         uint32_t peer) const
{
    return BuildCollectiveSchedule(MakeRequest(op, algorithm, bytes, root, peer), m_layout);
}

uint32_t
FabricCommunicator::Start(CollectiveOp op,
                          CollectiveAlgorithm algorithm,
                          uint64_t bytes,
                          CompleteCallback done,
                          uint32_t root)
{
    const uint32_t n = m_layout.GetRanks();
    const uint32_t peer = n > 0 ? (root + 1) % n : 0;
    return Enqueue(MakeRequest(op, algorithm, bytes, root, peer), done);
}

uint32_t
FabricCommunicator::StartSendRecv(uint32_t src, uint32_t dst, uint64_t bytes, CompleteCallback done)
{
    return Enqueue(
        MakeRequest(CollectiveOp::SEND_RECV, CollectiveAlgorithm::DIRECT, bytes, src, dst),
        done);
}

uint32_t
FabricCommunicator::Enqueue(const CollectiveRequest& request, CompleteCallback done)
{
    if (m_nics.empty())
    {
        throw FabricConfigError("FabricCommunicator: Start before Setup");
    }
    auto schedule =
        std::make_shared<CollectiveSchedule>(BuildCollectiveSchedule(request, m_layout));
    m_queue.push_back(Pending{request, done, schedule});
    const uint32_t sequence = m_started++;
    if (!m_run)
    {
        LaunchNext();
    }
    return sequence;
}

bool
FabricCommunicator::IsBusy() const
{
    return m_run != nullptr;
}

uint32_t
FabricCommunicator::GetQueued() const
{
    return static_cast<uint32_t>(m_queue.size());
}

uint32_t
FabricCommunicator::GetCompleted() const
{
    return m_completed;
}

uint32_t
FabricCommunicator::FreeId() const
{
    for (uint32_t tries = 0; tries < CollectiveTag::MAX_COLLECTIVES; ++tries)
    {
        const uint32_t id = g_nextCollectiveId;
        g_nextCollectiveId = (g_nextCollectiveId + 1) % CollectiveTag::MAX_COLLECTIVES;
        bool used = false;
        for (const auto& d : m_dispatchers)
        {
            used = used || d->IsRegistered(id);
        }
        if (!used)
        {
            return id;
        }
    }
    throw FabricConfigError("FabricCommunicator: more than " +
                            std::to_string(CollectiveTag::MAX_COLLECTIVES) +
                            " collectives run at once on these NICs");
}

void
FabricCommunicator::LaunchNext()
{
    if (m_run || m_queue.empty())
    {
        return;
    }
    Pending next = m_queue.front();
    m_queue.pop_front();
    auto run = std::make_unique<Run>();
    run->request = next.request;
    run->done = next.done;
    run->schedule = next.schedule;
    run->id = FreeId();
    run->start = Simulator::Now();
    const auto& transfers = run->schedule->GetTransfers();
    run->waiting.resize(transfers.size());
    run->delivered.assign(transfers.size(), false);
    for (uint32_t i = 0; i < transfers.size(); ++i)
    {
        run->waiting[i] = run->schedule->GetDependencyCount(i);
    }
    const uint32_t n = m_layout.GetRanks();
    CollectiveResult& r = run->result;
    r.op = CollectiveOpName(next.request.op);
    r.algorithm = CollectiveAlgorithmName(next.request.algorithm);
    r.ranks = n;
    r.bytes = next.request.bytes;
    const bool rooted =
        next.request.op == CollectiveOp::BROADCAST || next.request.op == CollectiveOp::SEND_RECV;
    r.root = rooted ? next.request.root : 0;
    r.peer = next.request.op == CollectiveOp::SEND_RECV ? next.request.peer : 0;
    r.start = run->start;
    r.messages = transfers.size();
    r.wireBytes = run->schedule->GetTotalBytes();
    r.steps = run->schedule->GetSteps();
    r.channels = next.request.channels;
    r.chunkBytes = next.request.chunkBytes;
    r.rankTxBytes.assign(n, 0);
    r.rankRxBytes.assign(n, 0);
    m_run = std::move(run);
    NS_LOG_INFO("collective " << r.op << " / " << r.algorithm << " of " << r.bytes << " bytes on "
                              << n << " ranks: " << r.messages << " messages, " << r.steps
                              << " steps");
    const FabricMessageCallback handler = MakeCallback(&FabricCommunicator::Receive, this);
    for (const auto& d : m_dispatchers)
    {
        d->Register(m_run->id, handler);
    }
    if (transfers.empty())
    {
        Simulator::ScheduleNow(&FabricCommunicator::Finish, this);
        return;
    }
    for (uint32_t i = 0; i < transfers.size(); ++i)
    {
        if (m_run->waiting[i] == 0)
        {
            Post(i);
        }
    }
}

void
FabricCommunicator::Post(uint32_t index)
{
    const CollectiveTransfer& t = m_run->schedule->GetTransfers()[index];
    Ptr<FabricNic> nic = m_nics[t.src];
    const uint32_t dstGpu = m_layout.GetGpu(t.dst);
    CollectiveTag tag;
    tag.collective = m_run->id;
    tag.channel = t.channel;
    tag.step = t.step;
    tag.chunk = t.chunk;
    // Channels spread over the NIC's connections (QPs / PDCs) towards a peer.
    const int32_t connection = static_cast<int32_t>(t.channel % nic->GetConnectionsPerPeer());
    CollectiveResult& r = m_run->result;
    (nic->IsScaleUpPort(nic->PortFor(dstGpu)) ? r.scaleUpBytes : r.scaleOutBytes) += t.bytes;
    r.rankTxBytes[t.src] += t.bytes;
    nic->Send(dstGpu, t.bytes, FabricMessageCallback(), tag.Encode(), connection);
}

void
FabricCommunicator::PostAll(std::vector<uint32_t> ready)
{
    for (uint32_t index : ready)
    {
        Post(index);
    }
}

void
FabricCommunicator::Receive(const FabricMessage& message)
{
    NS_ASSERT_MSG(m_run, "a collective message arrived while none runs");
    const CollectiveTag tag = CollectiveTag::Decode(message.tag);
    const int64_t src = message.src < m_rankOfGpu.size() ? m_rankOfGpu[message.src] : -1;
    const int64_t dst = message.dst < m_rankOfGpu.size() ? m_rankOfGpu[message.dst] : -1;
    const int64_t index =
        src < 0 || dst < 0 ? -1 : m_run->schedule->Find(src, dst, tag.channel, tag.step, tag.chunk);
    NS_ABORT_MSG_IF(index < 0 || m_run->delivered[index],
                    "FabricCommunicator: unexpected message "
                        << message.src << " -> " << message.dst << " tag " << message.tag);
    m_run->delivered[index] = true;
    ++m_run->deliveredCount;
    m_run->result.rankRxBytes[dst] += message.bytes;
    std::vector<uint32_t> ready;
    m_run->schedule->ForEachDependent(static_cast<uint32_t>(index), [this, &ready](uint32_t d) {
        if (--m_run->waiting[d] == 0)
        {
            ready.push_back(d);
        }
    });
    if (!ready.empty())
    {
        // Post outside the transport's receive path, at the same instant.
        Simulator::ScheduleNow(&FabricCommunicator::PostAll, this, ready);
    }
    if (m_run->deliveredCount == m_run->schedule->GetTransfers().size())
    {
        Finish();
    }
}

void
FabricCommunicator::Finish()
{
    std::unique_ptr<Run> run = std::move(m_run);
    for (const auto& d : m_dispatchers)
    {
        d->Unregister(run->id);
    }
    CollectiveResult& r = run->result;
    r.end = Simulator::Now();
    r.timeS = (r.end - r.start).GetSeconds();
    r.algbwGBps = r.timeS > 0 ? static_cast<double>(r.bytes) / r.timeS / 1e9 : 0;
    r.busbwGBps = r.algbwGBps * BusBandwidthFactor(run->request.op, r.ranks);
    ++m_completed;
    m_completeTrace(r);
    if (!run->done.IsNull())
    {
        run->done(r);
    }
    LaunchNext();
}

} // namespace ns3
