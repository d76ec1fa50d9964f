/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-link-helper.h"

#include "ns3/fabric-config-error.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/optics-catalogue.h"
#include "ns3/photonic-channel.h"
#include "ns3/photonic-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <fstream>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PhotonicLinkHelper");

namespace
{

/// "name" of a node: its ns-3 Names entry, or "node<id>".
std::string
NodeLabel(Ptr<Node> node)
{
    const std::string name = Names::FindName(node);
    return name.empty() ? "node" + std::to_string(node->GetId()) : name;
}

/// One ASCII trace line: "<tag> <time> <where> <packet>".
void
AsciiPacketSink(Ptr<OutputStreamWrapper> stream,
                std::string tag,
                std::string where,
                Ptr<const Packet> p)
{
    *stream->GetStream() << tag << " " << Simulator::Now().GetSeconds() << " " << where << " " << *p
                         << std::endl;
}

/// One ASCII drop line with its reason.
void
AsciiDropSink(Ptr<OutputStreamWrapper> stream,
              std::string where,
              Ptr<const Packet> p,
              PhotonicDropReason reason)
{
    *stream->GetStream() << "d " << Simulator::Now().GetSeconds() << " " << where
                         << " reason=" << PhotonicDropReasonName(reason) << " " << *p << std::endl;
}

} // namespace

void
CheckWritablePath(const std::string& path, const std::string& what)
{
    std::ofstream probe(path, std::ios::out | std::ios::app);
    if (!probe.is_open())
    {
        throw FabricConfigError("cannot write " + what + " to '" + path + "'");
    }
}

PhotonicLinkHelper::PhotonicLinkHelper()
{
    m_queueFactory.SetTypeId("ns3::DropTailQueue<Packet>");
    m_deviceFactory.SetTypeId("ns3::PhotonicNetDevice");
    m_channelFactory.SetTypeId("ns3::PhotonicChannel");
}

void
PhotonicLinkHelper::SetTransceiver(const std::string& name)
{
    OpticsCatalogue::Get(name); // refuse an unknown name now, not at Install
    m_deviceFactory.Set("Transceiver", StringValue(name));
}

void
PhotonicLinkHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
PhotonicLinkHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
PhotonicLinkHelper::SetUseQueueInterface(bool enable)
{
    m_useQueueInterface = enable;
}

NetDeviceContainer
PhotonicLinkHelper::Install(NodeContainer c)
{
    if (c.GetN() != 2)
    {
        throw FabricConfigError("PhotonicLinkHelper::Install: a link joins exactly 2 nodes, got " +
                                std::to_string(c.GetN()));
    }
    return Install(c.Get(0), c.Get(1));
}

NetDeviceContainer
PhotonicLinkHelper::Install(Ptr<Node> a, Ptr<Node> b)
{
    NS_LOG_FUNCTION(this << a << b);
    Ptr<PhotonicChannel> channel = m_channelFactory.Create<PhotonicChannel>();
    NetDeviceContainer devices;
    for (const Ptr<Node>& node : {a, b})
    {
        Ptr<PhotonicNetDevice> dev = m_deviceFactory.Create<PhotonicNetDevice>();
        dev->SetAddress(Mac48Address::Allocate());
        node->AddDevice(dev);
        Ptr<QueueBase> queue = m_queueFactory.Create<QueueBase>();
        dev->SetQueue(queue);
        dev->Attach(channel);
        if (m_useQueueInterface)
        {
            Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
            dev->AggregateObject(ndqi);
        }
        devices.Add(dev);
    }
    std::ostringstream link;
    link << NodeLabel(a) << "/dev" << devices.Get(0)->GetIfIndex() << " <-> " << NodeLabel(b)
         << "/dev" << devices.Get(1)->GetIfIndex() << " (" << channel->GetLength() << " m "
         << PhotonicMediumName(channel->GetMedium()) << ")";
    channel->CheckConfiguration(link.str());
    return devices;
}

int64_t
PhotonicLinkHelper::AssignStreams(NetDeviceContainer c, int64_t stream)
{
    int64_t current = stream;
    std::set<Ptr<PhotonicChannel>> channels;
    for (uint32_t i = 0; i < c.GetN(); ++i)
    {
        Ptr<PhotonicNetDevice> dev = DynamicCast<PhotonicNetDevice>(c.Get(i));
        if (!dev)
        {
            continue;
        }
        current += dev->AssignStreams(current);
        Ptr<PhotonicChannel> channel = DynamicCast<PhotonicChannel>(dev->GetChannel());
        if (channel && channels.insert(channel).second)
        {
            current += channel->AssignStreams(current);
        }
    }
    return current - stream;
}

void
PhotonicLinkHelper::EnablePcapInternal(std::string prefix,
                                       Ptr<NetDevice> nd,
                                       bool promiscuous,
                                       bool explicitFilename)
{
    Ptr<PhotonicNetDevice> device = nd->GetObject<PhotonicNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("PhotonicLinkHelper::EnablePcapInternal(): not a PhotonicNetDevice");
        return;
    }
    PcapHelper pcapHelper;
    const std::string filename =
        explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, device);
    CheckWritablePath(filename, "pcap trace");
    Ptr<PcapFileWrapper> file =
        pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_EN10MB);
    pcapHelper.HookDefaultSink<PhotonicNetDevice>(device,
                                                  promiscuous ? "PromiscSniffer" : "Sniffer",
                                                  file);
}

void
PhotonicLinkHelper::EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                                        std::string prefix,
                                        Ptr<NetDevice> nd,
                                        bool explicitFilename)
{
    Ptr<PhotonicNetDevice> device = nd->GetObject<PhotonicNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("PhotonicLinkHelper::EnableAsciiInternal(): not a PhotonicNetDevice");
        return;
    }
    if (!stream)
    {
        AsciiTraceHelper asciiHelper;
        const std::string filename =
            explicitFilename ? prefix : asciiHelper.GetFilenameFromDevice(prefix, device);
        CheckWritablePath(filename, "ascii trace");
        stream = asciiHelper.CreateFileStream(filename);
    }
    std::ostringstream where;
    where << "/NodeList/" << device->GetNode()->GetId() << "/DeviceList/" << device->GetIfIndex();
    const std::string w = where.str();
    Ptr<QueueBase> queue = device->GetQueue();
    queue->TraceConnectWithoutContext(
        "Enqueue",
        MakeBoundCallback(&AsciiPacketSink, stream, std::string("+"), w));
    queue->TraceConnectWithoutContext(
        "Dequeue",
        MakeBoundCallback(&AsciiPacketSink, stream, std::string("-"), w));
    queue->TraceConnectWithoutContext(
        "Drop",
        MakeBoundCallback(&AsciiPacketSink, stream, std::string("d"), w));
    device->TraceConnectWithoutContext(
        "MacRx",
        MakeBoundCallback(&AsciiPacketSink, stream, std::string("r"), w));
    device->TraceConnectWithoutContext("PhyRxDrop", MakeBoundCallback(&AsciiDropSink, stream, w));
    device->TraceConnectWithoutContext("PhyTxDrop", MakeBoundCallback(&AsciiDropSink, stream, w));
}

} // namespace ns3
