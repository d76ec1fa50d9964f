/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_SQLITE_H
#define FABRIC_SQLITE_H

// A thin C++ face of the SQLite C API: a connection, prepared statements and transactions that
// release what they hold. Errors throw std::runtime_error with SQLite's own message.

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A prepared SQLite statement (sqlite3_prepare_v2); finalized when destroyed.
 *
 * Parameters are bound by their 1-based index; Run() executes a statement that returns no rows
 * and resets it so it can be bound and run again.
 */
class FabricSqliteStatement
{
  public:
    /**
     * \brief Prepare a statement.
     * \param db the connection
     * \param sql one SQL statement
     * \throws std::runtime_error if SQLite refuses it
     */
    FabricSqliteStatement(sqlite3* db, const std::string& sql);
    ~FabricSqliteStatement();

    FabricSqliteStatement(const FabricSqliteStatement&) = delete;
    FabricSqliteStatement& operator=(const FabricSqliteStatement&) = delete;

    /**
     * \brief Bind an integer.
     * \param index 1-based parameter index
     * \param value the value
     * \return this
     */
    FabricSqliteStatement& BindInt(int index, int64_t value);
    /**
     * \brief Bind a real.
     * \param index 1-based parameter index
     * \param value the value
     * \return this
     */
    FabricSqliteStatement& BindDouble(int index, double value);
    /**
     * \brief Bind a text (copied by SQLite).
     * \param index 1-based parameter index
     * \param value the value
     * \return this
     */
    FabricSqliteStatement& BindText(int index, const std::string& value);
    /**
     * \brief Bind NULL.
     * \param index 1-based parameter index
     * \return this
     */
    FabricSqliteStatement& BindNull(int index);

    /**
     * \brief Execute a statement that returns no rows, then reset it and clear its bindings.
     * \throws std::runtime_error on failure
     */
    void Run();

    /**
     * \brief Step once.
     * \return true if a row is available, false when done
     * \throws std::runtime_error on failure
     */
    bool Step();

    /**
     * \brief Reset after stepping, keeping the bindings.
     */
    void Reset();

    /**
     * \brief An integer column of the current row.
     * \param column 0-based column index
     * \return the value
     */
    int64_t ColumnInt(int column) const;

    /**
     * \brief A text column of the current row (empty for NULL).
     * \param column 0-based column index
     * \return the value
     */
    std::string ColumnText(int column) const;

  private:
    /**
     * \brief Throw for a failed call.
     * \param what the call
     */
    [[noreturn]] void Fail(const std::string& what) const;

    sqlite3* m_db;        //!< the connection
    sqlite3_stmt* m_stmt; //!< the statement
    std::string m_sql;    //!< its text (for messages)
};

/**
 * \ingroup ai-fabric
 * \brief A connection to one SQLite database file; closed when destroyed.
 */
class FabricSqliteConnection
{
  public:
    FabricSqliteConnection() = default;
    ~FabricSqliteConnection();

    FabricSqliteConnection(const FabricSqliteConnection&) = delete;
    FabricSqliteConnection& operator=(const FabricSqliteConnection&) = delete;

    /**
     * \brief Open a file for reading and writing, creating it if missing.
     * \param path the file
     * \throws std::runtime_error with SQLite's message if it cannot be opened
     */
    void Open(const std::string& path);

    /**
     * \brief Close (statements prepared on it must be destroyed first).
     */
    void Close();

    /**
     * \brief Whether a file is open.
     * \return true if open
     */
    bool IsOpen() const;

    /**
     * \brief Execute SQL text of one or more statements that return no rows.
     * \param sql the text
     * \throws std::runtime_error on failure
     */
    void Exec(const std::string& sql);

    /**
     * \brief The first column of the first row of a query, as an integer.
     * \param sql a query
     * \return the value (0 if there is no row)
     */
    int64_t QueryInt(const std::string& sql);

    /**
     * \brief The rowid of the last row inserted on this connection.
     * \return the rowid
     */
    int64_t LastInsertRowId() const;

    /**
     * \brief The C API handle (for preparing statements).
     * \return the handle, null when closed
     */
    sqlite3* Handle() const;

  private:
    sqlite3* m_db{nullptr}; //!< the handle
};

/**
 * \ingroup ai-fabric
 * \brief BEGIN on construction; COMMIT on Commit(); ROLLBACK if destroyed uncommitted.
 */
class FabricSqliteTransaction
{
  public:
    /**
     * \brief Begin an immediate (write) transaction.
     * \param db the connection
     */
    explicit FabricSqliteTransaction(FabricSqliteConnection& db);
    ~FabricSqliteTransaction();

    FabricSqliteTransaction(const FabricSqliteTransaction&) = delete;
    FabricSqliteTransaction& operator=(const FabricSqliteTransaction&) = delete;

    /**
     * \brief Make the transaction's writes durable.
     */
    void Commit();

  private:
    FabricSqliteConnection& m_db; //!< the connection
    bool m_done{false};           //!< committed
};

} // namespace ns3

#endif /* FABRIC_SQLITE_H */
