/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_RESULTS_SCHEMA_H
#define FABRIC_RESULTS_SCHEMA_H

// The tables of a results database (doc/ai-fabric.rst, "Results database", describes every
// column). Columns that follow a C++ enumeration or struct (drops by reason, NIC counters) are
// generated from it, so the schema and the counters cannot drift apart.

#include "ns3/fabric-nic.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The schema of an ai-fabric results database.
 */
class FabricResultsSchema
{
  public:
    /// PRAGMA user_version of databases written with this schema.
    static constexpr int VERSION = 1;
    /// PRAGMA application_id marking an ai-fabric results database ("AIFB").
    static constexpr int32_t APPLICATION_ID = 0x41494642;

    /**
     * \brief SQL creating every table and index and setting user_version and application_id.
     * \return the statements
     */
    static std::string CreateSql();

    /**
     * \brief The port_counters columns of drops, one per FabricDropReason in its order:
     * "drops_" + the reason's name with '-' replaced by '_'.
     * \return column names
     */
    static std::vector<std::string> DropColumns();

    /// A FabricNicCounters member and its column name.
    typedef std::pair<std::string, uint64_t FabricNicCounters::*> NicColumn;

    /**
     * \brief The nic_counters columns after run_id, gpu and node_name.
     * \return column names with the counter each holds
     */
    static const std::vector<NicColumn>& NicColumns();

    /**
     * \brief An INSERT statement with one parameter per column.
     * \param table table name
     * \param columns column names
     * \return the SQL
     */
    static std::string InsertSql(const std::string& table, const std::vector<std::string>& columns);
};

} // namespace ns3

#endif /* FABRIC_RESULTS_SCHEMA_H */
