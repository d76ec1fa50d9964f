/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_LINK_HELPER_H
#define PHOTONIC_LINK_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/queue.h"
#include "ns3/trace-helper.h"

#include <string>

namespace ns3
{

class PhotonicChannel;

/**
 * \ingroup ai-fabric
 * \brief Builds photonic links between pairs of nodes, in the manner of PointToPointHelper.
 *
 * Choose a transceiver preset by name (SetTransceiver), set channel attributes (Length, Medium,
 * Connectors, InsertionLoss, ...) and device attributes, then Install(a, b). Each installed link
 * is checked at once: rate agreement, medium, reach and optical margin; a link that fails is
 * refused with a FabricConfigError naming it and the numbers. pcap output uses DLT_EN10MB
 * (Ethernet), which Wireshark and tshark decode.
 */
class PhotonicLinkHelper : public PcapHelperForDevice, public AsciiTraceHelperForDevice
{
  public:
    PhotonicLinkHelper();
    ~PhotonicLinkHelper() override = default;

    /**
     * \brief Use a catalogue preset at both ends of the links installed from now on.
     * \param name the preset name (case-insensitive)
     * \throws FabricConfigError for an unknown preset
     */
    void SetTransceiver(const std::string& name);

    /**
     * \brief Set the transmit queue type and its attributes.
     * \tparam Ts \deduced attribute name and value pairs
     * \param type the queue TypeId name, e.g. "ns3::DropTailQueue<Packet>"
     * \param args name and value pairs
     */
    template <typename... Ts>
    void SetQueue(std::string type, Ts&&... args);

    /**
     * \brief Set an attribute of the devices to be created.
     * \param name the attribute name
     * \param value the value
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the channels to be created.
     * \param name the attribute name
     * \param value the value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Whether to aggregate a NetDeviceQueueInterface (flow control towards ns-3's traffic
     * control layer, as PointToPointHelper does). Default true.
     * \param enable the choice
     */
    void SetUseQueueInterface(bool enable);

    /**
     * \brief Install a link between the two nodes of a container.
     * \param c exactly two nodes
     * \return the two devices
     * \throws FabricConfigError if the container does not hold two nodes or the link is refused
     */
    NetDeviceContainer Install(NodeContainer c);

    /**
     * \brief Install a link between two nodes.
     * \param a one end
     * \param b the other end
     * \return the two devices (a's first)
     * \throws FabricConfigError if the link is refused (reach, medium, margin, rate)
     */
    NetDeviceContainer Install(Ptr<Node> a, Ptr<Node> b);

    /**
     * \brief Assign fixed random variable streams to the devices' frame-loss draws and their
     * channels' flap models.
     * \param c the devices
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(NetDeviceContainer c, int64_t stream);

  private:
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;
    void EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                             std::string prefix,
                             Ptr<NetDevice> nd,
                             bool explicitFilename) override;

    ObjectFactory m_queueFactory;   //!< transmit queues
    ObjectFactory m_deviceFactory;  //!< devices
    ObjectFactory m_channelFactory; //!< channels
    bool m_useQueueInterface{true}; //!< aggregate a NetDeviceQueueInterface
};

template <typename... Ts>
void
PhotonicLinkHelper::SetQueue(std::string type, Ts&&... args)
{
    QueueBase::AppendItemTypeIfNotPresent(type, "Packet");
    m_queueFactory.SetTypeId(type);
    m_queueFactory.Set(std::forward<Ts>(args)...);
}

/**
 * \ingroup ai-fabric
 * \brief Throw a FabricConfigError unless a file can be created at this path.
 * \param path the path
 * \param what what the file is for, used in the message
 */
void CheckWritablePath(const std::string& path, const std::string& what);

} // namespace ns3

#endif /* PHOTONIC_LINK_HELPER_H */
