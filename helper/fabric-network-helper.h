/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_NETWORK_HELPER_H
#define FABRIC_NETWORK_HELPER_H

#include "fabric-network.h"

#include "ns3/attribute.h"
#include "ns3/fabric-switch.h"
#include "ns3/fabric-topology.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Instantiates a FabricTopology: nodes, PhotonicChannels and PhotonicNetDevices with
 * each link's transceiver, medium and length, FabricPortQueues, a FabricSwitch per switch node
 * (radix and ASIC capacity from the description, port kind from the preset), the Internet stack
 * with FabricHostRouting on GPUs, the address plan of FabricAddressPlan, and the routes.
 *
 * \code
 *   FabricTopology topo = FatTreeHelper().TwoTier(...);
 *   FabricNetworkHelper net;
 *   net.SetFlowControl(FabricFlowControl::PFC);
 *   net.SetSwitchAttribute("LoadBalancing", StringValue("Adaptive"));
 *   Ptr<FabricNetwork> fabric = net.Install(topo);
 * \endcode
 */
class FabricNetworkHelper
{
  public:
    FabricNetworkHelper();

    /**
     * \brief Set an attribute of every FabricSwitch except the scale-up (NVSwitch) ones.
     * \param name attribute name
     * \param value value
     */
    void SetSwitchAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of the scale-up (NVSwitch) FabricSwitches.
     * \param name attribute name
     * \param value value
     */
    void SetScaleUpSwitchAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every PhotonicNetDevice (e.g. Mtu, CreditBuffer).
     * \param name attribute name
     * \param value value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every port's FabricPortQueue (Scheduler, Weights, ...).
     * \param name attribute name
     * \param value value
     */
    void SetPortQueueAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of the FabricNetwork (DetectionDelay).
     * \param name attribute name
     * \param value value
     */
    void SetNetworkAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Link-level flow control of the fabric switches and the GPUs' NICs.
     * \param mode none, PFC or credit
     */
    void SetFlowControl(FabricFlowControl mode);
    /**
     * \brief Whether to install the Internet stack on GPUs (default true).
     * \param enable true to install
     */
    void SetInstallInternet(bool enable);

    /**
     * \brief Build the ns-3 objects. Throws FabricConfigError (naming what is wrong) for an
     * invalid description or switch settings, before anything is simulated.
     * \param topology the description
     * \return the network
     */
    Ptr<FabricNetwork> Install(const FabricTopology& topology) const;

  private:
    ObjectFactory m_switchFactory;                            //!< fabric switches
    ObjectFactory m_scaleUpFactory;                           //!< NVSwitches
    ObjectFactory m_deviceFactory;                            //!< devices
    ObjectFactory m_queueFactory;                             //!< port queues
    ObjectFactory m_networkFactory;                           //!< the network object
    FabricFlowControl m_flowControl{FabricFlowControl::NONE}; //!< flow control
    bool m_installInternet{true};                             //!< Internet stack on GPUs
};

} // namespace ns3

#endif /* FABRIC_NETWORK_HELPER_H */
