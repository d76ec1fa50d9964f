/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_FRAME_FIELDS_H
#define FABRIC_FRAME_FIELDS_H

#include "fabric-ethernet-header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The fields of a frame that a switch forwards on, read once from the frame's bytes and
 * carried beside its packet through port queues and links.
 *
 * A switch port's device and the switch then read no packet bytes: in a fabric of thousands of
 * ports the frame's bytes were last touched many events ago, so reading them is a cache miss
 * per hop, and knowing the destination as soon as the frame is in flight lets the arrival's
 * prefetch hints reach the routing entry. The fields are a copy of what the bytes say: whoever
 * changes the bytes (a switch trimming or marking a frame) reads the fields again. Frames that
 * carry no fields (kind UNKNOWN) are read from their bytes, as before.
 */
struct FabricFrameFields
{
    /// What the fields hold.
    enum Kind : uint8_t
    {
        UNKNOWN = 0, //!< nothing: read the frame's bytes
        IPV4 = 1,    //!< an IPv4 packet: the addresses, protocol and L4 ports
        IB = 2,      //!< an InfiniBand-style packet: the LRH DLID in destination4
        OTHER = 3,   //!< another EtherType: the Ethernet fields alone
    };

    MacBytes destination{};   //!< Ethernet destination
    uint16_t protocol{0};     //!< EtherType
    uint32_t source4{0};      //!< IPv4 source address
    uint32_t destination4{0}; //!< IPv4 destination address, or the LRH DLID
    uint32_t ports{0};        //!< L4 source port (high half) and destination port (low half)
    uint8_t ipProtocol{0};    //!< IPv4 protocol
    uint8_t cls{0};           //!< the class the headers give (FabricPriorityOfHeader)
    Kind kind{UNKNOWN};       //!< what the fields hold
};

} // namespace ns3

#endif /* FABRIC_FRAME_FIELDS_H */
