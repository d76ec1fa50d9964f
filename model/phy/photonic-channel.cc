/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "photonic-channel.h"

#include "photonic-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/fabric-config-error.h"
#include "ns3/fabric-prefetching-event.h"
#include "ns3/fabric-simulator-impl.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PhotonicChannel");

NS_OBJECT_ENSURE_REGISTERED(PhotonicChannel);

TypeId
PhotonicChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PhotonicChannel")
            .SetParent<Channel>()
            .SetGroupName("AiFabric")
            .AddConstructor<PhotonicChannel>()
            .AddAttribute(
                "Length",
                "Cable length, in metres (m). With the medium it sets the delay.",
                DoubleValue(1.0),
                MakeDoubleAccessor(&PhotonicChannel::SetLength, &PhotonicChannel::GetLength),
                MakeDoubleChecker<double>())
            .AddAttribute("Medium",
                          "Cable medium: smf (single-mode fibre, 4.90 ns/m), mmf (multimode, "
                          "4.93 ns/m), copper (twinax, 4.76 ns/m) or hcf (hollow-core, 3.40 ns/m).",
                          StringValue("smf"),
                          MakeStringAccessor(&PhotonicChannel::SetMediumName,
                                             &PhotonicChannel::GetMediumName),
                          MakeStringChecker())
            .AddAttribute("Delay",
                          "Propagation delay (s), derived from Length and Medium; read only.",
                          TypeId::ATTR_GET,
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PhotonicChannel::GetDelay),
                          MakeTimeChecker())
            .AddAttribute(
                "Connectors",
                "Mated connector pairs on the path (count).",
                UintegerValue(2),
                MakeUintegerAccessor(
                    &PhotonicChannel::SetBudgetField<uint32_t, &PhotonicChannel::m_connectors>,
                    &PhotonicChannel::GetBudgetField<uint32_t, &PhotonicChannel::m_connectors>),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "ConnectorLoss",
                "Loss per connector pair, in dB.",
                DoubleValue(0.5),
                MakeDoubleAccessor(
                    &PhotonicChannel::SetBudgetField<double, &PhotonicChannel::m_connectorLossDb>,
                    &PhotonicChannel::GetBudgetField<double, &PhotonicChannel::m_connectorLossDb>),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "Splices",
                "Fusion splices on the path (count).",
                UintegerValue(0),
                MakeUintegerAccessor(
                    &PhotonicChannel::SetBudgetField<uint32_t, &PhotonicChannel::m_splices>,
                    &PhotonicChannel::GetBudgetField<uint32_t, &PhotonicChannel::m_splices>),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "SpliceLoss",
                "Loss per splice, in dB.",
                DoubleValue(0.1),
                MakeDoubleAccessor(
                    &PhotonicChannel::SetBudgetField<double, &PhotonicChannel::m_spliceLossDb>,
                    &PhotonicChannel::GetBudgetField<double, &PhotonicChannel::m_spliceLossDb>),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "InsertionLoss",
                "Insertion loss of an optical circuit switch or patch panel on the "
                "path, in dB (about 1-2 dB for a MEMS OCS, est.).",
                DoubleValue(0.0),
                MakeDoubleAccessor(
                    &PhotonicChannel::SetBudgetField<double, &PhotonicChannel::m_insertionLossDb>,
                    &PhotonicChannel::GetBudgetField<double, &PhotonicChannel::m_insertionLossDb>),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "AmplifierGain",
                "Total gain of in-line optical amplifiers (e.g. EDFAs on a DCI span), "
                "in dB.",
                DoubleValue(0.0),
                MakeDoubleAccessor(
                    &PhotonicChannel::SetBudgetField<double, &PhotonicChannel::m_amplifierGainDb>,
                    &PhotonicChannel::GetBudgetField<double, &PhotonicChannel::m_amplifierGainDb>),
                MakeDoubleChecker<double>())
            .AddAttribute("FlapMeanTimeBetween",
                          "Mean time between random link failures (s, exponential); 0 disables "
                          "random flaps.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PhotonicChannel::m_flapMtbf),
                          MakeTimeChecker())
            .AddAttribute("FlapMeanDownTime",
                          "Mean duration of a random link failure (s, exponential).",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&PhotonicChannel::m_flapMttr),
                          MakeTimeChecker())
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false).",
                            MakeTraceSourceAccessor(&PhotonicChannel::m_linkStateTrace),
                            "ns3::PhotonicChannel::LinkStateTracedCallback");
    return tid;
}

PhotonicChannel::PhotonicChannel()
{
    NS_LOG_FUNCTION(this);
    m_flapRng = CreateObject<ExponentialRandomVariable>();
    Update();
}

PhotonicChannel::~PhotonicChannel()
{
    NS_LOG_FUNCTION(this);
}

void
PhotonicChannel::DoDispose()
{
    for (Ptr<PhotonicArrivalEvent>& arrivals : m_arrivals)
    {
        if (arrivals)
        {
            arrivals->Cancel(); // frames still on their way must not reach a disposed device
            arrivals = nullptr;
        }
    }
    m_devices = {};
    m_flapRng = nullptr;
    Channel::DoDispose();
}

void
PhotonicChannel::Attach(Ptr<PhotonicNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    if (m_nDevices >= 2)
    {
        throw FabricConfigError("PhotonicChannel: a photonic link takes exactly two devices; "
                                "a third cannot be attached");
    }
    m_devices[m_nDevices++] = device;
    if (m_nDevices == 2)
    {
        Update();
        // Drawn when the simulation starts, after the helpers have assigned streams.
        Simulator::ScheduleNow(&PhotonicChannel::ScheduleRandomFailure, this);
    }
}

bool
PhotonicChannel::TransmitStart(const Ptr<Packet>& p,
                               const Ptr<PhotonicNetDevice>& src,
                               Time txTime,
                               const FabricFrameFields& fields)
{
    if (!m_linkUp)
    {
        return false;
    }
    const std::size_t to = (m_devices[0] == src) ? 1 : 0;
    const Ptr<PhotonicNetDevice>& dst = m_devices[to];
    if (m_context[to] == 0 && dst->GetNode())
    {
        // The receiving node's id, asked once: Node::GetId() logs on every call.
        m_context[to] = dst->GetNode()->GetId() + 1;
    }
    const Time now = FabricSimulatorImpl::FastNow();
    const Time delay = txTime + m_arrival[to];
    if (now + delay >= m_lastArrival[to])
    {
        // The end's shared arrival event (no allocation per frame); it hands frames over in
        // the order they were queued, which is the order the simulator runs its schedules.
        if (!m_arrivals[to])
        {
            m_arrivals[to] = Create<PhotonicArrivalEvent>(PeekPointer(dst));
        }
        m_lastArrival[to] = now + delay;
        m_arrivals[to]->Push(p, now, fields);
        m_arrivals[to]->Ref(); // the simulator's reference, released after the run
        FabricSimulatorImpl::FastScheduleWithContext(m_context[to] - 1,
                                                     delay,
                                                     PeekPointer(m_arrivals[to]));
        return true;
    }
    // The delay shrank (the cable was changed) below a frame still on its way: this frame
    // overtakes it, so it gets an event of its own. The device by plain pointer: devices
    // outlive their events.
    Simulator::ScheduleWithContext(m_context[to] - 1,
                                   delay,
                                   &PhotonicNetDevice::Receive,
                                   PeekPointer(dst),
                                   p,
                                   now,
                                   fields);
    return true;
}

void
PhotonicChannel::PrefetchTransmitState() const
{
    const auto* first = reinterpret_cast<const char*>(&m_devices);
    const auto* last = reinterpret_cast<const char*>(&m_linkUp) + 1;
    FabricPrefetchingEvent::PrefetchRange(first, static_cast<unsigned>(last - first));
}

std::size_t
PhotonicChannel::GetNDevices() const
{
    return m_nDevices;
}

Ptr<NetDevice>
PhotonicChannel::GetDevice(std::size_t i) const
{
    return GetPhotonicDevice(i);
}

Ptr<PhotonicNetDevice>
PhotonicChannel::GetPhotonicDevice(std::size_t i) const
{
    return i < m_nDevices ? m_devices[i] : nullptr;
}

Ptr<PhotonicNetDevice>
PhotonicChannel::GetPeer(Ptr<const PhotonicNetDevice> device) const
{
    if (m_nDevices < 2)
    {
        return nullptr;
    }
    return m_devices[0] == device ? m_devices[1] : m_devices[0];
}

Time
PhotonicChannel::GetDelay() const
{
    return m_delay;
}

double
PhotonicChannel::GetLength() const
{
    return m_lengthM;
}

PhotonicMedium
PhotonicChannel::GetMedium() const
{
    return m_medium;
}

Time
PhotonicChannel::GetLastStateChange() const
{
    return m_lastStateChange;
}

void
PhotonicChannel::SetLinkUp(bool up)
{
    NS_LOG_FUNCTION(this << up);
    if (up == m_linkUp)
    {
        return;
    }
    m_linkUp = up;
    m_lastStateChange = Simulator::Now();
    for (std::size_t i = 0; i < m_nDevices; ++i)
    {
        m_devices[i]->SyncLinkState();
    }
    m_linkStateTrace(up);
    for (std::size_t i = 0; i < m_nDevices; ++i)
    {
        m_devices[i]->NotifyLinkStateChange(up);
    }
}

void
PhotonicChannel::ScheduleFlap(Time at, Time downFor)
{
    NS_LOG_FUNCTION(this << at << downFor);
    Simulator::Schedule(at, &PhotonicChannel::SetLinkUp, this, false);
    Simulator::Schedule(at + downFor, &PhotonicChannel::SetLinkUp, this, true);
}

LinkBudgetInput
PhotonicChannel::GetBudgetInput(std::size_t rxIndex) const
{
    NS_ASSERT_MSG(m_nDevices == 2 && rxIndex < 2, "budget of a link with both ends attached");
    LinkBudgetInput in;
    in.tx = m_devices[1 - rxIndex]->GetTransceiver();
    in.rx = m_devices[rxIndex]->GetTransceiver();
    in.medium = m_medium;
    in.lengthM = m_lengthM;
    in.connectors = m_connectors;
    in.connectorLossDb = m_connectorLossDb;
    in.splices = m_splices;
    in.spliceLossDb = m_spliceLossDb;
    in.insertionLossDb = m_insertionLossDb;
    in.amplifierGainDb = m_amplifierGainDb;
    in.rxPenaltyDb = m_devices[rxIndex]->GetRxPowerPenalty();
    return in;
}

void
PhotonicChannel::CheckConfiguration(const std::string& linkName) const
{
    if (m_nDevices != 2)
    {
        throw FabricConfigError("link " + linkName + ": needs two devices attached");
    }
    for (std::size_t rx = 0; rx < 2; ++rx)
    {
        const std::string problem = CheckLink(linkName, GetBudgetInput(rx));
        if (!problem.empty())
        {
            throw FabricConfigError(problem);
        }
    }
}

int64_t
PhotonicChannel::AssignStreams(int64_t stream)
{
    m_flapRng->SetStream(stream);
    return 1;
}

void
PhotonicChannel::Update()
{
    m_delay = Time::FromDouble(m_lengthM * PhotonicMediumDelayNsPerMetre(m_medium), Time::NS);
    for (std::size_t i = 0; i < m_nDevices && m_nDevices == 2; ++i)
    {
        m_devices[i]->UpdateLinkBudget();
    }
    RefreshArrivalDelays();
}

void
PhotonicChannel::RefreshArrivalDelays()
{
    for (std::size_t i = 0; i < m_nDevices; ++i)
    {
        m_arrival[i] = m_delay + m_devices[i]->GetReceivePathLatency();
    }
}

void
PhotonicChannel::SetMediumName(const std::string& name)
{
    m_medium = PhotonicMediumFromName(name);
    Update();
}

std::string
PhotonicChannel::GetMediumName() const
{
    return PhotonicMediumName(m_medium);
}

void
PhotonicChannel::SetLength(double metres)
{
    m_lengthM = metres;
    Update();
}

void
PhotonicChannel::ScheduleRandomFailure()
{
    if (!m_flapMtbf.IsStrictlyPositive())
    {
        return;
    }
    const Time next = Seconds(m_flapRng->GetValue(m_flapMtbf.GetSeconds(), 0));
    Simulator::Schedule(next, &PhotonicChannel::RandomFailure, this);
}

void
PhotonicChannel::RandomFailure()
{
    SetLinkUp(false);
    const Time downFor = Seconds(m_flapRng->GetValue(m_flapMttr.GetSeconds(), 0));
    Simulator::Schedule(downFor, &PhotonicChannel::SetLinkUp, this, true);
    Simulator::Schedule(downFor, &PhotonicChannel::ScheduleRandomFailure, this);
}

} // namespace ns3
