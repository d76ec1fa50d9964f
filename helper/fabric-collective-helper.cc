/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-collective-helper.h"

#include "ns3/fabric-config-error.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace ns3
{

FabricCollectiveHelper::FabricCollectiveHelper()
{
    m_factory.SetTypeId("ns3::FabricCommunicator");
}

void
FabricCollectiveHelper::SetCommunicatorAttribute(const std::string& name,
                                                 const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<FabricCommunicator>
FabricCollectiveHelper::Install(Ptr<FabricNetwork> network,
                                const std::vector<Ptr<FabricNic>>& nics,
                                std::vector<uint32_t> ranks) const
{
    Ptr<FabricCommunicator> comm = m_factory.Create<FabricCommunicator>();
    comm->Setup(*network, nics, std::move(ranks));
    return comm;
}

CollectiveResult
FabricCollectiveHelper::Run(Ptr<FabricCommunicator> comm,
                            CollectiveOp op,
                            CollectiveAlgorithm algorithm,
                            uint64_t bytes,
                            uint32_t root,
                            Time limit)
{
    if (comm->IsBusy())
    {
        throw FabricConfigError("FabricCollectiveHelper::Run: the communicator is busy");
    }
    CollectiveResult result;
    bool complete = false;
    comm->Start(op,
                algorithm,
                bytes,
                FabricCommunicator::CompleteCallback([&](const CollectiveResult& r) {
                    result = r;
                    complete = true;
                    Simulator::Stop();
                }),
                root);
    Simulator::Stop(limit);
    Simulator::Run();
    if (!complete)
    {
        throw std::runtime_error("collective " + CollectiveOpName(op) + " with " +
                                 CollectiveAlgorithmName(algorithm) + " of " +
                                 std::to_string(bytes) + " bytes did not complete within " +
                                 std::to_string(limit.GetSeconds()) + " s");
    }
    return result;
}

std::vector<uint32_t>
FabricCollectiveHelper::RailGpus(Ptr<FabricNetwork> network, uint32_t rail)
{
    std::map<int64_t, std::vector<uint32_t>> domains;
    for (uint32_t g = 0; g < network->GetNGpus(); ++g)
    {
        const int64_t d = network->GetRouting()->GetScaleUpDomain(g);
        if (d >= 0)
        {
            domains[d].push_back(g);
        }
    }
    if (domains.empty())
    {
        throw FabricConfigError("rail GPUs: the fabric has no scale-up domains");
    }
    std::vector<std::pair<uint32_t, uint32_t>> byFirst; // (first GPU, the rail's GPU)
    for (const auto& entry : domains)
    {
        if (rail >= entry.second.size())
        {
            throw FabricConfigError("rail GPUs: a scale-up domain holds " +
                                    std::to_string(entry.second.size()) + " GPUs, no index " +
                                    std::to_string(rail));
        }
        byFirst.emplace_back(entry.second.front(), entry.second[rail]);
    }
    std::sort(byFirst.begin(), byFirst.end());
    std::vector<uint32_t> gpus;
    for (const auto& p : byFirst)
    {
        gpus.push_back(p.second);
    }
    return gpus;
}

} // namespace ns3
