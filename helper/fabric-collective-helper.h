/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_COLLECTIVE_HELPER_H
#define FABRIC_COLLECTIVE_HELPER_H

#include "fabric-network.h"

#include "ns3/fabric-communicator.h"
#include "ns3/fabric-nic.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Creates FabricCommunicators over a fabric's NICs and runs collectives to completion.
 *
 * \code
 *   FabricCollectiveHelper coll;
 *   coll.SetCommunicatorAttribute("Channels", UintegerValue(4));
 *   Ptr<FabricCommunicator> comm = coll.Install(network, nics);          // all GPUs
 *   CollectiveResult r = FabricCollectiveHelper::Run(comm, CollectiveOp::ALL_REDUCE,
 *                                                    CollectiveAlgorithm::RING, 64 << 20);
 *   std::cout << NcclTestsHeader() << FormatNcclTestsRow(r) << "\n";
 * \endcode
 */
class FabricCollectiveHelper
{
  public:
    FabricCollectiveHelper();

    /**
     * \brief Set an attribute of the communicators (Channels, ChunkBytes).
     * \param name attribute name
     * \param value its value
     */
    void SetCommunicatorAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief A communicator over some GPUs.
     * \param network the fabric
     * \param nics its NICs, by GPU ordinal (FabricTransportHelper::Install)
     * \param ranks GPU ordinal of each rank; empty for all GPUs
     * \return the communicator
     * \throw FabricConfigError as FabricCommunicator::Setup
     */
    Ptr<FabricCommunicator> Install(Ptr<FabricNetwork> network,
                                    const std::vector<Ptr<FabricNic>>& nics,
                                    std::vector<uint32_t> ranks = {}) const;

    /**
     * \brief Start a collective now and run the simulator until it completes.
     * \param comm the communicator (idle)
     * \param op the operation
     * \param algorithm the algorithm
     * \param bytes nccl-tests size, bytes
     * \param root broadcast root or send-recv sender
     * \param limit simulated time the run may take at most
     * \return its result
     * \throw FabricConfigError if it cannot run (before the simulator runs)
     * \throw std::runtime_error if it did not complete within the limit
     */
    static CollectiveResult Run(Ptr<FabricCommunicator> comm,
                                CollectiveOp op,
                                CollectiveAlgorithm algorithm,
                                uint64_t bytes,
                                uint32_t root = 0,
                                Time limit = Seconds(10));

    /**
     * \brief The GPUs with one local index in every scale-up domain: in a rail-optimized
     * cluster, the GPUs of one rail (one per server), in domain order.
     * \param network the fabric
     * \param rail local index within each domain
     * \return GPU ordinals
     * \throw FabricConfigError if the fabric has no scale-up domains or a domain has no GPU
     *        of that index
     */
    static std::vector<uint32_t> RailGpus(Ptr<FabricNetwork> network, uint32_t rail);

  private:
    ObjectFactory m_factory; //!< FabricCommunicator
};

} // namespace ns3

#endif /* FABRIC_COLLECTIVE_HELPER_H */
