/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The results database: its schema, a small simulated run whose rows are checked against
// counts taken independently (bytes posted, the switches' own counters, the devices' energy, the
// test's own trace sinks), the run status, batching and sampling, and the refusals of paths it
// must not write. The database is read back with the SQLite C API, not with the writer's code.

#include "ai-fabric-test-util.h"
#include "transport-test-util.h"

#include "ns3/double.h"
#include "ns3/fabric-results-database.h"
#include "ns3/fabric-results-schema.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sqlite3.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::aif_test;

namespace
{

namespace fs = std::filesystem;

/// A fresh, empty directory under the system's temporary directory, removed when destroyed.
class TempDir
{
  public:
    /**
     * \brief Create it.
     * \param label part of its name
     */
    explicit TempDir(const std::string& label)
    {
        static int counter = 0;
        m_path =
            fs::temp_directory_path() / ("ai-fabric-db-" + label + "-" + std::to_string(getpid()) +
                                         "-" + std::to_string(counter++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }

    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }

    /**
     * \brief A path inside.
     * \param name relative name
     * \return the path
     */
    std::string operator/(const std::string& name) const
    {
        return (m_path / name).string();
    }

  private:
    fs::path m_path; //!< the directory
};

/// Read-only queries through the SQLite C API.
class Reader
{
  public:
    /**
     * \brief Open a database read-only.
     * \param path the file
     */
    explicit Reader(const std::string& path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        {
            m_error = sqlite3_errmsg(m_db);
        }
    }

    ~Reader()
    {
        sqlite3_close(m_db);
    }

    /**
     * \brief All rows of a query, each column as text (NULL as "NULL").
     * \param sql the query
     * \return rows
     */
    std::vector<std::vector<std::string>> Rows(const std::string& sql)
    {
        std::vector<std::vector<std::string>> rows;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
        {
            m_error = std::string(sqlite3_errmsg(m_db)) + " in " + sql;
            return rows;
        }
        while (sqlite3_step(stmt) == SQLITE_ROW)
        {
            std::vector<std::string> row;
            for (int c = 0; c < sqlite3_column_count(stmt); ++c)
            {
                const unsigned char* text = sqlite3_column_text(stmt, c);
                row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            rows.push_back(row);
        }
        sqlite3_finalize(stmt);
        return rows;
    }

    /**
     * \brief The first column of the first row as text.
     * \param sql the query
     * \return the value ("" without rows)
     */
    std::string Text(const std::string& sql)
    {
        const auto rows = Rows(sql);
        return rows.empty() || rows[0].empty() ? "" : rows[0][0];
    }

    /**
     * \brief The first column of the first row as a number.
     * \param sql the query
     * \return the value (0 without rows or for NULL)
     */
    double Number(const std::string& sql)
    {
        const std::string t = Text(sql);
        return t.empty() || t == "NULL" ? 0.0 : std::stod(t);
    }

    /**
     * \brief The columns of a table.
     * \param table its name
     * \return column names
     */
    std::set<std::string> Columns(const std::string& table)
    {
        std::set<std::string> names;
        for (const auto& row : Rows("PRAGMA table_info(" + table + ")"))
        {
            names.insert(row[1]);
        }
        return names;
    }

    /**
     * \brief The last error, empty if none.
     * \return the message
     */
    const std::string& Error() const
    {
        return m_error;
    }

  private:
    sqlite3* m_db{nullptr}; //!< the connection
    std::string m_error;    //!< last error
};

/**
 * \brief A RoCEv2 fabric on PFC: 2-tier fat tree of radix 8 with 2 leaves (8 GPUs).
 * \param net set to the fabric
 * \return its NICs
 */
std::vector<Ptr<FabricNic>>
BuildRoceFabric(Ptr<FabricNetwork>& net)
{
    FabricNetworkHelper netHelper;
    netHelper.SetFlowControl(FabricFlowControl::PFC);
    net = netHelper.Install(TransportFatTree(8, 2));
    FabricTransportHelper transport;
    transport.SetTransport("ns3::RoceTransport");
    return transport.Install(net);
}

/// The schema: tables, required columns, user_version and application_id.
class SchemaTestCase : public TestCase
{
  public:
    SchemaTestCase()
        : TestCase("Schema: tables, columns, user_version; parent directories are created")
    {
    }

  private:
    void DoRun() override
    {
        TempDir dir("schema");
        const std::string path = dir / "a/b/run.sqlite";
        Ptr<FabricResultsDatabase> db = CreateObject<FabricResultsDatabase>();
        db->Open(path);
        NS_TEST_ASSERT_MSG_EQ(fs::exists(path), true, "the file and its directories exist");
        Reader r(path);
        NS_TEST_ASSERT_MSG_EQ(r.Error(), "", "readable");
        NS_TEST_ASSERT_MSG_EQ(r.Number("PRAGMA user_version"), 1, "schema version 1");
        NS_TEST_ASSERT_MSG_EQ(r.Number("PRAGMA application_id"),
                              FabricResultsSchema::APPLICATION_ID,
                              "marked as an ai-fabric results database");
        const std::map<std::string, std::vector<std::string>> required{
            {"runs",
             {"run_id",
              "program",
              "started_at",
              "ended_at",
              "status",
              "error",
              "module_version",
              "ns3_version",
              "seed",
              "run_number",
              "sim_time_s",
              "wall_s"}},
            {"parameters", {"run_id", "key", "value"}},
            {"collectives",
             {"run_id",
              "collective_id",
              "op",
              "algorithm",
              "ranks",
              "bytes",
              "time_s",
              "algbw_gbps",
              "busbw_gbps",
              "start_s",
              "end_s",
              "messages",
              "energy_j",
              "energy_pj_per_bit"}},
            {"messages", {"run_id", "src", "dst", "bytes", "start_s", "end_s", "tag"}},
            {"port_counters",
             {"run_id",
              "node",
              "node_name",
              "role",
              "port",
              "tier",
              "kind",
              "tx_bytes",
              "rx_bytes",
              "tx_packets",
              "rx_packets",
              "ecn_marks",
              "pfc_pauses",
              "trims",
              "drops_buffer_full",
              "drops_headroom_overflow",
              "drops_credit_overrun",
              "drops_no_route",
              "drops_link_down"}},
            {"energy", {"run_id", "scope", "name", "joules"}},
            {"link_events", {"run_id", "time_s", "link", "node_a", "node_b", "event"}},
            {"links", {"run_id", "link", "node_a", "node_b", "tier", "lost_fec_ab"}},
            {"nic_counters", {"run_id", "gpu", "messages_posted", "bytes_completed"}},
        };
        for (const auto& [table, columns] : required)
        {
            const std::set<std::string> have = r.Columns(table);
            for (const std::string& c : columns)
            {
                NS_TEST_EXPECT_MSG_EQ(have.count(c), 1, table << "." << c << " exists");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM runs"), 0, "no runs yet");
    }
};

/**
 * A small RoCEv2 run: every table's totals against counts taken without the database, and the
 * status turning complete only in Complete().
 */
class RunTotalsTestCase : public TestCase
{
  public:
    RunTotalsTestCase()
        : TestCase("A run's rows match bytes posted, switch counters and device energy")
    {
    }

  private:
    void DoRun() override
    {
        TempDir dir("totals");
        const std::string path = dir / "run.sqlite";
        Ptr<FabricResultsDatabase> db = CreateObject<FabricResultsDatabase>();
        db->Open(path);
        Ptr<FabricNetwork> net;
        std::vector<Ptr<FabricNic>> nics = BuildRoceFabric(net);
        const int64_t run = db->BeginRun("results-db-test",
                                         RngSeedManager::GetSeed(),
                                         RngSeedManager::GetRun(),
                                         {{"pattern", "incast+pairs"}, {"gpus", "8"}});
        db->Connect(*net, nics);
        {
            Reader r(path);
            NS_TEST_ASSERT_MSG_EQ(
                r.Text("SELECT status FROM runs WHERE run_id = " + std::to_string(run)),
                "running",
                "the run row is committed at BeginRun");
            NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT value FROM parameters WHERE key = 'gpus'"),
                                  "8",
                                  "parameters are committed at BeginRun");
        }

        // A 4-to-1 incast of 256 KiB (PFC pauses, ECN) and four 64 KiB pairs, tagged.
        uint64_t postedBytes = 0;
        uint32_t posted = 0;
        Completions c;
        Simulator::Schedule(MicroSeconds(1), [&]() {
            for (uint32_t s = 1; s <= 4; ++s)
            {
                nics[s]->Send(0, 256 << 10, Record(&c), 100 + s);
                postedBytes += 256 << 10;
                ++posted;
            }
            for (uint32_t s = 4; s < 8; ++s)
            {
                nics[s]->Send((s + 1) % 8 == 0 ? 1 : (s + 1) % 8, 64 << 10, Record(&c), 7);
                postedBytes += 64 << 10;
                ++posted;
            }
        });
        // Run well past the last completion so no packet is left in flight.
        Simulator::Stop(MilliSeconds(5));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(c.done.size(), posted, "every message completed");
        db->RecordNetworkTotals(*net);
        db->AddParameter("note", "after the run");

        Reader before(path);
        NS_TEST_ASSERT_MSG_EQ(before.Text("SELECT status FROM runs"),
                              "running",
                              "still running after the totals, before Complete()");
        db->Complete();
        Reader r(path);
        const std::string where = " WHERE run_id = " + std::to_string(run);
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT status FROM runs" + where), "complete", "complete");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT error FROM runs" + where), "NULL", "no error");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT module_version FROM runs"),
                              AI_FABRIC_VERSION,
                              "module version recorded");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT seed FROM runs"),
                              RngSeedManager::GetSeed(),
                              "seed recorded");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT sim_time_s FROM runs"),
                                  0.005,
                                  1e-12,
                                  "simulated time at Complete()");
        const std::string started = r.Text("SELECT started_at FROM runs");
        const std::string ended = r.Text("SELECT ended_at FROM runs");
        NS_TEST_ASSERT_MSG_EQ(started.size(), 24, "ISO-8601 with milliseconds: " << started);
        NS_TEST_ASSERT_MSG_EQ(started.back(), 'Z', "UTC");
        const bool ordered = started <= ended;
        NS_TEST_ASSERT_MSG_EQ(ordered, true, "ended after it started");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT value FROM parameters WHERE key = 'note'"),
                              "after the run",
                              "parameter added during the run");

        // Messages: one row per completed message; bytes as posted; tags carried.
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM messages"), posted, "all recorded");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(bytes) FROM messages"),
                              postedBytes,
                              "bytes in messages = bytes posted");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(tag) FROM messages WHERE dst = 0"),
                              101 + 102 + 103 + 104,
                              "tags of the incast");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM messages WHERE end_s <= start_s"),
                              0,
                              "every message ends after it starts");
        const double lastEnd = std::accumulate(
            c.done.begin(),
            c.done.end(),
            0.0,
            [](double m, const FabricMessage& msg) { return std::max(m, msg.end.GetSeconds()); });
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT max(end_s) FROM messages"),
                                  lastEnd,
                                  1e-12,
                                  "last completion time");

        // Port counters against the switches' own counters.
        uint64_t txBytes = 0;
        uint64_t rxPackets = 0;
        uint64_t txPackets = 0;
        uint64_t pauses = 0;
        uint64_t marks = 0;
        uint32_t ports = 0;
        for (const Ptr<FabricSwitch>& sw : net->GetSwitches())
        {
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                const FabricPortCounters& pc = sw->GetPortCounters(p);
                txBytes += pc.txBytes;
                rxPackets += pc.rxPackets;
                txPackets += pc.txPackets;
                pauses += pc.pfcPausesSent;
                marks += pc.ecnMarks;
                ++ports;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM port_counters"),
                              ports,
                              "one row/port");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(tx_bytes) FROM port_counters"), txBytes, "tx");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(rx_packets) FROM port_counters"),
                              rxPackets,
                              "rx packets");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(pfc_pauses) FROM port_counters"),
                              pauses,
                              "pauses");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(ecn_marks) FROM port_counters"), marks, "marks");
        NS_TEST_ASSERT_MSG_GT(marks + pauses, 0, "the incast congested the fabric");
        // Conservation in a lossless run that has drained: what came in went out.
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(rx_packets) - sum(tx_packets) FROM "
                                       "port_counters"),
                              0,
                              "switch packets in = out");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(drops_buffer_full + drops_headroom_overflow + "
                                       "drops_credit_overrun + drops_no_route + "
                                       "drops_link_down) FROM port_counters"),
                              0,
                              "no drops under PFC");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM port_counters WHERE role = 'leaf' "
                                       "AND tier = 'gpu-leaf'"),
                              8,
                              "one leaf port per GPU");

        // NIC counters.
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM nic_counters"), 8, "one row/NIC");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(bytes_completed) FROM nic_counters"),
                              postedBytes,
                              "NIC bytes completed = bytes posted");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(messages_posted) FROM nic_counters"),
                              posted,
                              "messages posted");

        // Energy against the devices and switches, summed here a different way: every GPU-side
        // device plus each switch's own total.
        const auto& links = net->GetTopology().GetLinks();
        double linkJ = 0;
        double gpuSideJ = 0;
        for (uint32_t l = 0; l < links.size(); ++l)
        {
            for (uint32_t end = 0; end < 2; ++end)
            {
                const double j = net->GetLinkDevice(l, end)->GetEnergy();
                linkJ += j;
                const uint32_t node = end == 0 ? links[l].a : links[l].b;
                if (!net->GetSwitch(node))
                {
                    gpuSideJ += j;
                }
            }
        }
        double switchJ = 0;
        for (const Ptr<FabricSwitch>& sw : net->GetSwitches())
        {
            switchJ += sw->GetEnergy();
        }
        const double tol = 1e-9 * (gpuSideJ + switchJ);
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM energy WHERE scope = 'link'"),
                              links.size(),
                              "one energy row per link");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT sum(joules) FROM energy WHERE scope = 'link'"),
                                  linkJ,
                                  tol,
                                  "link energy = sum of device energies");
        NS_TEST_ASSERT_MSG_EQ_TOL(
            r.Number("SELECT sum(joules) FROM energy WHERE scope = 'port-kind'"),
            linkJ,
            tol,
            "port kinds partition the link ends");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT sum(joules) FROM energy WHERE scope = 'tier'"),
                                  linkJ,
                                  tol,
                                  "tiers partition the links");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT sum(joules) FROM energy WHERE scope = 'switch'"),
                                  switchJ,
                                  tol,
                                  "switch energy = FabricSwitch::GetEnergy");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.Number("SELECT joules FROM energy WHERE scope = 'total'"),
                                  gpuSideJ + switchJ,
                                  tol,
                                  "total = GPU-side devices + switches");
        // The ASICs draw their nameplate power for the whole run: 6 x 500 W x 5 ms = 15 J.
        double asicJ = 0;
        for (const Ptr<FabricSwitch>& sw : net->GetSwitches())
        {
            DoubleValue watts;
            sw->GetAttribute("AsicPower", watts);
            asicJ += watts.Get() * Simulator::Now().GetSeconds();
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(
            r.Number("SELECT sum(joules) FROM energy WHERE scope = 'switch-asic'"),
            asicJ,
            1e-9 * asicJ,
            "ASIC energy = power x simulated time");
        NS_TEST_ASSERT_MSG_GT(r.Number("SELECT sum(dynamic_j) FROM energy WHERE scope = 'link'"),
                              0,
                              "traffic cost dynamic energy");
        // Links: wire bits per direction from the devices.
        uint64_t wireBits = 0;
        for (uint32_t l = 0; l < links.size(); ++l)
        {
            wireBits += net->GetLinkDevice(l, 0)->GetTxWireBits() +
                        net->GetLinkDevice(l, 1)->GetTxWireBits();
        }
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(tx_wire_bits_ab + tx_wire_bits_ba) FROM links"),
                              wireBits,
                              "wire bits");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM link_events"), 0, "no link events");
        Simulator::Destroy();
    }
};

/**
 * Link events from the LinkState trace and frame losses per link direction, against the test's
 * own trace sinks; sampling and batching of messages.
 */
class EventsAndSamplingTestCase : public TestCase
{
  public:
    EventsAndSamplingTestCase()
        : TestCase("Link events, FEC losses per direction, message sampling and batches")
    {
    }

  private:
    void DoRun() override
    {
        TempDir dir("events");
        const std::string path = dir / "run.sqlite";
        Ptr<FabricResultsDatabase> db = CreateObject<FabricResultsDatabase>();
        db->SetAttribute("MessageSampleEvery", UintegerValue(3));
        db->SetAttribute("BatchRows", UintegerValue(2));
        db->Open(path);
        Ptr<FabricNetwork> net;
        std::vector<Ptr<FabricNic>> nics = BuildRoceFabric(net);
        db->BeginRun("results-db-test", 1, 1, {});
        db->Connect(*net, nics);

        // GPU 1's NIC link loses about 1 % of full frames to FEC towards GPU 1.
        const FabricTopology& topo = net->GetTopology();
        const uint32_t gpu1 = net->GetRouting()->GetGpuNode(1);
        const uint32_t lossyLink = topo.GetPorts(gpu1)[0];
        const uint32_t gpu1End = topo.GetLinks()[lossyLink].a == gpu1 ? 0 : 1;
        Ptr<PhotonicNetDevice> rx = net->GetLinkDevice(lossyLink, gpu1End);
        double penalty = 0;
        while (rx->GetFrameErrorProbability(4096 + 70) < 0.01 && penalty < 30)
        {
            penalty += 0.05;
            rx->SetRxPowerPenalty(penalty);
        }
        uint64_t lostByTest = 0;
        rx->TraceConnectWithoutContext(
            "PhyRxDrop",
            Callback<void, Ptr<const Packet>, PhotonicDropReason>(
                [&lostByTest](Ptr<const Packet>, PhotonicDropReason) { ++lostByTest; }));
        // A spine link goes down and comes back (no traffic needs it: routes avoid it).
        const uint32_t spineLink = LinkOfTier(topo, "leaf-spine");
        Simulator::Schedule(MicroSeconds(300), &FabricNetwork::SetLinkUp, net, spineLink, false);
        Simulator::Schedule(MicroSeconds(700), &FabricNetwork::SetLinkUp, net, spineLink, true);

        Completions c;
        const uint32_t messages = 10;
        Simulator::Schedule(MicroSeconds(1), [&]() {
            for (uint32_t m = 0; m < messages; ++m)
            {
                nics[0]->Send(1, 128 << 10, Record(&c), m);
            }
        });
        Simulator::Stop(MilliSeconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(c.done.size(), messages, "every message completed");
        NS_TEST_ASSERT_MSG_GT(lostByTest, 0, "frames were lost");
        {
            // Sampled messages 1, 4, 7, 10 and two link events: three batches of two rows
            // already written before Complete().
            Reader r(path);
            NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM messages") +
                                      r.Number("SELECT count(*) FROM link_events"),
                                  6,
                                  "batches written during the run");
        }
        db->RecordNetworkTotals(*net);
        db->Complete();

        Reader r(path);
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT count(*) FROM messages"), 4, "every third message");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT group_concat(tag) FROM (SELECT tag FROM messages "
                                     "ORDER BY end_s)"),
                              "0,3,6,9",
                              "the 1st, 4th, 7th and 10th completions");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT message_sample_every FROM runs"), 3, "recorded");
        const auto events =
            r.Rows("SELECT time_s, link, event, node_a, node_b FROM link_events ORDER BY time_s");
        NS_TEST_ASSERT_MSG_EQ(events.size(), 2, "one event per change (not per end)");
        NS_TEST_ASSERT_MSG_EQ_TOL(std::stod(events[0][0]), 300e-6, 1e-12, "down at 300 us");
        NS_TEST_ASSERT_MSG_EQ(events[0][2], "down", "down first");
        NS_TEST_ASSERT_MSG_EQ_TOL(std::stod(events[1][0]), 700e-6, 1e-12, "up at 700 us");
        NS_TEST_ASSERT_MSG_EQ(events[1][2], "up", "then up");
        NS_TEST_ASSERT_MSG_EQ(std::stoul(events[0][1]), spineLink, "the spine link");
        const TopoLink& sl = topo.GetLinks()[spineLink];
        NS_TEST_ASSERT_MSG_EQ(events[0][3], topo.GetNodes()[sl.a].name, "node a named");
        NS_TEST_ASSERT_MSG_EQ(events[0][4], topo.GetNodes()[sl.b].name, "node b named");
        // Losses land on the direction towards GPU 1, and only there.
        const std::string toGpu1 = gpu1End == 1 ? "lost_fec_ab" : "lost_fec_ba";
        const std::string fromGpu1 = gpu1End == 1 ? "lost_fec_ba" : "lost_fec_ab";
        NS_TEST_ASSERT_MSG_EQ(
            r.Number("SELECT " + toGpu1 + " FROM links WHERE link = " + std::to_string(lossyLink)),
            lostByTest,
            "FEC losses towards GPU 1 = the test's count");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT sum(lost_fec_ab + lost_fec_ba) FROM links"),
                              lostByTest,
                              "no other link lost frames");
        NS_TEST_ASSERT_MSG_EQ(r.Number("SELECT " + fromGpu1 +
                                       " FROM links WHERE link = " + std::to_string(lossyLink)),
                              0,
                              "nothing lost from GPU 1");
        NS_TEST_ASSERT_MSG_GT(r.Number("SELECT sum(retransmissions) FROM nic_counters"),
                              0,
                              "the losses were recovered by retransmission");
        Simulator::Destroy();
    }
};

/// Collectives, failed runs, several runs per file and the rules of the run life cycle.
class RunLifecycleTestCase : public TestCase
{
  public:
    RunLifecycleTestCase()
        : TestCase("Collectives; failed, abandoned and consecutive runs")
    {
    }

  private:
    void DoRun() override
    {
        TempDir dir("life");
        const std::string path = dir / "run.sqlite";
        Ptr<FabricResultsDatabase> db = CreateObject<FabricResultsDatabase>();
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->BeginRun("x", 1, 1, {}); }, {"no database is open"}),
            true,
            "BeginRun needs Open");
        db->Open(path);
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { db->Complete(); }, {"no active run"}),
                              true,
                              "Complete needs a run");
        const int64_t first = db->BeginRun("collectives", 1, 1, {});
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->BeginRun("x", 1, 2, {}); }, {"still active"}),
            true,
            "one active run at a time");
        // Ring all-reduce of 1 MiB on 8 ranks at 100 us: algbw = bytes / time, busbw = algbw x
        // 2 (n - 1) / n (nccl-tests).
        FabricCollectiveRecord rec;
        rec.op = "allreduce";
        rec.algorithm = "ring";
        rec.ranks = 8;
        rec.bytes = 1 << 20;
        rec.timeS = 100e-6;
        rec.algbwGBps = rec.bytes / rec.timeS / 1e9;
        rec.busbwGBps = rec.algbwGBps * 2 * 7 / 8;
        rec.startS = 1e-6;
        rec.endS = 101e-6;
        rec.messages = 2 * 7 * 8;
        NS_TEST_ASSERT_MSG_EQ(db->RecordCollective(rec), 1, "numbered from 1");
        rec.energyJ = 0.25;
        rec.energyPjPerBit = 0.25 / (8.0 * rec.bytes * 8) * 1e12;
        NS_TEST_ASSERT_MSG_EQ(db->RecordCollective(rec), 2, "then 2");
        rec.id = 10;
        NS_TEST_ASSERT_MSG_EQ(db->RecordCollective(rec), 10, "an explicit id is kept");
        rec.id = -1;
        NS_TEST_ASSERT_MSG_EQ(db->RecordCollective(rec), 11, "numbering continues after it");
        db->Complete();
        const int64_t failed = db->BeginRun("failing", 1, 2, {{"k", "v"}});
        db->Fail("link budget refused");
        const int64_t abandoned = db->BeginRun("abandoned", 1, 3, {});
        db->Close(); // as if the program stopped without Complete()

        Reader r(path);
        NS_TEST_ASSERT_MSG_EQ(
            r.Number("SELECT count(*) FROM collectives WHERE run_id = " + std::to_string(first)),
            4,
            "four collectives");
        NS_TEST_ASSERT_MSG_EQ_TOL(
            r.Number("SELECT busbw_gbps FROM collectives WHERE collective_id = 1"),
            (1 << 20) / 100e-6 / 1e9 * 2 * 7 / 8,
            1e-9,
            "busbw stored");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT energy_j FROM collectives WHERE collective_id = 1"),
                              "NULL",
                              "unmeasured energy is NULL");
        NS_TEST_ASSERT_MSG_EQ_TOL(
            r.Number("SELECT energy_j FROM collectives WHERE collective_id = 2"),
            0.25,
            1e-15,
            "measured energy");
        NS_TEST_ASSERT_MSG_EQ(r.Text("SELECT group_concat(status) FROM (SELECT status FROM runs "
                                     "ORDER BY run_id)"),
                              "complete,failed,running",
                              "statuses");
        NS_TEST_ASSERT_MSG_EQ(
            r.Text("SELECT error FROM runs WHERE run_id = " + std::to_string(failed)),
            "link budget refused",
            "the error is kept");
        NS_TEST_ASSERT_MSG_EQ(
            r.Text("SELECT ended_at FROM runs WHERE run_id = " + std::to_string(abandoned)),
            "NULL",
            "an abandoned run never ends");
    }
};

/// Paths that must be refused before anything runs, and the replacement of a previous run.
class RefusalsTestCase : public TestCase
{
  public:
    RefusalsTestCase()
        : TestCase("Unwritable paths and files that are not results databases are refused")
    {
    }

  private:
    void DoRun() override
    {
        TempDir dir("refusals");
        Ptr<FabricResultsDatabase> db = CreateObject<FabricResultsDatabase>();
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->Open("/proc/x/y.db"); }, {"/proc/x", "y.db"}),
            true,
            "a directory that cannot be created");
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->Open(dir / ""); }, {"it is a directory"}),
            true,
            "a directory path");
        NS_TEST_ASSERT_MSG_EQ(ThrowsConfigError([&]() { db->Open(""); }, {"path is empty"}),
                              true,
                              "an empty path");
        NS_TEST_ASSERT_MSG_EQ(db->IsOpen(), false, "nothing open after refusals");

        // A text file is not replaced.
        const std::string notes = dir / "notes.txt";
        {
            std::ofstream out(notes);
            out << "my notes\n";
        }
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->Open(notes); }, {notes, "is not a SQLite database"}),
            true,
            "a file that is not a database");
        std::ifstream in(notes);
        std::string line;
        std::getline(in, line);
        NS_TEST_ASSERT_MSG_EQ(line, "my notes", "and it is left alone");

        // Another application's SQLite database is not replaced.
        const std::string foreign = dir / "foreign.sqlite";
        sqlite3* raw = nullptr;
        sqlite3_open(foreign.c_str(), &raw);
        sqlite3_exec(raw,
                     "CREATE TABLE t (x); INSERT INTO t VALUES (42);",
                     nullptr,
                     nullptr,
                     nullptr);
        sqlite3_close(raw);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { db->Open(foreign); }, {foreign, "another application"}),
            true,
            "a foreign database");
        NS_TEST_ASSERT_MSG_EQ(Reader(foreign).Number("SELECT x FROM t"), 42, "left alone");

        // A previous run's results database is replaced; a campaign database is not.
        const std::string path = dir / "run.sqlite";
        db->Open(path);
        db->BeginRun("first", 1, 1, {});
        db->Complete();
        db->Close();
        Ptr<FabricResultsDatabase> again = CreateObject<FabricResultsDatabase>();
        again->Open(path);
        NS_TEST_ASSERT_MSG_EQ(Reader(path).Number("SELECT count(*) FROM runs"),
                              0,
                              "the previous run's file was replaced");
        again->Close();
        sqlite3_open(path.c_str(), &raw);
        sqlite3_exec(raw,
                     "CREATE TABLE campaign_points (point_key TEXT)",
                     nullptr,
                     nullptr,
                     nullptr);
        sqlite3_close(raw);
        NS_TEST_ASSERT_MSG_EQ(
            ThrowsConfigError([&]() { again->Open(path); }, {"campaign database"}),
            true,
            "a campaign database");
    }
};

/// The results database suite.
class ResultsDbTestSuite : public TestSuite
{
  public:
    ResultsDbTestSuite()
        : TestSuite("ai-fabric-results-db", AIF_UNIT)
    {
        AddTestCase(new SchemaTestCase, AIF_QUICK);
        AddTestCase(new RunTotalsTestCase, AIF_QUICK);
        AddTestCase(new EventsAndSamplingTestCase, AIF_QUICK);
        AddTestCase(new RunLifecycleTestCase, AIF_QUICK);
        AddTestCase(new RefusalsTestCase, AIF_QUICK);
    }
};

/// Static instance.
static ResultsDbTestSuite g_resultsDbTestSuite;

} // namespace
