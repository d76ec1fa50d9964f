/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_ETHERNET_HEADER_H
#define FABRIC_ETHERNET_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

#include <array>
#include <cstdint>

namespace ns3
{

/// A MAC address as its six bytes in wire order: compared and copied without calls into ns-3.
using MacBytes = std::array<uint8_t, 6>;

/**
 * \brief The bytes of a MAC address.
 * \param mac the address
 * \return its six bytes
 */
MacBytes ToMacBytes(const Mac48Address& mac);

/**
 * \brief A MAC address from its bytes.
 * \param bytes six bytes in wire order
 * \return the address
 */
Mac48Address ToMac48Address(const MacBytes& bytes);

/**
 * \ingroup ai-fabric
 * \brief Ethernet II header (destination, source, EtherType; no preamble), the same 14 bytes
 * on the wire as ns-3's EthernetHeader without preamble, so captures and EthernetHeader
 * readers see no difference.
 *
 * Per-packet paths add and read it at every hop; it keeps the addresses as bytes and
 * serializes with the inline Buffer::Iterator writes, where EthernetHeader goes through
 * Address conversions in ns-3's library for every field.
 */
class FabricEthernetHeader : public Header
{
  public:
    /// Bytes of the header on the wire.
    static constexpr uint32_t SIZE = 14;

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    FabricEthernetHeader();

    /**
     * \brief A header with its fields.
     * \param destination destination MAC
     * \param source source MAC
     * \param lengthType EtherType
     */
    FabricEthernetHeader(const MacBytes& destination, const MacBytes& source, uint16_t lengthType);

    /**
     * \brief The destination MAC.
     * \return its bytes
     */
    const MacBytes& GetDestination() const;

    /**
     * \brief The source MAC.
     * \return its bytes
     */
    const MacBytes& GetSource() const;

    /**
     * \brief The EtherType.
     * \return the type
     */
    uint16_t GetLengthType() const;

    /**
     * \brief Whether an address is the broadcast address ff:ff:ff:ff:ff:ff.
     * \param mac the address
     * \return true if broadcast
     */
    static bool IsBroadcast(const MacBytes& mac);

    /**
     * \brief Whether an address is a group (multicast or broadcast) address: the I/G bit.
     * \param mac the address
     * \return true if a group address
     */
    static bool IsGroup(const MacBytes& mac);

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    MacBytes m_destination{}; //!< destination MAC
    MacBytes m_source{};      //!< source MAC
    uint16_t m_lengthType{0}; //!< EtherType
};

} // namespace ns3

#endif /* FABRIC_ETHERNET_HEADER_H */
