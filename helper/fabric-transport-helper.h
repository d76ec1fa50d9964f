/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_TRANSPORT_HELPER_H
#define FABRIC_TRANSPORT_HELPER_H

#include "fabric-network.h"

#include "ns3/fabric-nic.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Installs a FabricNic with a chosen transport and congestion control on every GPU of
 * a FabricNetwork.
 *
 * \code
 *   FabricTransportHelper transport;
 *   transport.SetTransport("ns3::RoceTransport");
 *   transport.SetCongestionControl("ns3::DcqcnCongestionControl");
 *   std::vector<Ptr<FabricNic>> nics = transport.Install(network);
 *   nics[0]->Send(5, 1 << 20, MakeCallback(&Done));
 * \endcode
 */
class FabricTransportHelper
{
  public:
    FabricTransportHelper();

    /**
     * \brief Choose the transport.
     * \param type TypeId name of a FabricTransport (ns3::RoceTransport, ns3::IbTransport,
     *        ns3::UetTransport)
     * \throw FabricConfigError for an unknown name
     */
    void SetTransport(const std::string& type);

    /**
     * \brief Set an attribute of the transports.
     * \param name attribute name
     * \param value its value
     */
    void SetTransportAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Choose the congestion control ("" for the transport's default).
     * \param type TypeId name of a FabricCongestionControl
     * \throw FabricConfigError for an unknown name
     */
    void SetCongestionControl(const std::string& type);

    /**
     * \brief Set an attribute of the congestion controls.
     * \param name attribute name
     * \param value its value
     */
    void SetCongestionControlAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the NICs (FabricNic).
     * \param name attribute name
     * \param value its value
     */
    void SetNicAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a NIC on every GPU (aggregated to its node).
     * \param network the instantiated fabric
     * \return the NICs, indexed by GPU ordinal
     */
    std::vector<Ptr<FabricNic>> Install(Ptr<FabricNetwork> network) const;

    /**
     * \brief Fix the random streams of the NICs' transports, in GPU order.
     * \param nics the NICs (as Install returned them)
     * \param stream first stream index
     * \return number of streams used
     */
    static int64_t AssignStreams(const std::vector<Ptr<FabricNic>>& nics, int64_t stream);

    /**
     * \brief The TypeId names of the transports and congestion controls this module offers.
     * \param base "transport" or "congestion-control"
     * \return the names
     */
    static std::vector<std::string> KnownTypes(const std::string& base);

  private:
    ObjectFactory m_nicFactory;       //!< FabricNic
    ObjectFactory m_transportFactory; //!< the transport
    ObjectFactory m_ccFactory;        //!< the congestion control, empty for the default
};

} // namespace ns3

#endif /* FABRIC_TRANSPORT_HELPER_H */
