/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Collectives over the NIC transports: the ring against the alpha-beta model, busbw against
// the NIC goodput, hierarchical against a flat ring, all-to-all's spine bytes with and without
// PXN, byte conservation and message counts, nccl-tests' factors and row format, the double
// binary tree's shape, queueing and shared NICs, other transports, and refused configurations.

#include "ai-fabric-test-util.h"
#include "collective-test-util.h"

#include "ns3/fat-tree-helper.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

using namespace ns3;
using namespace ns3::aif_test;

namespace
{

/// Frame bytes (no FCS) of a full RoCEv2 data packet: Ethernet, IPv4, UDP, BTH, payload, ICRC.
constexpr uint32_t ROCE_DATA_FRAME = 14 + 20 + 8 + 12 + 4096 + 4;
/// InfiniBand-style: Ethernet, LRH, BTH, payload, ICRC, VCRC.
constexpr uint32_t IB_DATA_FRAME = 14 + 8 + 12 + 4096 + 4 + 2;
/// Ultra Ethernet-style: Ethernet, IPv4, UDP, PDS request, SES, payload.
constexpr uint32_t UET_DATA_FRAME = 14 + 20 + 8 + 12 + 12 + 4096;

/**
 * \brief Payload rate of back-to-back full frames on a GPU's NIC.
 * \param f the fabric
 * \param gpu the GPU
 * \param frameBytes bytes of a full data frame without FCS
 * \return bytes per second
 */
double
Goodput(const CollectiveFabric& f, uint32_t gpu, uint32_t frameBytes)
{
    const double rate =
        static_cast<double>(f.nics[gpu]->GetPortDevice(0)->GetDataRate().GetBitRate());
    return rate / 8 * f.nics[gpu]->GetMtu() / PhotonicNetDevice::WireBytes(frameBytes);
}

/**
 * \brief A communicator with given channels and chunk size.
 * \param f the fabric
 * \param gpus ranks (empty: all GPUs)
 * \param channels channels
 * \param chunk chunk bytes
 * \return the communicator
 */
Ptr<FabricCommunicator>
Communicator(const CollectiveFabric& f,
             const std::vector<uint32_t>& gpus,
             uint32_t channels,
             uint64_t chunk)
{
    FabricCollectiveHelper coll;
    coll.SetCommunicatorAttribute("Channels", UintegerValue(channels));
    coll.SetCommunicatorAttribute("ChunkBytes", UintegerValue(chunk));
    return coll.Install(f.net, f.nics, gpus);
}

/**
 * \brief Bytes sent by the switches of a role, all ports.
 * \param f the fabric
 * \param role the role
 * \return bytes (with Ethernet header)
 */
uint64_t
SwitchTxBytes(const CollectiveFabric& f, FabricRole role)
{
    uint64_t tx = 0;
    for (uint32_t node = 0; node < f.topo.GetNodes().size(); ++node)
    {
        Ptr<FabricSwitch> sw = f.net->GetSwitch(node);
        if (sw && f.topo.GetNodes()[node].role == role)
        {
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                tx += sw->GetPortCounters(p).txBytes;
            }
        }
    }
    return tx;
}

/**
 * \brief Messages and payload bytes delivered at all NICs.
 * \param f the fabric
 * \return (messages, bytes)
 */
std::pair<uint64_t, uint64_t>
Delivered(const CollectiveFabric& f)
{
    std::pair<uint64_t, uint64_t> d{0, 0};
    for (const auto& nic : f.nics)
    {
        d.first += nic->GetCounters().messagesDelivered;
        d.second += nic->GetCounters().bytesDelivered;
    }
    return d;
}

/**
 * \brief Bytes each rank receives in a double binary tree all-reduce: S/2 from each child and
 * S/2 from its parent, in each tree.
 * \param n ranks
 * \param S size
 * \return by rank
 */
std::vector<uint64_t>
TreeRxBytes(uint32_t n, uint64_t S)
{
    const std::vector<int32_t> parent = BinaryTreeParents(n);
    std::vector<uint64_t> expect(n, 0);
    for (uint32_t t = 0; t < 2; ++t)
    {
        const std::vector<uint32_t> rank = DoubleBinaryTreeRanks(n, t);
        for (uint32_t p = 1; p < n; ++p)
        {
            expect[rank[p]] += S / 2;
            expect[rank[parent[p]]] += S / 2;
        }
    }
    return expect;
}

/**
 * Names, nccl-tests' bus bandwidth factors (doc/PERFORMANCE.md) and the row format.
 */
class TypesTestCase : public TestCase
{
  public:
    TypesTestCase()
        : TestCase("Names round trip, unknown names list the known ones, nccl-tests factors and "
                   "row")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string& name : CollectiveOpNames())
        {
            NS_TEST_ASSERT_MSG_EQ(CollectiveOpName(CollectiveOpFromName(name)), name, "op");
        }
        for (const std::string& name : CollectiveAlgorithmNames())
        {
            NS_TEST_ASSERT_MSG_EQ(CollectiveAlgorithmName(CollectiveAlgorithmFromName(name)),
                                  name,
                                  "algorithm");
        }
        NS_TEST_ASSERT_MSG_EQ(CollectiveAlgorithmName(CollectiveAlgorithm::DOUBLE_BINARY_TREE),
                              "tree",
                              "the double binary tree is 'tree'");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([] { CollectiveAlgorithmFromName("rings"); },
                              {"unknown collective algorithm 'rings'", "ring", "tree", "pxn"}),
            true,
            "unknown algorithm");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([] { CollectiveOpFromName("allreduce"); },
                              {"unknown collective operation 'allreduce'", "all-reduce"}),
            true,
            "unknown operation");
        // nccl-tests: all-reduce 2(n-1)/n; all-gather, reduce-scatter, all-to-all (n-1)/n;
        // broadcast 1; send-recv (point to point) 1.
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::ALL_REDUCE, 8), 1.75, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::ALL_GATHER, 8),
                                  0.875,
                                  1e-12,
                                  "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::REDUCE_SCATTER, 4),
                                  0.75,
                                  1e-12,
                                  "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::ALL_TO_ALL, 2), 0.5, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::BROADCAST, 8), 1.0, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::SEND_RECV, 2), 1.0, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(BusBandwidthFactor(CollectiveOp::ALL_REDUCE, 2), 1.0, 1e-12, "");

        CollectiveResult r;
        r.op = "all-reduce";
        r.bytes = 33554432;
        r.timeS = 1234.5e-6;
        r.algbwGBps = 27.18;
        r.busbwGBps = 47.57;
        const std::string row = FormatNcclTestsRow(r);
        NS_TEST_ASSERT_MSG_EQ(row,
                              "    33554432       8388608     float     sum      -1    1234.50"
                              "    27.18    47.57",
                              "nccl-tests row: size, count of floats, type, redop, root, time "
                              "(us), algbw, busbw");
        NS_TEST_ASSERT_MSG_EQ((NcclTestsHeader().find("algbw") != std::string::npos),
                              true,
                              "header names the columns");
    }
};

/**
 * The double binary tree: the binary tree of 14 ranks is NCCL's (trees.cc: 0 - 8, 8 - 4 and 12,
 * 4 - 2 and 6, 12 - 10 and 13, ...); for 2 to 70 ranks every tree spans all ranks with n-1
 * edges and at most two children, the root one; and every rank but rank 0 (odd n only) is a
 * leaf in at least one of the two trees.
 */
class TreeShapeTestCase : public TestCase
{
  public:
    TreeShapeTestCase()
        : TestCase("The double binary tree has NCCL's shape and complementary leaves")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<int32_t> nccl14{-1, 2, 4, 2, 8, 6, 4, 6, 0, 10, 12, 10, 8, 12};
        const std::vector<int32_t> p14 = BinaryTreeParents(14);
        for (uint32_t r = 0; r < 14; ++r)
        {
            NS_TEST_ASSERT_MSG_EQ(p14[r], nccl14[r], "parent of " << r << " as in NCCL");
        }
        for (uint32_t n = 2; n <= 70; ++n)
        {
            const std::vector<int32_t> parent = BinaryTreeParents(n);
            std::vector<uint32_t> children(n, 0);
            for (uint32_t p = 1; p < n; ++p)
            {
                NS_TEST_ASSERT_MSG_EQ((parent[p] >= 0 && static_cast<uint32_t>(parent[p]) < n),
                                      true,
                                      "every non-root has a parent");
                ++children[parent[p]];
                uint32_t hops = 0;
                for (int32_t q = p; q > 0 && hops <= n; q = parent[q])
                {
                    ++hops;
                }
                NS_TEST_ASSERT_MSG_LT_OR_EQ(hops, n - 1, "the path to the root ends (no cycle)");
            }
            NS_TEST_ASSERT_MSG_EQ(children[0], 1, "the root has one child");
            NS_TEST_ASSERT_MSG_EQ((*std::max_element(children.begin(), children.end()) <= 2),
                                  true,
                                  "binary");
            std::vector<uint32_t> innerIn(n, 0);
            for (uint32_t t = 0; t < 2; ++t)
            {
                const std::vector<uint32_t> rank = DoubleBinaryTreeRanks(n, t);
                NS_TEST_ASSERT_MSG_EQ(std::set<uint32_t>(rank.begin(), rank.end()).size(),
                                      n,
                                      "a tree holds every rank once");
                for (uint32_t p = 0; p < n; ++p)
                {
                    innerIn[rank[p]] += children[p] > 0 ? 1 : 0;
                }
            }
            for (uint32_t r = 0; r < n; ++r)
            {
                const bool allowed = r == 0 && n % 2 == 1;
                NS_TEST_ASSERT_MSG_EQ((innerIn[r] < 2 || allowed),
                                      true,
                                      "rank " << r << " of " << n << " is a leaf in one tree");
            }
        }
    }
};

/**
 * Schedules without a network: message counts, bytes per rank and dependencies of every
 * algorithm against their formulas, on 8 ranks in 2 scale-up domains of 4 (two leaves per
 * domain's rail set: rank r's NIC is on leaf r mod 4).
 */
class ScheduleTestCase : public TestCase
{
  public:
    ScheduleTestCase()
        : TestCase("Schedules: message counts, bytes per rank and dependencies match the formulas")
    {
    }

  private:
    /**
     * \brief Bytes each rank receives in a schedule.
     * \param s the schedule
     * \param n ranks
     * \return by rank
     */
    static std::vector<uint64_t> RxBytes(const CollectiveSchedule& s, uint32_t n)
    {
        std::vector<uint64_t> rx(n, 0);
        for (const auto& t : s.GetTransfers())
        {
            rx[t.dst] += t.bytes;
        }
        return rx;
    }

    void DoRun() override
    {
        const uint32_t n = 8;
        std::vector<uint32_t> gpus(n);
        std::iota(gpus.begin(), gpus.end(), 0);
        std::vector<int64_t> domains;
        std::vector<int64_t> leaves;
        for (uint32_t r = 0; r < n; ++r)
        {
            domains.push_back(100 + r / 4);
            leaves.push_back(200 + r % 4);
        }
        const CollectiveLayout layout(gpus, domains, leaves);
        const uint64_t S = 8 << 20; // 8 MiB
        const uint32_t C = 2;
        const uint64_t chunk = 256 << 10;
        CollectiveRequest req;
        req.bytes = S;
        req.channels = C;
        req.chunkBytes = chunk;

        // Ring all-reduce: 2(n-1) steps; each rank sends one block of S/(nC) per step and
        // channel, cut into chunks; 2(n-1)/n S received per rank. Step 0 waits for nothing;
        // every later message waits for exactly one (the same bytes, one hop earlier).
        req.op = CollectiveOp::ALL_REDUCE;
        req.algorithm = CollectiveAlgorithm::RING;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            const uint64_t perBlock = S / (n * C) / chunk;
            NS_TEST_ASSERT_MSG_EQ(s.GetTransfers().size(), 2 * (n - 1) * n * C * perBlock, "");
            NS_TEST_ASSERT_MSG_EQ(s.GetSteps(), 2 * (n - 1), "ring steps");
            for (uint64_t rx : RxBytes(s, n))
            {
                NS_TEST_ASSERT_MSG_EQ(rx, 2 * (n - 1) * S / n, "ring: 2(n-1)/n S per rank");
            }
            for (uint32_t i = 0; i < s.GetTransfers().size(); ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(s.GetDependencyCount(i),
                                      (s.GetTransfers()[i].step == 0 ? 0 : 1),
                                      "one dependency per message after step 0");
            }
        }
        // Double binary tree: each tree carries S/2 over its n-1 edges up and down.
        req.algorithm = CollectiveAlgorithm::DOUBLE_BINARY_TREE;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            NS_TEST_ASSERT_MSG_EQ(s.GetTransfers().size(), 2 * 2 * (n - 1) * (S / 2 / chunk), "");
            NS_TEST_ASSERT_MSG_EQ(s.GetTotalBytes(), 2 * (n - 1) * S, "tree bytes");
            const std::vector<uint64_t> expect = TreeRxBytes(n, S);
            const std::vector<uint64_t> rx = RxBytes(s, n);
            for (uint32_t r = 0; r < n; ++r)
            {
                NS_TEST_ASSERT_MSG_EQ(rx[r], expect[r], "tree bytes of rank " << r);
            }
            // 8 ranks: depth 3 (0 - 4 - 2 - 1), so 3 steps up and 3 down.
            NS_TEST_ASSERT_MSG_EQ(s.GetSteps(), 6, "tree steps");
        }
        // Halving-doubling: log2 n steps each way, S/2, S/4, ..., S/n per rank and direction.
        req.algorithm = CollectiveAlgorithm::HALVING_DOUBLING;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            uint64_t perRank = 0;
            for (uint64_t seg = S / C / 2; seg >= S / C / n; seg /= 2)
            {
                perRank += C * (seg / chunk + (seg % chunk ? 1 : 0));
            }
            NS_TEST_ASSERT_MSG_EQ(s.GetTransfers().size(), 2 * n * perRank, "halving-doubling");
            NS_TEST_ASSERT_MSG_EQ(s.GetSteps(), 6, "2 log2 n steps");
            for (uint64_t rx : RxBytes(s, n))
            {
                NS_TEST_ASSERT_MSG_EQ(rx, 2 * (n - 1) * S / n, "2(n-1)/n S per rank");
            }
        }
        // Hierarchical: 2(g-1) + 2(m-1) steps; (g-1)/g S twice inside, (m-1)/m S/g twice across.
        req.algorithm = CollectiveAlgorithm::HIERARCHICAL;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            const uint32_t g = 4;
            const uint32_t m = 2;
            NS_TEST_ASSERT_MSG_EQ(s.GetSteps(), 2 * (g - 1) + 2 * (m - 1), "hierarchical steps");
            for (uint64_t rx : RxBytes(s, n))
            {
                NS_TEST_ASSERT_MSG_EQ(rx,
                                      2 * (g - 1) * S / g + 2 * (m - 1) * S / g / m,
                                      "hierarchical bytes");
            }
            uint64_t across = 0;
            for (const auto& t : s.GetTransfers())
            {
                across += domains[t.src] != domains[t.dst] ? t.bytes : 0;
                NS_TEST_ASSERT_MSG_EQ(
                    (domains[t.src] == domains[t.dst] || leaves[t.src] == leaves[t.dst]),
                    true,
                    "across domains only on the same rail");
            }
            NS_TEST_ASSERT_MSG_EQ(across, n * 2 * (m - 1) * S / g / m, "bytes across domains");
        }
        // All-gather and reduce-scatter, ring and halving-doubling: (n-1)/n S per rank.
        for (auto op : {CollectiveOp::ALL_GATHER, CollectiveOp::REDUCE_SCATTER})
        {
            for (auto alg : {CollectiveAlgorithm::RING, CollectiveAlgorithm::HALVING_DOUBLING})
            {
                req.op = op;
                req.algorithm = alg;
                const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
                for (uint64_t rx : RxBytes(s, n))
                {
                    NS_TEST_ASSERT_MSG_EQ(rx, (n - 1) * S / n, "(n-1)/n S per rank");
                }
            }
        }
        // Broadcast: a chain of n-1 hops, each carrying S; the root receives nothing.
        req.op = CollectiveOp::BROADCAST;
        req.algorithm = CollectiveAlgorithm::RING;
        req.root = 3;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            const std::vector<uint64_t> rx = RxBytes(s, n);
            for (uint32_t r = 0; r < n; ++r)
            {
                NS_TEST_ASSERT_MSG_EQ(rx[r], (r == 3 ? 0 : S), "broadcast bytes");
            }
            NS_TEST_ASSERT_MSG_EQ(s.GetSteps(), n - 1, "chain steps");
        }
        // All-to-all: S/n from every rank to every other; PXN relays the blocks for the other
        // domain's ranks on other leaves (3 of the 4 there) over the sender's domain.
        req.op = CollectiveOp::ALL_TO_ALL;
        req.algorithm = CollectiveAlgorithm::DIRECT;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            NS_TEST_ASSERT_MSG_EQ(s.GetTransfers().size(),
                                  n * (n - 1) * C * (S / n / C / chunk),
                                  "");
            for (uint64_t rx : RxBytes(s, n))
            {
                NS_TEST_ASSERT_MSG_EQ(rx, (n - 1) * S / n, "all-to-all bytes");
            }
        }
        req.algorithm = CollectiveAlgorithm::PXN;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            const uint64_t relayed = n * 3 * S / n; // per rank: 3 blocks relayed
            NS_TEST_ASSERT_MSG_EQ(s.GetTotalBytes(), (n - 1) * S + relayed, "pxn bytes");
            for (const auto& t : s.GetTransfers())
            {
                NS_TEST_ASSERT_MSG_EQ(
                    (domains[t.src] == domains[t.dst] || leaves[t.src] == leaves[t.dst]),
                    true,
                    "pxn crosses domains only on the destination's rail");
            }
        }
        // Send-recv: S from root to peer.
        req.op = CollectiveOp::SEND_RECV;
        req.algorithm = CollectiveAlgorithm::DIRECT;
        req.root = 2;
        req.peer = 6;
        {
            const CollectiveSchedule s = BuildCollectiveSchedule(req, layout);
            NS_TEST_ASSERT_MSG_EQ(RxBytes(s, n)[6], S, "send-recv bytes");
            NS_TEST_ASSERT_MSG_EQ(s.GetTotalBytes(), S, "only those");
        }
    }
};

/**
 * Ring all-reduce over one rail (one GPU per server, every hop GPU - leaf - GPU) with one
 * channel and chunks no smaller than a block, so that every step is one message per rank:
 * T = 2(N-1)/N x S/B + 2(N-1) x alpha within 3 %, B the goodput of full RoCEv2 frames at
 * 400 Gb/s and alpha the idle path latency after the NIC's serialization (GetPathLatency less
 * one frame time) plus the NIC's per-message overhead, the 16-byte RETH of each message's
 * first frame. (The residual, about +0.5 %, is the ACKs the NIC interleaves with its data.)
 */
class RingAlphaBetaTestCase : public TestCase
{
  public:
    RingAlphaBetaTestCase()
        : TestCase("Ring all-reduce on one rail matches the alpha-beta model within 3 %")
    {
    }

  private:
    void DoRun() override
    {
        for (uint64_t mib : {1, 4, 16})
        {
            CollectiveFabric f = BuildRailFabric(8, 8, "roce");
            const std::vector<uint32_t> gpus = FabricCollectiveHelper::RailGpus(f.net, 0);
            const uint32_t n = gpus.size();
            const uint64_t bytes = mib << 20;
            Ptr<FabricCommunicator> comm = Communicator(f, gpus, 1, bytes);
            const CollectiveResult r = FabricCollectiveHelper::Run(comm,
                                                                   CollectiveOp::ALL_REDUCE,
                                                                   CollectiveAlgorithm::RING,
                                                                   bytes);
            const double goodput = Goodput(f, gpus[0], ROCE_DATA_FRAME);
            const double alpha =
                MessageDeliverySeconds(f, gpus[0], gpus[1], f.nics[0]->GetMtu(), ROCE_DATA_FRAME) -
                f.nics[0]->GetMtu() / goodput;
            const double model = 2.0 * (n - 1) / n * bytes / goodput + 2.0 * (n - 1) * alpha;
            NS_TEST_ASSERT_MSG_EQ(r.messages, 2 * (n - 1) * n, "one message per rank and step");
            NS_TEST_ASSERT_MSG_EQ_TOL(r.timeS, model, 0.03 * model, mib << " MiB: alpha-beta");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(r.timeS, model, "never faster than the idle path allows");
            Simulator::Destroy();
        }
    }
};

/**
 * A large ring all-reduce with the default pipelining (2 channels, 512 KiB chunks): busbw
 * within 2 % of the NIC goodput; the time lies between the bandwidth bound and the unpipelined
 * alpha-beta time, and the transports' own counters agree with the result.
 */
class RingBusBandwidthTestCase : public TestCase
{
  public:
    RingBusBandwidthTestCase()
        : TestCase("A 64 MiB pipelined ring all-reduce reaches the NIC goodput within 2 %")
    {
    }

  private:
    void DoRun() override
    {
        CollectiveFabric f = BuildRailFabric(8, 8, "roce");
        const std::vector<uint32_t> gpus = FabricCollectiveHelper::RailGpus(f.net, 0);
        const uint32_t n = gpus.size();
        FabricCollectiveHelper coll;
        Ptr<FabricCommunicator> comm = coll.Install(f.net, f.nics, gpus);
        const uint64_t bytes = 64 << 20;
        const CollectiveResult r = FabricCollectiveHelper::Run(comm,
                                                               CollectiveOp::ALL_REDUCE,
                                                               CollectiveAlgorithm::RING,
                                                               bytes);
        const double goodput = Goodput(f, gpus[0], ROCE_DATA_FRAME);
        NS_TEST_ASSERT_MSG_EQ_TOL(r.busbwGBps, goodput / 1e9, 0.02 * goodput / 1e9, "busbw");
        const double bound = 2.0 * (n - 1) / n * bytes / goodput;
        const double alpha =
            MessageDeliverySeconds(f, gpus[0], gpus[1], f.nics[0]->GetMtu(), ROCE_DATA_FRAME) -
            f.nics[0]->GetMtu() / goodput;
        NS_TEST_ASSERT_MSG_GT(r.timeS, bound, "not faster than the NICs");
        NS_TEST_ASSERT_MSG_LT(r.timeS, bound + 2.0 * (n - 1) * alpha, "steps overlap");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.algbwGBps, bytes / r.timeS / 1e9, 1e-9, "algbw = S/t");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.busbwGBps, r.algbwGBps * 2 * (n - 1) / n, 1e-9, "busbw");
        const auto delivered = Delivered(f);
        NS_TEST_ASSERT_MSG_EQ(delivered.first, r.messages, "the NICs delivered every message");
        NS_TEST_ASSERT_MSG_EQ(delivered.second, r.wireBytes, "and every byte");
        NS_TEST_ASSERT_MSG_EQ(r.messages,
                              2 * (n - 1) * n * 2 * 8,
                              "2 channels, blocks of 4 MiB in 8 chunks");
        Simulator::Destroy();
    }
};

/**
 * Hierarchical against a flat ring over the 32 GPUs of a 4 x 8 rail cluster (NVLink 4 at
 * 3.6 Tb/s, 400G NICs), each step one message (one channel, chunks of the whole size). The
 * flat ring is bounded by its NIC hops: 2(N-1)/N S / B_nic (its latency overlaps on the
 * NVLink hops). The hierarchical one is three alpha-beta rings in sequence: (g-1) steps of
 * S/g over NVLink, 2(m-1) steps of S/(gm) over the rails, (g-1) steps over NVLink. The speedup
 * matches the model's within 5 %; with the default pipelining the phases overlap and it is
 * at least that.
 */
class HierarchicalTestCase : public TestCase
{
  public:
    HierarchicalTestCase()
        : TestCase("Hierarchical beats a flat ring on 4 x 8 GPUs by the modelled factor")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t S = 16 << 20;
        const uint32_t m = 4;
        const uint32_t g = 8;
        std::map<std::string, double> t;
        const std::vector<std::string> runs{"flat", "hierarchical", "pipelined"};
        for (const std::string& run : runs)
        {
            CollectiveFabric f = BuildRailFabric(m, g, "roce");
            Ptr<FabricCommunicator> comm =
                run == "pipelined" ? Communicator(f, {}, 2, 512 << 10) : Communicator(f, {}, 1, S);
            const CollectiveResult r = FabricCollectiveHelper::Run(
                comm,
                CollectiveOp::ALL_REDUCE,
                run == "flat" ? CollectiveAlgorithm::RING : CollectiveAlgorithm::HIERARCHICAL,
                S);
            t[run] = r.timeS;
            if (run == "flat")
            {
                Simulator::Destroy();
                continue;
            }
            // The model's numbers, from the frame format and the idle paths.
            const double bNic = Goodput(f, 0, ROCE_DATA_FRAME);
            const double bNv = Goodput(f, 0, ROCE_DATA_FRAME) *
                               f.nics[0]->GetPortDevice(1)->GetDataRate().GetBitRate() /
                               f.nics[0]->GetPortDevice(0)->GetDataRate().GetBitRate();
            const double aNv =
                MessageDeliverySeconds(f, 0, 1, f.nics[0]->GetMtu(), ROCE_DATA_FRAME) -
                f.nics[0]->GetMtu() / bNv;
            const double aNic =
                MessageDeliverySeconds(f, 0, g, f.nics[0]->GetMtu(), ROCE_DATA_FRAME) -
                f.nics[0]->GetMtu() / bNic;
            const double flat = 2.0 * (m * g - 1) / (m * g) * S / bNic;
            const double hier = 2 * (g - 1) * (double(S) / g / bNv + aNv) +
                                2 * (m - 1) * (double(S) / g / m / bNic + aNic);
            NS_TEST_ASSERT_MSG_EQ_TOL(t["flat"], flat, 0.03 * flat, "flat ring on its NIC hops");
            if (run == "hierarchical")
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(r.timeS, hier, 0.05 * hier, "hierarchical phases");
                NS_TEST_ASSERT_MSG_EQ_TOL(t["flat"] / r.timeS,
                                          flat / hier,
                                          0.05 * flat / hier,
                                          "speedup as modelled");
                NS_TEST_ASSERT_MSG_EQ(r.scaleOutBytes,
                                      uint64_t(m * g) * 2 * (m - 1) * S / (g * m),
                                      "only 2(m-1)/m of S/g per GPU crosses the rails");
                NS_TEST_ASSERT_MSG_EQ(SwitchTxBytes(f, FabricRole::SPINE), 0, "rails only");
            }
            else
            {
                NS_TEST_ASSERT_MSG_LT_OR_EQ(r.timeS, t["hierarchical"], "pipelining helps");
            }
            Simulator::Destroy();
        }
    }
};

/**
 * All-to-all on a 4 x 8 rail cluster. Direct: the blocks between GPUs of different servers and
 * different rails cross a spine once; spine bytes match their data frames within 3 % (the rest
 * is their ACKs). PXN: those blocks go over NVLink to the GPU on the destination's rail first,
 * so the spines carry nothing and the NVSwitches carry the same-server blocks plus the relayed
 * ones.
 */
class AllToAllPxnTestCase : public TestCase
{
  public:
    AllToAllPxnTestCase()
        : TestCase("All-to-all: direct crosses the spines with the cross-rail bytes, PXN does not")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t servers = 4;
        const uint32_t g = 8;
        const uint32_t n = servers * g;
        const uint64_t S = 8 << 20;
        const uint64_t block = S / n;
        // Data frames of one block: 256 KiB in full 4096-byte packets, as two messages (one per
        // channel) whose first frames carry a RETH.
        const uint64_t frames = block / 4096 * ROCE_DATA_FRAME + 2 * 16;
        const uint64_t crossRail = uint64_t(n) * (servers - 1) * (g - 1); // blocks
        const uint64_t sameServer = uint64_t(n) * (g - 1);
        for (auto alg : {CollectiveAlgorithm::DIRECT, CollectiveAlgorithm::PXN})
        {
            CollectiveFabric f = BuildRailFabric(servers, g, "roce");
            FabricCollectiveHelper coll;
            Ptr<FabricCommunicator> comm = coll.Install(f.net, f.nics);
            const CollectiveResult r =
                FabricCollectiveHelper::Run(comm, CollectiveOp::ALL_TO_ALL, alg, S);
            const uint64_t spine = SwitchTxBytes(f, FabricRole::SPINE);
            const uint64_t nvswitch = SwitchTxBytes(f, FabricRole::NVSWITCH);
            for (uint64_t rx : r.rankRxBytes)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(rx, (n - 1) * block, "every block arrives");
            }
            if (alg == CollectiveAlgorithm::DIRECT)
            {
                const double expect = double(crossRail * frames);
                NS_TEST_ASSERT_MSG_EQ_TOL(double(spine), expect, 0.03 * expect, "spine bytes");
                NS_TEST_ASSERT_MSG_GT_OR_EQ(double(spine), expect, "at least the data frames");
                NS_TEST_ASSERT_MSG_EQ(r.scaleUpBytes, sameServer * block, "NVLink: same server");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(spine, 0, "PXN keeps every block on its rail");
                NS_TEST_ASSERT_MSG_EQ(r.scaleUpBytes,
                                      (sameServer + crossRail) * block,
                                      "NVLink carries the relayed blocks");
                const double expect = double((sameServer + crossRail) * frames);
                NS_TEST_ASSERT_MSG_EQ_TOL(double(nvswitch),
                                          expect,
                                          0.03 * expect,
                                          "NVSwitch bytes");
                NS_TEST_ASSERT_MSG_EQ(r.steps, 2, "relay, then rail");
            }
            Simulator::Destroy();
        }
    }
};

/**
 * Every supported operation and algorithm on 2 x 4 GPUs (two scale-up domains): each rank
 * receives what the operation requires, the NICs deliver exactly the result's messages and
 * bytes, and algbw / busbw follow nccl-tests' definitions.
 */
class ConservationTestCase : public TestCase
{
  public:
    ConservationTestCase()
        : TestCase("Every operation and algorithm delivers what it requires, counted by the NICs")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 8;
        const uint64_t S = 1 << 20;
        const std::vector<std::pair<CollectiveOp, CollectiveAlgorithm>> pairs{
            {CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::RING},
            {CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::DOUBLE_BINARY_TREE},
            {CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::HALVING_DOUBLING},
            {CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::HIERARCHICAL},
            {CollectiveOp::ALL_GATHER, CollectiveAlgorithm::RING},
            {CollectiveOp::ALL_GATHER, CollectiveAlgorithm::HALVING_DOUBLING},
            {CollectiveOp::REDUCE_SCATTER, CollectiveAlgorithm::RING},
            {CollectiveOp::REDUCE_SCATTER, CollectiveAlgorithm::HALVING_DOUBLING},
            {CollectiveOp::ALL_TO_ALL, CollectiveAlgorithm::DIRECT},
            {CollectiveOp::ALL_TO_ALL, CollectiveAlgorithm::PXN},
            {CollectiveOp::BROADCAST, CollectiveAlgorithm::RING},
            {CollectiveOp::SEND_RECV, CollectiveAlgorithm::DIRECT},
        };
        for (const auto& p : pairs)
        {
            CollectiveFabric f = BuildRailFabric(2, 4, "roce");
            FabricCollectiveHelper coll;
            coll.SetCommunicatorAttribute("ChunkBytes", UintegerValue(64 << 10));
            Ptr<FabricCommunicator> comm = coll.Install(f.net, f.nics);
            const uint32_t root = 5;
            const CollectiveResult r =
                FabricCollectiveHelper::Run(comm, p.first, p.second, S, root);
            const std::string what = r.op + " / " + r.algorithm;
            const auto delivered = Delivered(f);
            NS_TEST_ASSERT_MSG_EQ(delivered.first, r.messages, what << ": messages");
            NS_TEST_ASSERT_MSG_EQ(delivered.second, r.wireBytes, what << ": bytes");
            NS_TEST_ASSERT_MSG_EQ(r.scaleUpBytes + r.scaleOutBytes, r.wireBytes, what);
            for (uint32_t rank = 0; rank < n; ++rank)
            {
                uint64_t expect = 0;
                switch (p.first)
                {
                case CollectiveOp::ALL_REDUCE:
                    // Ring and halving-doubling 2(n-1)/n S; hierarchical 2(g-1)/g S inside and
                    // 2(m-1)/m S/g across; the tree by the rank's places in the two trees.
                    expect = p.second == CollectiveAlgorithm::HIERARCHICAL
                                 ? 2 * 3 * S / 4 + 2 * 1 * S / 4 / 2
                             : p.second == CollectiveAlgorithm::DOUBLE_BINARY_TREE
                                 ? TreeRxBytes(n, S)[rank]
                                 : 2 * (n - 1) * S / n;
                    break;
                case CollectiveOp::ALL_GATHER:
                case CollectiveOp::REDUCE_SCATTER:
                case CollectiveOp::ALL_TO_ALL:
                    expect = (n - 1) * S / n;
                    if (p.second == CollectiveAlgorithm::PXN)
                    {
                        // A relay also receives the blocks it forwards: the 3 other GPUs of its
                        // server send it their block for its rail peer in the other server.
                        expect += 3 * S / n;
                    }
                    break;
                case CollectiveOp::BROADCAST:
                    expect = rank == root ? 0 : S;
                    break;
                case CollectiveOp::SEND_RECV:
                    expect = rank == (root + 1) % n ? S : 0;
                    break;
                }
                NS_TEST_ASSERT_MSG_EQ(r.rankRxBytes[rank], expect, what << ", rank " << rank);
            }
            NS_TEST_ASSERT_MSG_EQ_TOL(r.algbwGBps, S / r.timeS / 1e9, 1e-9, what << ": algbw");
            NS_TEST_ASSERT_MSG_EQ_TOL(r.busbwGBps,
                                      r.algbwGBps * BusBandwidthFactor(p.first, n),
                                      1e-9,
                                      what << ": busbw");
            NS_TEST_ASSERT_MSG_GT(r.timeS, 0, what << ": takes time");
            Simulator::Destroy();
        }
    }
};

/**
 * The other transport families: a ring all-reduce over the InfiniBand-style transport (credit
 * flow control) and the Ultra Ethernet-style one (trimming, spraying) on one rail reaches busbw
 * within 5 % of that transport's goodput, and a PXN all-to-all over Ultra Ethernet completes
 * with its bytes.
 */
class TransportsTestCase : public TestCase
{
  public:
    TransportsTestCase()
        : TestCase("Collectives over the InfiniBand-style and Ultra Ethernet-style transports")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t S = 16 << 20;
        for (const std::string& transport : std::vector<std::string>{"ib", "uet"})
        {
            CollectiveFabric f = BuildRailFabric(8, 8, transport);
            const std::vector<uint32_t> gpus = FabricCollectiveHelper::RailGpus(f.net, 0);
            const uint32_t n = gpus.size();
            FabricCollectiveHelper coll;
            Ptr<FabricCommunicator> comm = coll.Install(f.net, f.nics, gpus);
            const CollectiveResult r = FabricCollectiveHelper::Run(comm,
                                                                   CollectiveOp::ALL_REDUCE,
                                                                   CollectiveAlgorithm::RING,
                                                                   S);
            const double goodput =
                Goodput(f, gpus[0], transport == "ib" ? IB_DATA_FRAME : UET_DATA_FRAME) / 1e9;
            NS_TEST_ASSERT_MSG_EQ_TOL(r.busbwGBps, goodput, 0.05 * goodput, transport);
            NS_TEST_ASSERT_MSG_LT(r.busbwGBps, goodput, transport << ": below the goodput");
            for (uint64_t rx : r.rankRxBytes)
            {
                NS_TEST_ASSERT_MSG_EQ(rx, 2 * (n - 1) * S / n, transport << ": bytes");
            }
            NS_TEST_ASSERT_MSG_EQ(Delivered(f).second, r.wireBytes, transport << ": NIC bytes");
            Simulator::Destroy();
        }
        CollectiveFabric f = BuildRailFabric(4, 8, "uet");
        FabricCollectiveHelper coll;
        Ptr<FabricCommunicator> comm = coll.Install(f.net, f.nics);
        const CollectiveResult r = FabricCollectiveHelper::Run(comm,
                                                               CollectiveOp::ALL_TO_ALL,
                                                               CollectiveAlgorithm::PXN,
                                                               8 << 20);
        NS_TEST_ASSERT_MSG_EQ(Delivered(f).second, r.wireBytes, "uet pxn: NIC bytes");
        NS_TEST_ASSERT_MSG_EQ(SwitchTxBytes(f, FabricRole::SPINE), 0, "uet pxn: no spine");
        Simulator::Destroy();
    }
};

/**
 * A second Start while a collective runs is queued and starts when the first completes; the
 * CollectiveComplete trace fires for each. Two communicators (rails 0 and 1) share the NICs of
 * a cluster concurrently with an ordinary message; each collective and the message arrive
 * intact.
 */
class QueueAndShareTestCase : public TestCase
{
  public:
    QueueAndShareTestCase()
        : TestCase("Collectives queue in order; communicators and other traffic share the NICs")
    {
    }

  private:
    void DoRun() override
    {
        CollectiveFabric f = BuildRailFabric(4, 8, "roce");
        FabricCollectiveHelper coll;
        Ptr<FabricCommunicator> rail0 =
            coll.Install(f.net, f.nics, FabricCollectiveHelper::RailGpus(f.net, 0));
        Ptr<FabricCommunicator> rail1 =
            coll.Install(f.net, f.nics, FabricCollectiveHelper::RailGpus(f.net, 1));
        std::vector<CollectiveResult> traced;
        rail0->TraceConnectWithoutContext(
            "CollectiveComplete",
            Callback<void, const CollectiveResult&>(
                [&traced](const CollectiveResult& r) { traced.push_back(r); }));
        std::vector<CollectiveResult> done0;
        std::vector<CollectiveResult> done1;
        const FabricCommunicator::CompleteCallback cb0(
            [&done0](const CollectiveResult& r) { done0.push_back(r); });
        const FabricCommunicator::CompleteCallback cb1(
            [&done1](const CollectiveResult& r) { done1.push_back(r); });
        const uint64_t S = 4 << 20;
        NS_TEST_ASSERT_MSG_EQ(
            rail0->Start(CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::RING, S, cb0),
            0,
            "first");
        NS_TEST_ASSERT_MSG_EQ(
            rail0->Start(CollectiveOp::ALL_GATHER, CollectiveAlgorithm::RING, S, cb0),
            1,
            "second");
        NS_TEST_ASSERT_MSG_EQ(rail0->GetQueued(), 1, "the second waits");
        rail1->Start(CollectiveOp::ALL_REDUCE, CollectiveAlgorithm::DOUBLE_BINARY_TREE, S, cb1);
        // An ordinary message between two GPUs of rail 0, untagged.
        std::vector<FabricMessage> other;
        CollectiveDispatcher::Of(f.nics[8])->SetOtherReceiveCallback(
            FabricMessageCallback([&other](const FabricMessage& m) { other.push_back(m); }));
        f.nics[0]->Send(8, 1 << 20);
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(done0.size(), 2, "both collectives of rail 0 complete");
        NS_TEST_ASSERT_MSG_EQ(done1.size(), 1, "the collective of rail 1 completes");
        NS_TEST_ASSERT_MSG_EQ(traced.size(), 2, "traced twice");
        NS_TEST_ASSERT_MSG_EQ(other.size(), 1, "the ordinary message is handed on");
        if (done0.size() == 2 && done1.size() == 1 && traced.size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ(done0[0].op, "all-reduce", "in order");
            NS_TEST_ASSERT_MSG_EQ(done0[1].op, "all-gather", "in order");
            NS_TEST_ASSERT_MSG_EQ(done0[1].start, done0[0].end, "the second starts at the end");
            NS_TEST_ASSERT_MSG_EQ(traced[1].end, done0[1].end, "the trace reports it");
            for (uint64_t rx : done0[1].rankRxBytes)
            {
                NS_TEST_ASSERT_MSG_EQ(rx, 3 * S / 4, "all-gather bytes");
            }
            for (uint64_t rx : done0[0].rankRxBytes)
            {
                NS_TEST_ASSERT_MSG_EQ(rx, 2 * 3 * S / 4, "all-reduce bytes");
            }
            NS_TEST_ASSERT_MSG_LT(done1[0].start, done0[0].end, "the rails ran concurrently");
        }
        for (const auto& nic : f.nics)
        {
            NS_TEST_ASSERT_MSG_EQ(CollectiveDispatcher::Of(nic)->GetUnmatched(),
                                  0,
                                  "every collective message found its collective");
        }
        NS_TEST_ASSERT_MSG_EQ(rail0->GetCompleted(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(rail0->IsBusy(), false, "idle at the end");
        Simulator::Destroy();
    }
};

/**
 * Refused configurations throw FabricConfigError naming the reason before anything is posted:
 * tree with all-gather, halving-doubling on 6 ranks, hierarchical and PXN without scale-up
 * domains, hierarchical over unequal domains or a single one, a root outside the ranks, a
 * send-recv to itself, an empty collective, unknown GPUs.
 */
class ErrorsTestCase : public TestCase
{
  public:
    ErrorsTestCase()
        : TestCase("Unsupported collectives are refused before the simulator runs")
    {
    }

  private:
    void DoRun() override
    {
        CollectiveFabric f = BuildRailFabric(2, 4, "roce");
        FabricCollectiveHelper coll;
        Ptr<FabricCommunicator> all = coll.Install(f.net, f.nics);
        Ptr<FabricCommunicator> six = coll.Install(f.net, f.nics, {0, 1, 2, 3, 4, 5});
        Ptr<FabricCommunicator> one = coll.Install(f.net, f.nics, {0, 1, 2, 3});
        const auto start = [](Ptr<FabricCommunicator> c,
                              CollectiveOp op,
                              CollectiveAlgorithm alg,
                              uint64_t bytes = 1 << 20,
                              uint32_t root = 0) {
            return
                [=]() { c->Start(op, alg, bytes, FabricCommunicator::CompleteCallback(), root); };
        };
        using Op = CollectiveOp;
        using Alg = CollectiveAlgorithm;
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError(start(all, Op::ALL_GATHER, Alg::DOUBLE_BINARY_TREE),
                              {"all-gather", "'tree' does not run all-gather", "all-reduce"}),
            true,
            "tree runs all-reduce only");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&] { all->Check(Op::ALL_TO_ALL, Alg::RING); },
                                                {"'ring' does not run all-to-all"}),
                              true,
                              "Check names the reason");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError(start(six, Op::ALL_REDUCE, Alg::HALVING_DOUBLING),
                                                {"power-of-two", "not 6"}),
                              true,
                              "halving-doubling on 6 ranks");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError(start(six, Op::ALL_REDUCE, Alg::HIERARCHICAL), {"equal numbers"}),
            true,
            "unequal domains (4 + 2)");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError(start(one, Op::ALL_REDUCE, Alg::HIERARCHICAL),
                                                {"at least 2 scale-up domains"}),
                              true,
                              "one domain");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError(start(all, Op::BROADCAST, Alg::RING, 1, 8),
                                                {"root rank 8", "8 ranks"}),
                              true,
                              "root outside");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&] { all->StartSendRecv(3, 3, 100); }, {"peer rank 3"}),
            true,
            "send-recv to itself");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError(start(all, Op::ALL_REDUCE, Alg::RING, 0), {"at least 1 byte"}),
            true,
            "empty");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError(
                                  [&] {
                                      coll.Install(f.net, f.nics, {0, 99});
                                  },
                                  {"GPU 99 does not exist"}),
                              true,
                              "unknown GPU");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError(
                                  [&] {
                                      coll.Install(f.net, f.nics, {0, 1, 0});
                                  },
                                  {"GPU 0 is given as two ranks"}),
                              true,
                              "GPU twice");
        uint64_t posted = 0;
        for (const auto& nic : f.nics)
        {
            posted += nic->GetCounters().messagesPosted;
        }
        NS_TEST_ASSERT_MSG_EQ(posted, 0, "nothing was posted");
        NS_TEST_ASSERT_MSG_EQ((all->IsBusy() || six->IsBusy() || one->IsBusy()), false, "idle");
        Simulator::Destroy();

        // A fat tree has no scale-up domains.
        FabricNetworkHelper netHelper;
        FatTreeHelper ft;
        ft.SetTiers(2);
        ft.SetRadix(8);
        ft.SetLeaves(2);
        Ptr<FabricNetwork> net = netHelper.Install(ft.BuildDescription());
        FabricTransportHelper transport;
        std::vector<Ptr<FabricNic>> nics = transport.Install(net);
        Ptr<FabricCommunicator> flat = coll.Install(net, nics);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&] { flat->Check(Op::ALL_REDUCE, Alg::HIERARCHICAL); },
                              {"scale-up (NVLink) domain"}),
            true,
            "hierarchical without scale-up domains");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&] { flat->Check(Op::ALL_TO_ALL, Alg::PXN); },
                                                {"scale-up (NVLink) domain to relay"}),
                              true,
                              "pxn without scale-up domains");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&] { FabricCollectiveHelper::RailGpus(net, 0); },
                                                {"no scale-up domains"}),
                              true,
                              "no rails");
        Simulator::Destroy();
    }
};

/// The suite.
class CollectiveTestSuite : public TestSuite
{
  public:
    CollectiveTestSuite()
        : TestSuite("ai-fabric-collective", AIF_SYSTEM)
    {
        AddTestCase(new TypesTestCase, AIF_QUICK);
        AddTestCase(new TreeShapeTestCase, AIF_QUICK);
        AddTestCase(new ScheduleTestCase, AIF_QUICK);
        AddTestCase(new ErrorsTestCase, AIF_QUICK);
        AddTestCase(new RingAlphaBetaTestCase, AIF_QUICK);
        AddTestCase(new RingBusBandwidthTestCase, AIF_QUICK);
        AddTestCase(new ConservationTestCase, AIF_QUICK);
        AddTestCase(new QueueAndShareTestCase, AIF_QUICK);
        AddTestCase(new AllToAllPxnTestCase, AIF_QUICK);
        AddTestCase(new TransportsTestCase, AIF_QUICK);
        AddTestCase(new HierarchicalTestCase, AIF_QUICK);
    }
};

/// The suite's instance.
CollectiveTestSuite g_collectiveTestSuite;

} // namespace
