/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "transport-workload.h"

#include "fabric-network-helper.h"

#include "ns3/boolean.h"
#include "ns3/fabric-config-error.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ns3
{

void
TransportProfile::ApplyTo(FabricNetworkHelper& helper) const
{
    helper.SetFlowControl(flowControl);
    helper.SetSwitchAttribute("Trimming", BooleanValue(trimming));
}

TransportProfile
TransportProfileByName(const std::string& name)
{
    if (name == "roce")
    {
        return {"roce", "ns3::RoceTransport", FabricFlowControl::PFC, false};
    }
    if (name == "ib")
    {
        return {"ib", "ns3::IbTransport", FabricFlowControl::CREDIT, false};
    }
    if (name == "uet")
    {
        return {"uet", "ns3::UetTransport", FabricFlowControl::NONE, true};
    }
    throw UnknownNameError("transport", name, {"roce", "ib", "uet"});
}

std::vector<MessageFlow>
PermutationFlows(uint32_t nGpus, uint64_t bytes, int64_t stream)
{
    if (nGpus < 2)
    {
        throw FabricConfigError("a permutation needs at least 2 GPUs, got " +
                                std::to_string(nGpus));
    }
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(stream);
    std::vector<uint32_t> target(nGpus);
    std::iota(target.begin(), target.end(), 0);
    // Sattolo's shuffle: a uniformly random single cycle, so nobody sends to itself.
    for (uint32_t i = nGpus - 1; i > 0; --i)
    {
        const uint32_t j = rng->GetInteger(0, i - 1);
        std::swap(target[i], target[j]);
    }
    std::vector<MessageFlow> flows;
    flows.reserve(nGpus);
    for (uint32_t g = 0; g < nGpus; ++g)
    {
        flows.push_back({g, target[g], bytes});
    }
    return flows;
}

std::vector<MessageFlow>
IncastFlows(uint32_t nGpus, uint32_t senders, uint32_t receiver, uint64_t bytes)
{
    if (receiver >= nGpus || senders + 1 > nGpus || senders == 0)
    {
        throw FabricConfigError("incast of " + std::to_string(senders) + " senders to GPU " +
                                std::to_string(receiver) + " needs at least " +
                                std::to_string(senders + 1) + " GPUs, the fabric has " +
                                std::to_string(nGpus));
    }
    std::vector<MessageFlow> flows;
    for (uint32_t g = 0; flows.size() < senders; ++g)
    {
        if (g != receiver)
        {
            flows.push_back({g, receiver, bytes});
        }
    }
    return flows;
}

double
WorkloadResult::Percentile(double q) const
{
    if (fctUs.empty())
    {
        return 0;
    }
    const std::size_t rank = static_cast<std::size_t>(std::ceil(q * fctUs.size()));
    return fctUs[std::min(fctUs.size(), std::max<std::size_t>(rank, 1)) - 1];
}

double
WorkloadResult::MeanUs() const
{
    if (fctUs.empty())
    {
        return 0;
    }
    return std::accumulate(fctUs.begin(), fctUs.end(), 0.0) / fctUs.size();
}

WorkloadResult
RunWorkload(Ptr<FabricNetwork> network,
            const std::vector<Ptr<FabricNic>>& nics,
            const std::vector<MessageFlow>& flows,
            Time start,
            Time limit)
{
    WorkloadResult r;
    r.posted = static_cast<uint32_t>(flows.size());
    Time last = start;
    const FabricMessageCallback done([&r, &last, start](const FabricMessage& m) {
        ++r.completed;
        r.fctUs.push_back((m.end - m.start).GetSeconds() * 1e6);
        last = m.end;
        if (r.completed == r.posted)
        {
            Simulator::Stop();
        }
    });
    Simulator::Schedule(start, [&]() {
        for (const MessageFlow& f : flows)
        {
            nics.at(f.src)->Send(f.dst, f.bytes, done);
        }
    });
    Simulator::Stop(limit);
    Simulator::Run();
    std::sort(r.fctUs.begin(), r.fctUs.end());
    r.finishUs = (last - start).GetSeconds() * 1e6;
    for (const auto& nic : nics)
    {
        r.nic += nic->GetCounters();
    }
    const FabricPortCounters c = network->GetSwitchCounters();
    r.drops = std::accumulate(c.drops.begin(), c.drops.end(), uint64_t(0));
    r.pfcPauses = c.pfcPausesSent;
    r.trims = c.trims;
    r.ecnMarks = c.ecnMarks;
    return r;
}

} // namespace ns3
