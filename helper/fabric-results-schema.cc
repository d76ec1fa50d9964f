/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-results-schema.h"

#include "ns3/fabric-mmu.h"
#include "ns3/fabric-switch.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{

/// Tables whose columns are fixed. Times are simulated seconds unless the name says wall.
const char* const FIXED_TABLES = R"SQL(
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    program TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
    error TEXT,
    module_version TEXT NOT NULL,
    ns3_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    run_number INTEGER NOT NULL,
    sim_time_s REAL,
    wall_s REAL,
    message_sample_every INTEGER NOT NULL
);
CREATE TABLE parameters (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE collectives (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    collective_id INTEGER NOT NULL,
    op TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    ranks INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    time_s REAL NOT NULL,
    algbw_gbps REAL NOT NULL,
    busbw_gbps REAL NOT NULL,
    start_s REAL NOT NULL,
    end_s REAL NOT NULL,
    messages INTEGER NOT NULL,
    energy_j REAL,
    energy_pj_per_bit REAL,
    PRIMARY KEY (run_id, collective_id)
);
CREATE TABLE messages (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    message_id INTEGER NOT NULL,
    src INTEGER NOT NULL,
    dst INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    connection INTEGER NOT NULL,
    start_s REAL NOT NULL,
    end_s REAL NOT NULL,
    tag INTEGER NOT NULL
);
CREATE INDEX messages_run ON messages (run_id);
CREATE TABLE links (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    link INTEGER NOT NULL,
    node_a TEXT NOT NULL,
    node_b TEXT NOT NULL,
    tier TEXT NOT NULL,
    transceiver TEXT NOT NULL,
    medium TEXT NOT NULL,
    length_m REAL NOT NULL,
    rate_gbps REAL NOT NULL,
    up INTEGER NOT NULL,
    tx_wire_bits_ab INTEGER NOT NULL,
    tx_wire_bits_ba INTEGER NOT NULL,
    lost_fec_ab INTEGER NOT NULL,
    lost_fec_ba INTEGER NOT NULL,
    lost_down_ab INTEGER NOT NULL,
    lost_down_ba INTEGER NOT NULL,
    PRIMARY KEY (run_id, link)
);
CREATE TABLE link_events (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    time_s REAL NOT NULL,
    link INTEGER NOT NULL,
    node_a TEXT NOT NULL,
    node_b TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('down', 'up'))
);
CREATE INDEX link_events_run ON link_events (run_id);
CREATE TABLE energy (
    run_id INTEGER NOT NULL REFERENCES runs (run_id),
    scope TEXT NOT NULL,
    name TEXT NOT NULL,
    link INTEGER,
    joules REAL NOT NULL,
    static_j REAL NOT NULL,
    dynamic_j REAL NOT NULL,
    wire_bits INTEGER,
    pj_per_bit REAL,
    PRIMARY KEY (run_id, scope, name)
);
)SQL";

} // namespace

std::vector<std::string>
FabricResultsSchema::DropColumns()
{
    std::vector<std::string> columns;
    const size_t reasons = std::tuple_size<decltype(FabricPortCounters::drops)>::value;
    for (size_t r = 0; r < reasons; ++r)
    {
        std::string name = FabricDropReasonName(static_cast<FabricDropReason>(r));
        std::replace(name.begin(), name.end(), '-', '_');
        columns.push_back("drops_" + name);
    }
    return columns;
}

const std::vector<FabricResultsSchema::NicColumn>&
FabricResultsSchema::NicColumns()
{
    static const std::vector<NicColumn> columns{
        {"messages_posted", &FabricNicCounters::messagesPosted},
        {"messages_completed", &FabricNicCounters::messagesCompleted},
        {"messages_delivered", &FabricNicCounters::messagesDelivered},
        {"bytes_completed", &FabricNicCounters::bytesCompleted},
        {"bytes_delivered", &FabricNicCounters::bytesDelivered},
        {"data_packets", &FabricNicCounters::dataPackets},
        {"retransmissions", &FabricNicCounters::retransmissions},
        {"acks_sent", &FabricNicCounters::acksSent},
        {"nacks_sent", &FabricNicCounters::nacksSent},
        {"nacks_received", &FabricNicCounters::nacksReceived},
        {"timeouts", &FabricNicCounters::timeouts},
        {"duplicates", &FabricNicCounters::duplicates},
        {"out_of_order", &FabricNicCounters::outOfOrder},
        {"cnps_sent", &FabricNicCounters::cnpsSent},
        {"congestion_notices", &FabricNicCounters::congestionNotices},
        {"becns_sent", &FabricNicCounters::becnsSent},
        {"ecn_marked_received", &FabricNicCounters::ecnMarkedReceived},
        {"trimmed_received", &FabricNicCounters::trimmedReceived},
        {"credit_grants_sent", &FabricNicCounters::creditGrantsSent},
        {"path_changes", &FabricNicCounters::pathChanges},
    };
    return columns;
}

std::string
FabricResultsSchema::CreateSql()
{
    std::ostringstream sql;
    sql << FIXED_TABLES;
    sql << "CREATE TABLE port_counters (\n"
           "    run_id INTEGER NOT NULL REFERENCES runs (run_id),\n"
           "    node INTEGER NOT NULL,\n"
           "    node_name TEXT NOT NULL,\n"
           "    role TEXT NOT NULL,\n"
           "    port INTEGER NOT NULL,\n"
           "    link INTEGER NOT NULL,\n"
           "    peer TEXT NOT NULL,\n"
           "    tier TEXT NOT NULL,\n"
           "    kind TEXT NOT NULL,\n"
           "    tx_bytes INTEGER NOT NULL,\n"
           "    rx_bytes INTEGER NOT NULL,\n"
           "    tx_packets INTEGER NOT NULL,\n"
           "    rx_packets INTEGER NOT NULL,\n"
           "    ecn_marks INTEGER NOT NULL,\n"
           "    trims INTEGER NOT NULL,\n"
           "    pfc_pauses INTEGER NOT NULL,\n"
           "    pfc_resumes INTEGER NOT NULL,\n"
           "    pfc_received INTEGER NOT NULL,\n"
           "    credit_stalls INTEGER NOT NULL,\n";
    for (const std::string& column : DropColumns())
    {
        sql << "    " << column << " INTEGER NOT NULL,\n";
    }
    sql << "    PRIMARY KEY (run_id, node, port)\n);\n";
    sql << "CREATE TABLE nic_counters (\n"
           "    run_id INTEGER NOT NULL REFERENCES runs (run_id),\n"
           "    gpu INTEGER NOT NULL,\n"
           "    node_name TEXT NOT NULL,\n";
    for (const NicColumn& column : NicColumns())
    {
        sql << "    " << column.first << " INTEGER NOT NULL,\n";
    }
    sql << "    PRIMARY KEY (run_id, gpu)\n);\n";
    sql << "PRAGMA user_version = " << VERSION << ";\n"
        << "PRAGMA application_id = " << APPLICATION_ID << ";\n";
    return sql.str();
}

std::string
FabricResultsSchema::InsertSql(const std::string& table, const std::vector<std::string>& columns)
{
    std::ostringstream sql;
    sql << "INSERT INTO " << table << " (";
    for (size_t i = 0; i < columns.size(); ++i)
    {
        sql << (i ? ", " : "") << columns[i];
    }
    sql << ") VALUES (";
    for (size_t i = 0; i < columns.size(); ++i)
    {
        sql << (i ? ", ?" : "?");
    }
    sql << ")";
    return sql.str();
}

} // namespace ns3
