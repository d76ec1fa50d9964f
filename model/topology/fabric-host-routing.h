/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_HOST_ROUTING_H
#define FABRIC_HOST_ROUTING_H

#include "fabric-routing.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief IPv4 routing of a GPU endpoint: a destination GPU in the same scale-up domain (the
 * same NVSwitch) is reached over the scale-up interface, every other one over the NIC. The
 * source address is always the NIC's, so replies follow the same rule. Endpoints never forward.
 *
 * Decided from the fabric address plan and the FabricRouting's domains, with no per-destination
 * table, so it costs the same for 8 GPUs or 100,000.
 */
class FabricHostRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Tell the endpoint who it is.
     * \param gpu this GPU's ordinal
     * \param routing the fabric's routing (for scale-up domains)
     * \param nicInterface IPv4 interface of the NIC
     * \param scaleUpInterface IPv4 interface of the scale-up link, -1 if none
     */
    void Configure(uint32_t gpu,
                   Ptr<const FabricRouting> routing,
                   int32_t nicInterface,
                   int32_t scaleUpInterface);

    /**
     * \brief The interface a destination is reached on.
     * \param destination the address
     * \return the interface, or -1 if the destination is outside the fabric
     */
    int32_t InterfaceFor(Ipv4Address destination) const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<Ipv4> m_ipv4;                   //!< the stack
    Ptr<const FabricRouting> m_routing; //!< domains
    uint32_t m_gpu{0};                  //!< this GPU
    int32_t m_nicInterface{-1};         //!< NIC interface
    int32_t m_scaleUpInterface{-1};     //!< scale-up interface
};

} // namespace ns3

#endif /* FABRIC_HOST_ROUTING_H */
