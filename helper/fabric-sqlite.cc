/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-sqlite.h"

#include "ns3/log.h"

#include <sqlite3.h>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricSqlite");

FabricSqliteStatement::FabricSqliteStatement(sqlite3* db, const std::string& sql)
    : m_db(db),
      m_stmt(nullptr),
      m_sql(sql)
{
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
    {
        Fail("prepare");
    }
}

FabricSqliteStatement::~FabricSqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void
FabricSqliteStatement::Fail(const std::string& what) const
{
    throw std::runtime_error("SQLite " + what + " failed (" + sqlite3_errmsg(m_db) +
                             ") in: " + m_sql);
}

FabricSqliteStatement&
FabricSqliteStatement::BindInt(int index, int64_t value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
    {
        Fail("bind");
    }
    return *this;
}

FabricSqliteStatement&
FabricSqliteStatement::BindDouble(int index, double value)
{
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK)
    {
        Fail("bind");
    }
    return *this;
}

FabricSqliteStatement&
FabricSqliteStatement::BindText(int index, const std::string& value)
{
    if (sqlite3_bind_text(m_stmt,
                          index,
                          value.c_str(),
                          static_cast<int>(value.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
    {
        Fail("bind");
    }
    return *this;
}

FabricSqliteStatement&
FabricSqliteStatement::BindNull(int index)
{
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK)
    {
        Fail("bind");
    }
    return *this;
}

void
FabricSqliteStatement::Run()
{
    const int rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
        Fail("step");
    }
}

bool
FabricSqliteStatement::Step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
    {
        return true;
    }
    if (rc != SQLITE_DONE)
    {
        Fail("step");
    }
    return false;
}

void
FabricSqliteStatement::Reset()
{
    sqlite3_reset(m_stmt);
}

int64_t
FabricSqliteStatement::ColumnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string
FabricSqliteStatement::ColumnText(int column) const
{
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

FabricSqliteConnection::~FabricSqliteConnection()
{
    Close();
}

void
FabricSqliteConnection::Open(const std::string& path)
{
    Close();
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
    {
        const std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw std::runtime_error(msg);
    }
    m_db = db;
    // Wait briefly rather than fail if a reader holds a lock at the moment of a commit.
    sqlite3_busy_timeout(m_db, 5000);
}

void
FabricSqliteConnection::Close()
{
    if (m_db)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
    }
}

bool
FabricSqliteConnection::IsOpen() const
{
    return m_db != nullptr;
}

void
FabricSqliteConnection::Exec(const std::string& sql)
{
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    {
        const std::string msg = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw std::runtime_error(msg);
    }
}

int64_t
FabricSqliteConnection::QueryInt(const std::string& sql)
{
    FabricSqliteStatement stmt(m_db, sql);
    return stmt.Step() ? stmt.ColumnInt(0) : 0;
}

int64_t
FabricSqliteConnection::LastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

sqlite3*
FabricSqliteConnection::Handle() const
{
    return m_db;
}

FabricSqliteTransaction::FabricSqliteTransaction(FabricSqliteConnection& db)
    : m_db(db)
{
    m_db.Exec("BEGIN IMMEDIATE");
}

FabricSqliteTransaction::~FabricSqliteTransaction()
{
    if (!m_done)
    {
        try
        {
            m_db.Exec("ROLLBACK");
        }
        catch (const std::exception& e)
        {
            NS_LOG_WARN("rollback failed: " << e.what());
        }
    }
}

void
FabricSqliteTransaction::Commit()
{
    m_db.Exec("COMMIT");
    m_done = true;
}

} // namespace ns3
