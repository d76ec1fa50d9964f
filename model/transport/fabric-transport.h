/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_TRANSPORT_H
#define FABRIC_TRANSPORT_H

#include "fabric-ipv4-udp-header.h"
#include "fabric-message.h"

#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <string>

namespace ns3
{

class FabricNic;

/**
 * \ingroup ai-fabric
 * \brief The send side of one connection (QP or PDC) as the NIC scheduler sees it.
 *
 * The scheduler serves flows round robin; a flow tells when it may send next (pacing,
 * window, credit) and builds its next packet on demand, so that packets exist only once the
 * port can take them.
 */
class FabricFlow
{
  public:
    virtual ~FabricFlow() = default;

    /**
     * \brief When this flow may send its next packet.
     * \param now the current time
     * \return a time <= now if it may send now, a later time for pacing, Time::Max() when it
     *         has nothing it may send (no data, window or credit closed) until it wakes itself
     */
    virtual Time NextSendTime(Time now) const = 0;

    /**
     * \brief Build the next packet; called only when NextSendTime() <= now.
     * \param now the current time
     * \param protocol set to the frame's EtherType
     * \return the packet, without Ethernet header
     */
    virtual Ptr<Packet> PullPacket(Time now, uint16_t& protocol) = 0;

    uint32_t nicPort{0};     //!< NIC port the flow leaves on
    uint8_t trafficClass{0}; //!< class of its data packets
    uint32_t peer{0};        //!< the GPU at the other end
    bool scheduled{false};   //!< in the scheduler's round-robin list
};

/**
 * \ingroup ai-fabric
 * \brief A transport protocol of one NIC: its connections, wire format and reliability.
 *
 * Subclasses (RoceTransport, IbTransport, UetTransport) are chosen by TypeId name through
 * FabricNic's Transport attribute.
 */
class FabricTransport : public Object
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricTransport();
    ~FabricTransport() override;

    /**
     * \brief Bind to the NIC that owns this transport.
     * \param nic the NIC (not owned; the NIC owns the transport)
     */
    virtual void Attach(FabricNic* nic);

    /**
     * \brief Queue a message.
     * \param message the message (id, peer, bytes, connection, tag, start filled in)
     * \param done called when the message is acknowledged whole
     */
    virtual void Post(const FabricMessage& message, const FabricMessageCallback& done) = 0;

    /**
     * \brief A frame arrived for this NIC.
     * \param nicPort the NIC port it came in on
     * \param packet the frame without Ethernet header
     * \param protocol its EtherType
     * \return true if the transport consumed it
     */
    virtual bool Receive(uint32_t nicPort, Ptr<Packet> packet, uint16_t protocol) = 0;

    /**
     * \brief Short name for reports.
     * \return e.g. "roce"
     */
    virtual std::string GetName() const = 0;

    /**
     * \brief Fix the random streams the transport draws from (none by default).
     * \param stream first stream index
     * \return number of streams used
     */
    virtual int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

    /// EtherType of IPv4.
    static constexpr uint16_t IPV4_ETHERTYPE = 0x0800;
    /// IPv4 protocol number of UDP.
    static constexpr uint8_t UDP_PROTOCOL = 17;

    /**
     * \brief Put UDP and IPv4 headers in front of a transport packet, as the IP-based
     * transports (RoCEv2, Ultra Ethernet) send it to a peer: the NIC's addresses on the port,
     * TTL 64, DSCP = class x 8 (class selector), ECT(0) for data and not ECN-capable for control.
     * \param packet the transport packet (its headers included)
     * \param peer destination GPU
     * \param nicPort the NIC port it leaves on
     * \param sourcePort UDP source port (the flow's or packet's entropy)
     * \param destPort UDP destination port
     * \param data whether it is a data packet (data class, ECN-capable) or control (control class)
     */
    void AddIpv4Udp(Ptr<Packet> packet,
                    uint32_t peer,
                    uint32_t nicPort,
                    uint16_t sourcePort,
                    uint16_t destPort,
                    bool data) const;

    /**
     * \brief The UDP and IPv4 headers AddIpv4Udp() puts in front of a packet, to add with the
     * transport's own headers in one FabricHeaderStack.
     * \param peer destination GPU
     * \param nicPort the NIC port it leaves on
     * \param sourcePort UDP source port
     * \param destPort UDP destination port
     * \param data data (data class, ECT(0)) or control (control class, not ECN-capable)
     * \return the headers
     */
    FabricIpv4UdpHeader Ipv4Udp(uint32_t peer,
                                uint32_t nicPort,
                                uint16_t sourcePort,
                                uint16_t destPort,
                                bool data) const;

    FabricNic* m_nic{nullptr}; //!< owner
    bool m_ipChecksum{false};  //!< Node::ChecksumEnabled() when attached
};

} // namespace ns3

#endif /* FABRIC_TRANSPORT_H */
