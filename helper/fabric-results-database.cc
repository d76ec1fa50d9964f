/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-results-database.h"

#include "fabric-results-schema.h"

#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricResultsDatabase");

NS_OBJECT_ENSURE_REGISTERED(FabricResultsDatabase);

namespace
{

/// The first 16 bytes of every SQLite 3 database file.
const char SQLITE_HEADER[16] = "SQLite format 3";

/// Energy of a group of link ends or a switch, summed.
struct EnergySum
{
    double joules{0};   //!< total
    double dynamicJ{0}; //!< part that scaled with traffic
    uint64_t bits{0};   //!< wire bits transmitted

    /**
     * \brief Add a device.
     * \param dev the device
     */
    void Add(const Ptr<PhotonicNetDevice>& dev)
    {
        joules += dev->GetEnergy();
        dynamicJ += dev->GetDynamicEnergy();
        bits += dev->GetTxWireBits();
    }

    /**
     * \brief Add another sum.
     * \param other the sum
     */
    void Add(const EnergySum& other)
    {
        joules += other.joules;
        dynamicJ += other.dynamicJ;
        bits += other.bits;
    }
};

} // namespace

TypeId
FabricResultsDatabase::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricResultsDatabase")
            .SetParent<Object>()
            .SetGroupName("AiFabric")
            .AddConstructor<FabricResultsDatabase>()
            .AddAttribute("MessageSampleEvery",
                          "Record every Nth completed message in the messages table, counted "
                          "per run from the first (1: every message; 0: none), messages.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&FabricResultsDatabase::m_sampleEvery),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("BatchRows",
                          "Buffered rows (messages, link events, collectives) that trigger a "
                          "write in one transaction, rows.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&FabricResultsDatabase::m_batchRows),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

FabricResultsDatabase::FabricResultsDatabase()
    : m_self(std::make_shared<FabricResultsDatabase*>(this))
{
}

FabricResultsDatabase::~FabricResultsDatabase()
{
    *m_self = nullptr;
    try
    {
        Close();
    }
    catch (const std::exception& e)
    {
        NS_LOG_WARN("closing " << m_path << ": " << e.what());
    }
}

void
FabricResultsDatabase::DoDispose()
{
    *m_self = nullptr;
    try
    {
        Close();
    }
    catch (const std::exception& e)
    {
        NS_LOG_WARN("closing " << m_path << ": " << e.what());
    }
    Object::DoDispose();
}

void
FabricResultsDatabase::Open(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    Close();
    namespace fs = std::filesystem;
    const std::string what = "results database '" + path + "'";
    if (path.empty())
    {
        throw FabricConfigError("the results database path is empty");
    }
    std::error_code ec;
    const fs::path file(path);
    if (fs::is_directory(file, ec))
    {
        throw FabricConfigError("cannot write " + what + ": it is a directory");
    }
    if (file.has_parent_path() && !fs::is_directory(file.parent_path(), ec))
    {
        fs::create_directories(file.parent_path(), ec);
        if (ec)
        {
            throw FabricConfigError("cannot create the directory '" + file.parent_path().string() +
                                    "' of " + what + ": " + ec.message());
        }
    }
    if (fs::exists(file, ec))
    {
        PrepareExistingFile(path);
    }
    try
    {
        m_db.Open(path);
        m_db.Exec("PRAGMA synchronous = NORMAL");
        FabricSqliteTransaction t(m_db);
        m_db.Exec(FabricResultsSchema::CreateSql());
        t.Commit();
        PrepareStatements();
    }
    catch (const std::runtime_error& e)
    {
        m_stmt.clear();
        m_db.Close();
        throw FabricConfigError("cannot write " + what + ": " + e.what());
    }
    m_path = path;
}

void
FabricResultsDatabase::PrepareExistingFile(const std::string& path)
{
    namespace fs = std::filesystem;
    const std::string what = "'" + path + "'";
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
    {
        throw FabricConfigError("cannot write results database " + what +
                                ": it exists and is not a regular file");
    }
    if (fs::file_size(path, ec) == 0)
    {
        return; // an empty file is an empty database to SQLite
    }
    char header[sizeof(SQLITE_HEADER)] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(header, sizeof(header));
    if (!in || std::memcmp(header, SQLITE_HEADER, sizeof(header)) != 0)
    {
        throw FabricConfigError(what + " exists and is not a SQLite database; refusing to "
                                       "replace it with a results database");
    }
    int64_t appId = 0;
    int64_t campaign = 0;
    try
    {
        FabricSqliteConnection existing;
        existing.Open(path);
        appId = existing.QueryInt("PRAGMA application_id");
        campaign =
            existing.QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'campaign_points'");
    }
    catch (const std::runtime_error& e)
    {
        throw FabricConfigError("cannot read the existing database " + what + ": " + e.what());
    }
    if (appId != FabricResultsSchema::APPLICATION_ID)
    {
        throw FabricConfigError(what +
                                " is a SQLite database of another application "
                                "(application_id " +
                                std::to_string(appId) + "); refusing to replace it");
    }
    if (campaign > 0)
    {
        throw FabricConfigError(what + " is a campaign database; refusing to replace it");
    }
    NS_LOG_INFO("replacing the results database of a previous run at " << path);
    for (const std::string& f : {path, path + "-journal", path + "-wal", path + "-shm"})
    {
        fs::remove(f, ec);
        if (ec)
        {
            throw FabricConfigError("cannot replace results database " + what + ": " +
                                    ec.message());
        }
    }
}

void
FabricResultsDatabase::PrepareStatements()
{
    auto prepare = [this](const std::string& key, const std::string& sql) {
        m_stmt[key] = std::make_unique<FabricSqliteStatement>(m_db.Handle(), sql);
    };
    auto insert = [&prepare](const std::string& table, const std::vector<std::string>& cols) {
        prepare(table, FabricResultsSchema::InsertSql(table, cols));
    };
    insert("runs",
           {"program",
            "started_at",
            "status",
            "module_version",
            "ns3_version",
            "seed",
            "run_number",
            "message_sample_every"});
    prepare("run_end",
            "UPDATE runs SET status = ?, error = ?, ended_at = ?, sim_time_s = ?, wall_s = ? "
            "WHERE run_id = ?");
    prepare("parameters",
            "INSERT OR REPLACE INTO parameters (run_id, key, value) VALUES (?, ?, ?)");
    insert(
        "messages",
        {"run_id", "message_id", "src", "dst", "bytes", "connection", "start_s", "end_s", "tag"});
    insert("link_events", {"run_id", "time_s", "link", "node_a", "node_b", "event"});
    insert("collectives",
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
            "energy_pj_per_bit"});
    insert("links",
           {"run_id",
            "link",
            "node_a",
            "node_b",
            "tier",
            "transceiver",
            "medium",
            "length_m",
            "rate_gbps",
            "up",
            "tx_wire_bits_ab",
            "tx_wire_bits_ba",
            "lost_fec_ab",
            "lost_fec_ba",
            "lost_down_ab",
            "lost_down_ba"});
    std::vector<std::string> ports{"run_id",
                                   "node",
                                   "node_name",
                                   "role",
                                   "port",
                                   "link",
                                   "peer",
                                   "tier",
                                   "kind",
                                   "tx_bytes",
                                   "rx_bytes",
                                   "tx_packets",
                                   "rx_packets",
                                   "ecn_marks",
                                   "trims",
                                   "pfc_pauses",
                                   "pfc_resumes",
                                   "pfc_received",
                                   "credit_stalls"};
    for (const std::string& c : FabricResultsSchema::DropColumns())
    {
        ports.push_back(c);
    }
    insert("port_counters", ports);
    std::vector<std::string> nic{"run_id", "gpu", "node_name"};
    for (const auto& c : FabricResultsSchema::NicColumns())
    {
        nic.push_back(c.first);
    }
    insert("nic_counters", nic);
    insert("energy",
           {"run_id",
            "scope",
            "name",
            "link",
            "joules",
            "static_j",
            "dynamic_j",
            "wire_bits",
            "pj_per_bit"});
}

bool
FabricResultsDatabase::IsOpen() const
{
    return m_db.IsOpen();
}

std::string
FabricResultsDatabase::GetPath() const
{
    return m_path;
}

int64_t
FabricResultsDatabase::GetRunId() const
{
    return m_runId;
}

std::string
FabricResultsDatabase::UtcNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::ostringstream text;
    text << std::put_time(&utc, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3) << std::setfill('0')
         << ms << 'Z';
    return text.str();
}

void
FabricResultsDatabase::RequireRun(const std::string& what) const
{
    if (m_runId < 0)
    {
        throw FabricConfigError("FabricResultsDatabase::" + what +
                                ": no active run (call "
                                "BeginRun first)");
    }
}

int64_t
FabricResultsDatabase::BeginRun(const std::string& program,
                                uint64_t seed,
                                uint64_t runNumber,
                                const std::map<std::string, std::string>& parameters)
{
    NS_LOG_FUNCTION(this << program << seed << runNumber);
    if (!IsOpen())
    {
        throw FabricConfigError("FabricResultsDatabase::BeginRun: no database is open");
    }
    if (m_runId >= 0)
    {
        throw FabricConfigError("FabricResultsDatabase::BeginRun: run " + std::to_string(m_runId) +
                                " in " + m_path +
                                " is still active; Complete() or Fail() it first");
    }
    FabricSqliteTransaction t(m_db);
    m_stmt["runs"]
        ->BindText(1, program)
        .BindText(2, UtcNow())
        .BindText(3, "running")
        .BindText(4, AI_FABRIC_VERSION)
        .BindText(5, AI_FABRIC_NS3_VERSION)
        .BindInt(6, static_cast<int64_t>(seed))
        .BindInt(7, static_cast<int64_t>(runNumber))
        .BindInt(8, m_sampleEvery)
        .Run();
    const int64_t runId = m_db.LastInsertRowId();
    for (const auto& [key, value] : parameters)
    {
        m_stmt["parameters"]->BindInt(1, runId).BindText(2, key).BindText(3, value).Run();
    }
    t.Commit();
    m_runId = runId;
    m_wallStart = std::chrono::steady_clock::now();
    m_messagesSeen = 0;
    m_nextCollectiveId = 1;
    return runId;
}

void
FabricResultsDatabase::AddParameter(const std::string& key, const std::string& value)
{
    RequireRun("AddParameter");
    m_stmt["parameters"]->BindInt(1, m_runId).BindText(2, key).BindText(3, value).Run();
}

int64_t
FabricResultsDatabase::RecordCollective(const FabricCollectiveRecord& record)
{
    RequireRun("RecordCollective");
    FabricCollectiveRecord r = record;
    if (r.id < 0)
    {
        r.id = m_nextCollectiveId;
    }
    m_nextCollectiveId = std::max(m_nextCollectiveId, r.id + 1);
    m_pendingCollectives.push_back(r);
    FlushIfFull();
    return r.id;
}

void
FabricResultsDatabase::RecordMessage(const FabricMessage& message)
{
    if (m_runId < 0)
    {
        return; // between runs nothing is recorded
    }
    ++m_messagesSeen;
    if (m_sampleEvery == 0 || (m_messagesSeen - 1) % m_sampleEvery != 0)
    {
        return;
    }
    m_pendingMessages.push_back(message);
    FlushIfFull();
}

void
FabricResultsDatabase::RecordLinkEvent(uint32_t link, bool up)
{
    if (m_runId < 0)
    {
        return;
    }
    m_pendingLinkEvents.push_back({Simulator::Now().GetSeconds(), link, up});
    FlushIfFull();
}

void
FabricResultsDatabase::CountLoss(uint32_t link, uint32_t direction, PhotonicDropReason reason)
{
    if (link >= m_linkLosses.size())
    {
        return;
    }
    LinkLosses& l = m_linkLosses[link];
    ++(reason == PhotonicDropReason::FEC_UNCORRECTABLE ? l.fec : l.down)[direction];
}

void
FabricResultsDatabase::Connect(const FabricNetwork& network,
                               const std::vector<Ptr<FabricNic>>& nics)
{
    NS_LOG_FUNCTION(this);
    // Callbacks hold a shared pointer to this object's address, cleared when it goes away,
    // so a fabric that outlives the database does not call into freed memory.
    std::shared_ptr<FabricResultsDatabase*> self = m_self;
    m_nics = nics;
    for (const Ptr<FabricNic>& nic : nics)
    {
        nic->TraceConnectWithoutContext(
            "MessageComplete",
            Callback<void, const FabricMessage&>([self](const FabricMessage& m) {
                if (*self)
                {
                    (*self)->RecordMessage(m);
                }
            }));
    }
    const FabricTopology& topo = network.GetTopology();
    const auto& links = topo.GetLinks();
    const auto& nodes = topo.GetNodes();
    m_linkLosses.assign(links.size(), LinkLosses());
    m_linkNames.clear();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        m_linkNames.emplace_back(nodes[links[l].a].name, nodes[links[l].b].name);
        network.GetLinkDevice(l, 0)->TraceConnectWithoutContext(
            "LinkState",
            Callback<void, bool>([self, l](bool up) {
                if (*self)
                {
                    (*self)->RecordLinkEvent(l, up);
                }
            }));
        for (uint32_t end = 0; end < 2; ++end)
        {
            Ptr<PhotonicNetDevice> dev = network.GetLinkDevice(l, end);
            // Lost on transmission: the direction this end sends; on reception: the other.
            const uint32_t txDir = end;
            const uint32_t rxDir = 1 - end;
            dev->TraceConnectWithoutContext(
                "PhyTxDrop",
                Callback<void, Ptr<const Packet>, PhotonicDropReason>(
                    [self, l, txDir](Ptr<const Packet>, PhotonicDropReason reason) {
                        if (*self)
                        {
                            (*self)->CountLoss(l, txDir, reason);
                        }
                    }));
            dev->TraceConnectWithoutContext(
                "PhyRxDrop",
                Callback<void, Ptr<const Packet>, PhotonicDropReason>(
                    [self, l, rxDir](Ptr<const Packet>, PhotonicDropReason reason) {
                        if (*self)
                        {
                            (*self)->CountLoss(l, rxDir, reason);
                        }
                    }));
        }
    }
}

void
FabricResultsDatabase::Flush()
{
    if (!IsOpen() ||
        (m_pendingMessages.empty() && m_pendingLinkEvents.empty() && m_pendingCollectives.empty()))
    {
        return;
    }
    FabricSqliteTransaction t(m_db);
    WritePending();
    t.Commit();
}

void
FabricResultsDatabase::FlushIfFull()
{
    if (m_pendingCollectives.size() + m_pendingMessages.size() + m_pendingLinkEvents.size() >=
        m_batchRows)
    {
        Flush();
    }
}

void
FabricResultsDatabase::WritePending()
{
    FabricSqliteStatement& msg = *m_stmt["messages"];
    for (const FabricMessage& m : m_pendingMessages)
    {
        msg.BindInt(1, m_runId)
            .BindInt(2, static_cast<int64_t>(m.id))
            .BindInt(3, m.src)
            .BindInt(4, m.dst)
            .BindInt(5, static_cast<int64_t>(m.bytes))
            .BindInt(6, m.connection)
            .BindDouble(7, m.start.GetSeconds())
            .BindDouble(8, m.end.GetSeconds())
            .BindInt(9, static_cast<int64_t>(m.tag))
            .Run();
    }
    m_pendingMessages.clear();
    FabricSqliteStatement& ev = *m_stmt["link_events"];
    for (const LinkEvent& e : m_pendingLinkEvents)
    {
        ev.BindInt(1, m_runId)
            .BindDouble(2, e.timeS)
            .BindInt(3, e.link)
            .BindText(4, m_linkNames.at(e.link).first)
            .BindText(5, m_linkNames.at(e.link).second)
            .BindText(6, e.up ? "up" : "down")
            .Run();
    }
    m_pendingLinkEvents.clear();
    FabricSqliteStatement& coll = *m_stmt["collectives"];
    for (const FabricCollectiveRecord& c : m_pendingCollectives)
    {
        coll.BindInt(1, m_runId)
            .BindInt(2, c.id)
            .BindText(3, c.op)
            .BindText(4, c.algorithm)
            .BindInt(5, c.ranks)
            .BindInt(6, static_cast<int64_t>(c.bytes))
            .BindDouble(7, c.timeS)
            .BindDouble(8, c.algbwGBps)
            .BindDouble(9, c.busbwGBps)
            .BindDouble(10, c.startS)
            .BindDouble(11, c.endS)
            .BindInt(12, static_cast<int64_t>(c.messages));
        c.energyJ < 0 ? coll.BindNull(13) : coll.BindDouble(13, c.energyJ);
        c.energyPjPerBit < 0 ? coll.BindNull(14) : coll.BindDouble(14, c.energyPjPerBit);
        coll.Run();
    }
    m_pendingCollectives.clear();
}

void
FabricResultsDatabase::RecordNetworkTotals(const FabricNetwork& network)
{
    NS_LOG_FUNCTION(this);
    RequireRun("RecordNetworkTotals");
    FabricSqliteTransaction t(m_db);
    WriteLinks(network);
    WritePortCounters(network);
    WriteNicCounters(network);
    WriteEnergy(network);
    t.Commit();
}

void
FabricResultsDatabase::WriteLinks(const FabricNetwork& network)
{
    const FabricTopology& topo = network.GetTopology();
    const auto& nodes = topo.GetNodes();
    FabricSqliteStatement& st = *m_stmt["links"];
    for (uint32_t l = 0; l < topo.GetLinks().size(); ++l)
    {
        const TopoLink& link = topo.GetLinks()[l];
        const LinkLosses losses = l < m_linkLosses.size() ? m_linkLosses[l] : LinkLosses();
        Ptr<PhotonicNetDevice> a = network.GetLinkDevice(l, 0);
        Ptr<PhotonicNetDevice> b = network.GetLinkDevice(l, 1);
        st.BindInt(1, m_runId)
            .BindInt(2, l)
            .BindText(3, nodes[link.a].name)
            .BindText(4, nodes[link.b].name)
            .BindText(5, link.tier)
            .BindText(6, link.transceiver)
            .BindText(7, PhotonicMediumName(link.medium))
            .BindDouble(8, link.lengthM)
            .BindDouble(9, link.rateBps / 1e9)
            .BindInt(10, a->IsLinkUp() ? 1 : 0)
            .BindInt(11, static_cast<int64_t>(a->GetTxWireBits()))
            .BindInt(12, static_cast<int64_t>(b->GetTxWireBits()))
            .BindInt(13, static_cast<int64_t>(losses.fec[0]))
            .BindInt(14, static_cast<int64_t>(losses.fec[1]))
            .BindInt(15, static_cast<int64_t>(losses.down[0]))
            .BindInt(16, static_cast<int64_t>(losses.down[1]))
            .Run();
    }
}

void
FabricResultsDatabase::WritePortCounters(const FabricNetwork& network)
{
    const FabricTopology& topo = network.GetTopology();
    const auto& nodes = topo.GetNodes();
    const auto& links = topo.GetLinks();
    // Which link end each device is, so ports map to links without assuming their order.
    std::unordered_map<const PhotonicNetDevice*, uint32_t> linkOf;
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        linkOf[PeekPointer(network.GetLinkDevice(l, 0))] = l;
        linkOf[PeekPointer(network.GetLinkDevice(l, 1))] = l;
    }
    FabricSqliteStatement& st = *m_stmt["port_counters"];
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        Ptr<FabricSwitch> sw = network.GetSwitch(n);
        if (!sw)
        {
            continue;
        }
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            Ptr<PhotonicNetDevice> dev = sw->GetPort(p);
            const uint32_t l = linkOf.at(PeekPointer(dev));
            const FabricPortCounters& c = sw->GetPortCounters(p);
            st.BindInt(1, m_runId)
                .BindInt(2, n)
                .BindText(3, nodes[n].name)
                .BindText(4, FabricRoleName(nodes[n].role))
                .BindInt(5, p)
                .BindInt(6, l)
                .BindText(7, nodes[links[l].Other(n)].name)
                .BindText(8, links[l].tier)
                .BindText(9, FabricPortKindName(sw->GetPortKind(p)))
                .BindInt(10, static_cast<int64_t>(c.txBytes))
                .BindInt(11, static_cast<int64_t>(c.rxBytes))
                .BindInt(12, static_cast<int64_t>(c.txPackets))
                .BindInt(13, static_cast<int64_t>(c.rxPackets))
                .BindInt(14, static_cast<int64_t>(c.ecnMarks))
                .BindInt(15, static_cast<int64_t>(c.trims))
                .BindInt(16, static_cast<int64_t>(c.pfcPausesSent))
                .BindInt(17, static_cast<int64_t>(c.pfcResumesSent))
                .BindInt(18, static_cast<int64_t>(dev->GetPfcFramesReceived()))
                .BindInt(19, static_cast<int64_t>(dev->GetCreditStalls()));
            for (size_t r = 0; r < c.drops.size(); ++r)
            {
                st.BindInt(20 + static_cast<int>(r), static_cast<int64_t>(c.drops[r]));
            }
            st.Run();
        }
    }
}

void
FabricResultsDatabase::WriteNicCounters(const FabricNetwork& network)
{
    const auto& nodes = network.GetTopology().GetNodes();
    const auto& columns = FabricResultsSchema::NicColumns();
    FabricSqliteStatement& st = *m_stmt["nic_counters"];
    for (const Ptr<FabricNic>& nic : m_nics)
    {
        const uint32_t gpu = nic->GetGpu();
        const FabricNicCounters& c = nic->GetCounters();
        st.BindInt(1, m_runId)
            .BindInt(2, gpu)
            .BindText(3, nodes[network.GetRouting()->GetGpuNode(gpu)].name);
        for (size_t i = 0; i < columns.size(); ++i)
        {
            st.BindInt(4 + static_cast<int>(i), static_cast<int64_t>(c.*(columns[i].second)));
        }
        st.Run();
    }
}

void
FabricResultsDatabase::WriteEnergy(const FabricNetwork& network)
{
    const FabricTopology& topo = network.GetTopology();
    const auto& nodes = topo.GetNodes();
    const auto& links = topo.GetLinks();
    FabricSqliteStatement& st = *m_stmt["energy"];
    auto row = [&st, this](const std::string& scope,
                           const std::string& name,
                           int64_t link,
                           const EnergySum& e,
                           bool hasBits) {
        st.BindInt(1, m_runId).BindText(2, scope).BindText(3, name);
        link < 0 ? st.BindNull(4) : st.BindInt(4, link);
        st.BindDouble(5, e.joules).BindDouble(6, e.joules - e.dynamicJ).BindDouble(7, e.dynamicJ);
        hasBits ? st.BindInt(8, static_cast<int64_t>(e.bits)) : st.BindNull(8);
        hasBits&& e.bits > 0 ? st.BindDouble(9, e.joules / static_cast<double>(e.bits) * 1e12)
                             : st.BindNull(9);
        st.Run();
    };

    EnergySum total;
    std::map<std::string, EnergySum> byTier;
    std::map<std::string, EnergySum> byKind;
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        EnergySum e;
        e.Add(network.GetLinkDevice(l, 0));
        e.Add(network.GetLinkDevice(l, 1));
        std::ostringstream name;
        name << nodes[links[l].a].name << " <-> " << nodes[links[l].b].name << " (link " << l
             << ")";
        row("link", name.str(), l, e, true);
        byTier[links[l].tier].Add(e);
        byKind[FabricPortKindName(FabricPortKindOf(links[l].transceiver))].Add(e);
        total.Add(e);
    }
    for (const auto& [tier, e] : byTier)
    {
        row("tier", tier, -1, e, true);
    }
    for (const auto& [kind, e] : byKind)
    {
        row("port-kind", kind, -1, e, true);
    }
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        Ptr<FabricSwitch> sw = network.GetSwitch(n);
        if (!sw)
        {
            continue;
        }
        EnergySum ports;
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            ports.Add(sw->GetPort(p));
        }
        EnergySum whole = ports;
        whole.joules = sw->GetEnergy();
        row("switch", nodes[n].name, -1, whole, true);
        // The ASIC is what the switch draws beyond its port modules: static power only.
        EnergySum asic;
        asic.joules = whole.joules - ports.joules;
        row("switch-asic", nodes[n].name, -1, asic, false);
        total.joules += asic.joules;
    }
    row("total", "fabric", -1, total, true);
}

void
FabricResultsDatabase::EndRun(const std::string& status, const std::string& error)
{
    FabricSqliteTransaction t(m_db);
    WritePending();
    FabricSqliteStatement& st = *m_stmt["run_end"];
    st.BindText(1, status);
    error.empty() ? st.BindNull(2) : st.BindText(2, error);
    st.BindText(3, UtcNow())
        .BindDouble(4, Simulator::Now().GetSeconds())
        .BindDouble(
            5,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_wallStart).count())
        .BindInt(6, m_runId)
        .Run();
    t.Commit();
    NS_LOG_INFO("run " << m_runId << " " << status);
    m_runId = -1;
    m_nics.clear();
    m_linkLosses.clear();
}

void
FabricResultsDatabase::Complete()
{
    NS_LOG_FUNCTION(this);
    RequireRun("Complete");
    EndRun("complete", "");
}

void
FabricResultsDatabase::Fail(const std::string& error)
{
    NS_LOG_FUNCTION(this << error);
    RequireRun("Fail");
    EndRun("failed", error.empty() ? "unspecified failure" : error);
}

void
FabricResultsDatabase::Close()
{
    if (!IsOpen())
    {
        return;
    }
    if (m_runId >= 0)
    {
        NS_LOG_WARN("closing " << m_path << " with run " << m_runId
                               << " still active: it stays 'running'");
        Flush();
        m_runId = -1;
    }
    m_stmt.clear();
    m_db.Close();
    m_nics.clear();
}

} // namespace ns3
