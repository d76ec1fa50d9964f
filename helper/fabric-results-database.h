/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_RESULTS_DATABASE_H
#define FABRIC_RESULTS_DATABASE_H

#include "fabric-network.h"
#include "fabric-sqlite.h"

#include "ns3/fabric-message.h"
#include "ns3/fabric-nic.h"
#include "ns3/object.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief One collective as its runner reports it, for FabricResultsDatabase::RecordCollective.
 *
 * Bandwidths follow nccl-tests: algbw = bytes / time, busbw = algbw x the algorithm-independent
 * factor of the operation (2 (n - 1) / n for all-reduce, (n - 1) / n for all-gather and
 * reduce-scatter, 1 for broadcast), both in GB/s (10^9 bytes per second).
 */
struct FabricCollectiveRecord
{
    int64_t id{-1};            //!< collective id within the run; -1: the database numbers it
    std::string op;            //!< operation, e.g. "allreduce"
    std::string algorithm;     //!< algorithm, e.g. "ring"
    uint32_t ranks{0};         //!< participating ranks
    uint64_t bytes{0};         //!< bytes per rank (nccl-tests "size")
    double timeS{0};           //!< completion time, seconds
    double algbwGBps{0};       //!< algorithm bandwidth, GB/s
    double busbwGBps{0};       //!< bus bandwidth, GB/s
    double startS{0};          //!< simulated start, seconds
    double endS{0};            //!< simulated end, seconds
    uint64_t messages{0};      //!< point-to-point messages it took
    double energyJ{-1};        //!< fabric energy during it, joules; < 0: not measured (NULL)
    double energyPjPerBit{-1}; //!< energyJ per payload bit, pJ; < 0: not measured (NULL)
};

/**
 * \ingroup ai-fabric
 * \brief Writes the results of simulation runs to one SQLite database file (SQLite C API).
 *
 * Use: Open(path) before anything is simulated; per simulation BeginRun(), Connect() to the
 * fabric and its NICs, run, RecordNetworkTotals(), then Complete() (or Fail()). A run row is
 * written with status 'running' and committed at once; it turns 'complete' only in Complete()'s
 * transaction, so a program that dies leaves it 'running', never complete. Messages, link
 * events and collectives are buffered and written BatchRows at a time, each batch in one
 * transaction with prepared statements. The schema (PRAGMA user_version =
 * FabricResultsSchema::VERSION) is described in doc/ai-fabric.rst, "Results database".
 *
 * The database is fed by trace sources (FabricNic MessageComplete, PhotonicNetDevice LinkState,
 * PhyTxDrop and PhyRxDrop) and by the public counters and energy of switches and devices; it
 * never reaches into the models. It must outlive the simulations it is connected to.
 */
class FabricResultsDatabase : public Object
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricResultsDatabase();
    ~FabricResultsDatabase() override;

    /**
     * \brief Open (create) the database file, creating missing parent directories.
     *
     * A file that is an ai-fabric results database of a single program (a previous run's) is
     * replaced; a file that is anything else (not SQLite, another application's database, a
     * campaign database) is refused, as is a path that cannot be written.
     * \param path the file
     * \throws FabricConfigError naming the path and the reason
     */
    void Open(const std::string& path);

    /**
     * \brief Whether a file is open.
     * \return true if open
     */
    bool IsOpen() const;

    /**
     * \brief The open file.
     * \return its path
     */
    std::string GetPath() const;

    /**
     * \brief Start a run: its row (status 'running', UTC start time, versions, seed, run
     * number) and parameters are committed at once.
     * \param program the program's name
     * \param seed ns-3 RNG seed (RngSeedManager::GetSeed())
     * \param runNumber ns-3 run number (RngSeedManager::GetRun())
     * \param parameters the flags that reproduce the run, by name
     * \return the run id
     * \throws FabricConfigError if no file is open or a run is active
     */
    int64_t BeginRun(const std::string& program,
                     uint64_t seed,
                     uint64_t runNumber,
                     const std::map<std::string, std::string>& parameters);

    /**
     * \brief Add or replace a parameter of the active run (written at once).
     * \param key name
     * \param value value as text
     */
    void AddParameter(const std::string& key, const std::string& value);

    /**
     * \brief The active run.
     * \return its id, -1 if none
     */
    int64_t GetRunId() const;

    /**
     * \brief Record a collective of the active run (buffered).
     * \param record the collective
     * \return its collective id
     */
    int64_t RecordCollective(const FabricCollectiveRecord& record);

    /**
     * \brief Record a completed message of the active run, if sampled (buffered); connected to
     * every NIC's MessageComplete trace by Connect().
     * \param message the sender's record
     */
    void RecordMessage(const FabricMessage& message);

    /**
     * \brief Follow a fabric during the active run: every NIC's MessageComplete (messages),
     * each link's a-end LinkState (link events) and every device's PhyTxDrop / PhyRxDrop
     * (frames lost per link direction). Connect each fabric once.
     * \param network the fabric
     * \param nics its NICs (may be empty)
     */
    void Connect(const FabricNetwork& network, const std::vector<Ptr<FabricNic>>& nics);

    /**
     * \brief Write the fabric's totals at the end of the active run, in one transaction: links,
     * switch port counters, NIC counters (of the NICs given to Connect) and energy by link,
     * tier, port kind, switch, switch ASIC and in total.
     * \param network the fabric
     */
    void RecordNetworkTotals(const FabricNetwork& network);

    /**
     * \brief End the active run successfully: buffered rows, status 'complete', ended_at,
     * simulated and wall time, all in one final transaction.
     */
    void Complete();

    /**
     * \brief End the active run as failed: buffered rows, status 'failed', the error, ended_at.
     * \param error what went wrong
     */
    void Fail(const std::string& error);

    /**
     * \brief Write buffered rows now (one transaction).
     */
    void Flush();

    /**
     * \brief Close the file. An active run keeps status 'running' (its buffered rows are
     * written).
     */
    void Close();

  protected:
    void DoDispose() override;

  private:
    /// A link state change seen during a run.
    struct LinkEvent
    {
        double timeS;  //!< simulated time, seconds
        uint32_t link; //!< link index
        bool up;       //!< new state
    };

    /// Frames lost on one link (trace counts), by direction a->b (0) and b->a (1).
    struct LinkLosses
    {
        std::array<uint64_t, 2> fec{};  //!< uncorrectable FEC codewords, by direction
        std::array<uint64_t, 2> down{}; //!< link down (sent or in flight), by direction
    };

    /**
     * \brief Throw unless a run is active.
     * \param what the call (for the message)
     */
    void RequireRun(const std::string& what) const;
    /**
     * \brief Refuse an existing file that is not a results database we may replace; remove
     * one that is.
     * \param path the file
     */
    void PrepareExistingFile(const std::string& path);
    /// Prepare the insert statements.
    void PrepareStatements();
    /// Write buffered rows inside the caller's transaction.
    void WritePending();
    /// Flush when BatchRows rows are buffered.
    void FlushIfFull();
    /**
     * \brief Mark the active run ended with a status (one transaction with the buffered rows).
     * \param status 'complete' or 'failed'
     * \param error the error text (empty: NULL)
     */
    void EndRun(const std::string& status, const std::string& error);
    /**
     * \brief Count a frame lost on a link.
     * \param link link index
     * \param direction 0 for a->b, 1 for b->a
     * \param reason why
     */
    void CountLoss(uint32_t link, uint32_t direction, PhotonicDropReason reason);
    /**
     * \brief Record a link state change.
     * \param link link index
     * \param up new state
     */
    void RecordLinkEvent(uint32_t link, bool up);
    /**
     * \brief Write the links table rows of a fabric.
     * \param network the fabric
     */
    void WriteLinks(const FabricNetwork& network);
    /**
     * \brief Write the port_counters rows of a fabric's switches.
     * \param network the fabric
     */
    void WritePortCounters(const FabricNetwork& network);
    /**
     * \brief Write the nic_counters rows of the connected NICs.
     * \param network the fabric (for node names)
     */
    void WriteNicCounters(const FabricNetwork& network);
    /**
     * \brief Write the energy rows of a fabric.
     * \param network the fabric
     */
    void WriteEnergy(const FabricNetwork& network);
    /**
     * \brief Current UTC wall time.
     * \return ISO-8601 text with milliseconds, e.g. 2025-01-31T12:00:00.000Z
     */
    static std::string UtcNow();

    uint32_t m_sampleEvery{1};   //!< MessageSampleEvery
    uint32_t m_batchRows{10000}; //!< BatchRows

    FabricSqliteConnection m_db;                                          //!< the file
    std::string m_path;                                                   //!< its path
    std::map<std::string, std::unique_ptr<FabricSqliteStatement>> m_stmt; //!< inserts, by table

    int64_t m_runId{-1};                                          //!< active run, -1 if none
    std::chrono::steady_clock::time_point m_wallStart;            //!< wall clock at BeginRun
    uint64_t m_messagesSeen{0};                                   //!< completed messages this run
    int64_t m_nextCollectiveId{1};                                //!< numbering of collectives
    std::vector<FabricMessage> m_pendingMessages;                 //!< sampled, not yet written
    std::vector<LinkEvent> m_pendingLinkEvents;                   //!< not yet written
    std::vector<FabricCollectiveRecord> m_pendingCollectives;     //!< not yet written (ids set)
    std::vector<LinkLosses> m_linkLosses;                         //!< by link, this run
    std::vector<std::pair<std::string, std::string>> m_linkNames; //!< link ends' node names
    std::vector<Ptr<FabricNic>> m_nics;                           //!< connected NICs
    /// This object's address for trace callbacks; null once it is disposed or destroyed.
    std::shared_ptr<FabricResultsDatabase*> m_self;
};

} // namespace ns3

#endif /* FABRIC_RESULTS_DATABASE_H */
