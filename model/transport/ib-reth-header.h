/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IB_RETH_HEADER_H
#define IB_RETH_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief InfiniBand RDMA Extended Transport Header (IBA vol. 1 section 9.3.3.3, 16 bytes):
 * virtual address, R_Key and DMA length; it follows the BTH in the first (or only) packet of
 * an RDMA WRITE.
 */
class IbRethHeader : public Header
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint64_t virtualAddress{0}; //!< remote virtual address
    uint32_t rKey{0};           //!< remote key
    uint32_t dmaLength{0};      //!< bytes of the whole WRITE
};

} // namespace ns3

#endif /* IB_RETH_HEADER_H */
