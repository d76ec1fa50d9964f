/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark scenarios "link" and "scheduler".
//  link:      one saturated 800G photonic link (DR8, 100 m of SMF), frames of the device MTU
//             (9000 bytes of payload), 10 ms simulated.
//  scheduler: the machine's bare ns-3 scheduler rate: a chain of empty events (each schedules
//             the next 1 ns later), so that figures can be compared across machines as ratios.
// Prints one JSON object (bench-record.h) on standard output.

#include "bench-record.h"

#include "ns3/ai-fabric-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

using namespace ns3;

namespace
{

/// Keeps the sender busy: every frame that starts queues the next.
void
Refill(Ptr<PhotonicNetDevice> dev, uint32_t payload, Ptr<const Packet>)
{
    dev->Send(Create<Packet>(payload), Mac48Address::GetBroadcast(), 0x0800);
}

void
EmptyEvent(uint64_t* left)
{
    if (--*left > 0)
    {
        Simulator::Schedule(NanoSeconds(1), &EmptyEvent, left);
    }
}

/**
 * \brief The empty-event chain.
 * \param events events to run
 * \param record where the figures go
 */
void
RunScheduler(uint64_t events, BenchRecord& record)
{
    // The yardstick of the machine stays ns-3's binary heap whatever the benchmarks run on, so
    // that its rate compares across commits and machines.
    ObjectFactory heap;
    heap.SetTypeId("ns3::PriorityQueueScheduler");
    Simulator::SetScheduler(heap);
    uint64_t left = events;
    Simulator::Schedule(NanoSeconds(1), &EmptyEvent, &left);
    Simulator::Run();
    record.Set("sim_time_s", Simulator::Now().GetSeconds());
    record.Set("packets", uint64_t(0));
    record.Set("packet_hops", uint64_t(0));
    record.Set("events", Simulator::GetEventCount());
    Simulator::Destroy();
}

/**
 * \brief The saturated link.
 * \param simMs simulated milliseconds
 * \param record where the figures go
 */
void
RunLink(double simMs, BenchRecord& record)
{
    NodeContainer nodes;
    nodes.Create(2);
    PhotonicLinkHelper link;
    link.SetTransceiver("DR8");
    link.SetChannelAttribute("Length", DoubleValue(100.0));
    NetDeviceContainer devs = link.Install(nodes);
    Ptr<PhotonicNetDevice> tx = DynamicCast<PhotonicNetDevice>(devs.Get(0));
    Ptr<PhotonicNetDevice> rx = DynamicCast<PhotonicNetDevice>(devs.Get(1));
    const uint32_t payload = tx->GetMtu();
    tx->TraceConnectWithoutContext("PhyTxBegin", MakeBoundCallback(&Refill, tx, payload));
    uint64_t received = 0;
    rx->TraceConnectWithoutContext("PhyRxEnd",
                                   MakeBoundCallback(
                                       +[](uint64_t* n, Ptr<const Packet>) { ++*n; },
                                       &received));
    Refill(tx, payload, nullptr);
    Refill(tx, payload, nullptr);
    Simulator::Stop(Seconds(simMs / 1000.0));
    Simulator::Run();
    record.Set("sim_time_s", Simulator::Now().GetSeconds());
    record.Set("packets", received);
    record.Set("packet_hops", received);
    record.Set("events", Simulator::GetEventCount());
    record.Set("hosts", uint32_t(2));
    record.Set("payload_bytes", payload);
    record.Set("line_rate_bps", static_cast<double>(tx->GetDataRate().GetBitRate()));
    Simulator::Destroy();
}

} // namespace

int
main(int argc, char* argv[])
{
    const Usage u0 = ProcessUsage();
    std::string scenario = "link";
    double simMs = 10.0;
    uint64_t schedulerEvents = 2000000;
    // The benchmarks run on FabricSimulatorImpl and FabricLaneScheduler unless
    // --SimulatorImplementationType or --SchedulerType says otherwise.
    FabricSimulatorImpl::UseByDefault();
    CommandLine cmd(__FILE__);
    cmd.AddValue("scenario", "link or scheduler", scenario);
    cmd.AddValue("simMs", "Simulated milliseconds of the link scenario", simMs);
    cmd.AddValue("schedulerEvents", "Empty events of the scheduler scenario", schedulerEvents);
    cmd.Parse(argc, argv);
    return RunWithConfigErrors([&]() {
        BenchRecord record(scenario);
        if (scenario == "scheduler")
        {
            RunScheduler(schedulerEvents, record);
        }
        else if (scenario == "link")
        {
            RunLink(simMs, record);
        }
        else
        {
            throw UnknownNameError("bench-link scenario", scenario, {"link", "scheduler"});
        }
        record.Set("run_cpu_s", ProcessUsage().cpuS - u0.cpuS);
        record.PrintWithUsage(u0);
        return 0;
    });
}
