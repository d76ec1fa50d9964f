/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_SCHEDULE_H
#define COLLECTIVE_SCHEDULE_H

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief One point-to-point message of a collective.
 */
struct CollectiveTransfer
{
    uint32_t src{0};     //!< sending rank
    uint32_t dst{0};     //!< receiving rank
    uint64_t bytes{0};   //!< payload bytes
    uint32_t channel{0}; //!< channel
    uint32_t step{0};    //!< algorithm step
    uint32_t chunk{0};   //!< its number among src's messages to dst in this channel and step
};

/**
 * \ingroup ai-fabric
 * \brief A collective as a dependency graph of messages: each message is sent once every
 * message it depends on has been delivered at its sender.
 *
 * Messages are added in an order in which every dependency comes first, so the graph has no
 * cycle; the index order is also the order in which messages that become ready together are
 * posted. Finalize() indexes the dependents of every message and the lookup by tag fields.
 */
class CollectiveSchedule
{
  public:
    /**
     * \brief Add a message.
     * \param src sending rank
     * \param dst receiving rank (!= src)
     * \param bytes payload bytes, > 0
     * \param channel channel
     * \param step algorithm step
     * \param deps earlier messages that must be delivered (at src) before this one is sent
     * \return its index
     * \throw FabricConfigError when channel, step or chunk number exceed what a tag holds
     */
    uint32_t Add(uint32_t src,
                 uint32_t dst,
                 uint64_t bytes,
                 uint32_t channel,
                 uint32_t step,
                 const std::vector<uint32_t>& deps);

    /**
     * \brief Index the dependents of every message (call once, after the last Add).
     */
    void Finalize();

    /**
     * \brief The messages.
     * \return them, by index
     */
    const std::vector<CollectiveTransfer>& GetTransfers() const;

    /**
     * \brief How many messages one waits for.
     * \param index the message
     * \return its dependency count
     */
    uint32_t GetDependencyCount(uint32_t index) const;

    /**
     * \brief The messages that wait for one (after Finalize).
     * \param index the message
     * \return their indices
     */
    std::vector<uint32_t> GetDependents(uint32_t index) const;

    /**
     * \brief Visit the messages that wait for one (after Finalize), without copying.
     * \tparam F callable taking a message index
     * \param index the message
     * \param f the visitor
     */
    template <typename F>
    void ForEachDependent(uint32_t index, F f) const
    {
        for (uint32_t k = m_dependentStart[index]; k < m_dependentStart[index + 1]; ++k)
        {
            f(m_dependents[k]);
        }
    }

    /**
     * \brief The message with given tag fields (after Finalize).
     * \param src sending rank
     * \param dst receiving rank
     * \param channel channel
     * \param step step
     * \param chunk chunk
     * \return its index, or -1 if there is none
     */
    int64_t Find(uint32_t src, uint32_t dst, uint32_t channel, uint32_t step, uint32_t chunk) const;

    /**
     * \brief Number of steps (largest step + 1).
     * \return steps
     */
    uint32_t GetSteps() const;

    /**
     * \brief Payload bytes of all messages.
     * \return bytes
     */
    uint64_t GetTotalBytes() const;

  private:
    /// What the lookup and the chunk numbering key on: (src, dst, channel, step).
    struct Key
    {
        uint32_t src;     //!< sender
        uint32_t dst;     //!< receiver
        uint32_t channel; //!< channel
        uint32_t step;    //!< step

        /**
         * \brief Equality.
         * \param o the other key
         * \return true if equal
         */
        bool operator==(const Key& o) const
        {
            return src == o.src && dst == o.dst && channel == o.channel && step == o.step;
        }
    };

    /// Hash of a Key.
    struct KeyHash
    {
        /**
         * \brief Hash.
         * \param k the key
         * \return its hash
         */
        std::size_t operator()(const Key& k) const;
    };

    std::vector<CollectiveTransfer> m_transfers;                     //!< messages
    std::vector<uint32_t> m_depCount;                                //!< dependencies each
    std::vector<std::pair<uint32_t, uint32_t>> m_edges;              //!< (dependency, message)
    std::vector<uint32_t> m_dependentStart;                          //!< CSR offsets
    std::vector<uint32_t> m_dependents;                              //!< CSR targets
    std::unordered_map<Key, std::vector<uint32_t>, KeyHash> m_byKey; //!< chunks by key
    uint32_t m_steps{0};                                             //!< largest step + 1
    uint64_t m_totalBytes{0};                                        //!< payload bytes
};

} // namespace ns3

#endif /* COLLECTIVE_SCHEDULE_H */
