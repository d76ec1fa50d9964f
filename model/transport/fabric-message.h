/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_MESSAGE_H
#define FABRIC_MESSAGE_H

#include "ns3/callback.h"
#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief One message between two NIC endpoints, as reported when it completes.
 *
 * At the sender a message completes when its last byte is acknowledged; at the receiver it is
 * delivered when its last byte is in place. "start" is when the sender posted it (the receiver's
 * record carries the time its first packet arrived).
 */
struct FabricMessage
{
    uint64_t id{0};         //!< sender-local message number (receiver: per connection order)
    uint32_t src{0};        //!< sending GPU ordinal
    uint32_t dst{0};        //!< receiving GPU ordinal
    uint64_t bytes{0};      //!< payload bytes
    uint32_t connection{0}; //!< connection index towards the peer (QP or PDC)
    Time start;             //!< posted (sender) or first packet arrived (receiver)
    Time end;               //!< last byte acknowledged (sender) or delivered (receiver)
    uint64_t tag{0};        //!< caller's label, carried from Send to both records
};

/// Callback with a completed or delivered message.
typedef Callback<void, const FabricMessage&> FabricMessageCallback;

} // namespace ns3

#endif /* FABRIC_MESSAGE_H */
