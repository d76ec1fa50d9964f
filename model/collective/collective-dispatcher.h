/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COLLECTIVE_DISPATCHER_H
#define COLLECTIVE_DISPATCHER_H

#include "ns3/fabric-message.h"
#include "ns3/fabric-nic.h"
#include "ns3/object.h"

#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Hands the messages a NIC receives to the collective they belong to.
 *
 * One per FabricNic, aggregated to it (and so to its node) on first use; it owns the NIC's
 * receive callback. A message whose tag carries the collective marker (CollectiveTag) goes to
 * the handler registered for its collective id, so several communicators can share the NICs;
 * other messages go to the callback set with SetOtherReceiveCallback.
 */
class CollectiveDispatcher : public Object
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CollectiveDispatcher();
    ~CollectiveDispatcher() override;

    /**
     * \brief The dispatcher of a NIC, created, aggregated and installed as the NIC's receive
     * callback on first use.
     * \param nic the NIC
     * \return its dispatcher
     */
    static Ptr<CollectiveDispatcher> Of(Ptr<FabricNic> nic);

    /**
     * \brief Route a collective's messages to a handler.
     * \param collective the collective id (as in CollectiveTag)
     * \param handler called with each of its messages received here
     */
    void Register(uint32_t collective, FabricMessageCallback handler);

    /**
     * \brief Stop routing a collective's messages.
     * \param collective the id
     */
    void Unregister(uint32_t collective);

    /**
     * \brief Whether a collective id is in use here.
     * \param collective the id
     * \return true if registered
     */
    bool IsRegistered(uint32_t collective) const;

    /**
     * \brief Where messages without the collective marker go (none by default).
     * \param cb the callback
     */
    void SetOtherReceiveCallback(FabricMessageCallback cb);

    /**
     * \brief Collective messages that arrived for an id nobody registered.
     * \return count
     */
    uint64_t GetUnmatched() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief A message arrived at the NIC.
     * \param message the message
     */
    void Receive(const FabricMessage& message);

    std::unordered_map<uint32_t, FabricMessageCallback> m_handlers; //!< by collective id
    FabricMessageCallback m_other;                                  //!< other traffic
    uint64_t m_unmatched{0};                                        //!< unknown ids
};

} // namespace ns3

#endif /* COLLECTIVE_DISPATCHER_H */
