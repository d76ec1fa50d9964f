/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_COMMUNICATOR_H
#define FABRIC_COMMUNICATOR_H

#include "collective-algorithms.h"
#include "collective-layout.h"
#include "collective-result.h"
#include "collective-schedule.h"
#include "collective-types.h"

#include "ns3/callback.h"
#include "ns3/fabric-nic.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <memory>
#include <vector>

namespace ns3
{

class FabricNetwork;
class CollectiveDispatcher;

/**
 * \ingroup ai-fabric
 * \brief An NCCL-like communicator: runs collectives over the GPUs' FabricNic transports.
 *
 * Setup() binds it to a fabric, its NICs and its ranks (GPU ordinals). Start() decomposes a
 * collective with the chosen algorithm into point-to-point messages (a CollectiveSchedule) and
 * posts them as RDMA WRITEs: a message is posted at its sender as soon as the messages it
 * depends on have been delivered there, and a peer in the same scale-up domain is reached over
 * NVLink by the NIC itself. The collective completes when its last message is delivered whole;
 * its CollectiveResult goes to the callback and the CollectiveComplete trace. Reductions cost
 * no time.
 *
 * One collective runs at a time: Start() while one runs queues the new one, which starts when
 * the previous completes (in the order they were started). Check() refuses unsupported
 * combinations before anything is scheduled; no algorithm is ever substituted for another.
 *
 * Messages carry a CollectiveTag (collective id, channel, step, chunk); the NICs' receive
 * callbacks belong to a CollectiveDispatcher per NIC, so communicators may share NICs.
 */
class FabricCommunicator : public Object
{
  public:
    /// Callback with a completed collective.
    typedef Callback<void, const CollectiveResult&> CompleteCallback;

    /// TracedCallback signature of completed collectives.
    typedef void (*CollectiveTracedCallback)(const CollectiveResult& result);

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricCommunicator();
    ~FabricCommunicator() override;

    /**
     * \brief Bind to a fabric and its NICs.
     * \param network the fabric (for scale-up domains and NIC leaves)
     * \param nics the NICs, indexed by GPU ordinal (FabricTransportHelper::Install)
     * \param ranks GPU ordinal of each rank; empty for all GPUs in order
     * \throw FabricConfigError for a GPU that does not exist, is given twice or has no NIC
     */
    void Setup(const FabricNetwork& network,
               const std::vector<Ptr<FabricNic>>& nics,
               std::vector<uint32_t> ranks = {});

    /**
     * \brief Where the ranks sit.
     * \return the layout
     */
    const CollectiveLayout& GetLayout() const;

    /**
     * \brief Number of ranks.
     * \return n
     */
    uint32_t GetRanks() const;

    /**
     * \brief Check that an algorithm runs an operation on these ranks (root 0, any size).
     * \param op the operation
     * \param algorithm the algorithm
     * \throw FabricConfigError naming the reason if not
     */
    void Check(CollectiveOp op, CollectiveAlgorithm algorithm) const;

    /**
     * \brief Start a collective (or queue it behind the running one).
     * \param op the operation
     * \param algorithm the algorithm
     * \param bytes nccl-tests size S (see CollectiveOp), bytes
     * \param done called when it completes (may be null)
     * \param root broadcast root; for send-recv the sender, which sends to rank root + 1 mod n
     * \return its sequence number in this communicator (0, 1, ...)
     * \throw FabricConfigError before anything is scheduled if it cannot run
     */
    uint32_t Start(CollectiveOp op,
                   CollectiveAlgorithm algorithm,
                   uint64_t bytes,
                   CompleteCallback done = CompleteCallback(),
                   uint32_t root = 0);

    /**
     * \brief Start a send-recv between two ranks (direct algorithm).
     * \param src sending rank
     * \param dst receiving rank
     * \param bytes payload bytes
     * \param done called when it completes (may be null)
     * \return its sequence number
     * \throw FabricConfigError before anything is scheduled if it cannot run
     */
    uint32_t StartSendRecv(uint32_t src,
                           uint32_t dst,
                           uint64_t bytes,
                           CompleteCallback done = CompleteCallback());

    /**
     * \brief The messages a collective would be decomposed into, with this communicator's
     * channels and chunk size; nothing is scheduled.
     * \param op the operation
     * \param algorithm the algorithm
     * \param bytes size, bytes
     * \param root root (broadcast, send-recv sender)
     * \param peer send-recv receiver
     * \return the schedule
     * \throw FabricConfigError if it cannot run
     */
    CollectiveSchedule Plan(CollectiveOp op,
                            CollectiveAlgorithm algorithm,
                            uint64_t bytes,
                            uint32_t root = 0,
                            uint32_t peer = 1) const;

    /**
     * \brief Whether a collective is running.
     * \return true if so
     */
    bool IsBusy() const;

    /**
     * \brief Collectives waiting behind the running one.
     * \return count
     */
    uint32_t GetQueued() const;

    /**
     * \brief Collectives completed so far.
     * \return count
     */
    uint32_t GetCompleted() const;

  protected:
    void DoDispose() override;

  private:
    /// A collective started or queued.
    struct Pending
    {
        CollectiveRequest request;                    //!< what to run
        CompleteCallback done;                        //!< the caller's callback
        std::shared_ptr<CollectiveSchedule> schedule; //!< its messages, built when started
    };

    /// The running collective.
    struct Run
    {
        CollectiveRequest request;                    //!< what runs
        CompleteCallback done;                        //!< the caller's callback
        uint32_t id{0};                               //!< collective id in tags
        std::shared_ptr<CollectiveSchedule> schedule; //!< its messages
        std::vector<uint32_t> waiting; //!< per message, dependencies not yet delivered
        std::vector<bool> delivered;   //!< per message
        uint64_t deliveredCount{0};    //!< messages delivered
        Time start;                    //!< when it started
        CollectiveResult result;       //!< filled as it runs
    };

    /**
     * \brief The request of a collective with this communicator's channels and chunk size.
     * \param op the operation
     * \param algorithm the algorithm
     * \param bytes size
     * \param root root
     * \param peer peer
     * \return the request
     */
    CollectiveRequest MakeRequest(CollectiveOp op,
                                  CollectiveAlgorithm algorithm,
                                  uint64_t bytes,
                                  uint32_t root,
                                  uint32_t peer) const;

    /**
     * \brief Decompose a request (so that every error shows before anything is scheduled),
     * queue it and launch it if nothing runs.
     * \param request the request
     * \param done the callback
     * \return its sequence number
     */
    uint32_t Enqueue(const CollectiveRequest& request, CompleteCallback done);

    /**
     * \brief Start the first queued collective.
     */
    void LaunchNext();

    /**
     * \brief Post a message of the running collective at its sender.
     * \param index the message
     */
    void Post(uint32_t index);

    /**
     * \brief Post messages that became ready (deferred out of the transport's receive path).
     * \param ready their indices
     */
    void PostAll(std::vector<uint32_t> ready);

    /**
     * \brief A message of the running collective was delivered.
     * \param message the record
     */
    void Receive(const FabricMessage& message);

    /**
     * \brief The running collective's last message was delivered.
     */
    void Finish();

    /**
     * \brief Drop the running collective, if any, and its dispatcher handlers.
     */
    void Abandon();

    /**
     * \brief A collective id free at every rank's dispatcher.
     * \return the id
     */
    uint32_t FreeId() const;

    uint32_t m_channels{2};                               //!< channels
    uint64_t m_chunkBytes{512 * 1024};                    //!< pipelining slice
    CollectiveLayout m_layout;                            //!< the ranks
    std::vector<Ptr<FabricNic>> m_nics;                   //!< by rank
    std::vector<Ptr<CollectiveDispatcher>> m_dispatchers; //!< by rank
    std::vector<int64_t> m_rankOfGpu;                     //!< GPU ordinal -> rank, -1 if none
    std::deque<Pending> m_queue;                          //!< waiting collectives
    std::unique_ptr<Run> m_run;                           //!< the running collective
    uint32_t m_started{0};                                //!< collectives started or queued
    uint32_t m_completed{0};                              //!< collectives completed

    TracedCallback<const CollectiveResult&> m_completeTrace; //!< CollectiveComplete
};

} // namespace ns3

#endif /* FABRIC_COMMUNICATOR_H */
