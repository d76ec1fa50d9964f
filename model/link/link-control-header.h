/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINK_CONTROL_HEADER_H
#define LINK_CONTROL_HEADER_H

#include "fabric-tags.h"

#include "ns3/header.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief IEEE 802.1Qbb priority-based flow control frame body (MAC Control, EtherType 0x8808,
 * opcode 0x0101): a class-enable vector and one pause time per priority, in quanta of 512 bit
 * times; 0 resumes. Padded to the 46-byte minimum payload so captures decode as PFC.
 */
class PfcPauseHeader : public Header
{
  public:
    static constexpr uint16_t ETHERTYPE = 0x8808;     //!< MAC Control
    static constexpr uint16_t OPCODE = 0x0101;        //!< priority-based flow control
    static constexpr uint32_t BITS_PER_QUANTUM = 512; //!< one pause quantum, bit times

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

    /**
     * \brief Enable a class with a pause time.
     * \param priority 0..7
     * \param quanta pause time in quanta (0 = resume)
     */
    void SetClass(uint8_t priority, uint16_t quanta);
    /**
     * \brief Whether a class is enabled in the vector.
     * \param priority 0..7
     * \return true if enabled
     */
    bool IsClassEnabled(uint8_t priority) const;
    /**
     * \brief The pause time of a class.
     * \param priority 0..7
     * \return quanta
     */
    uint16_t GetQuanta(uint8_t priority) const;
    /**
     * \brief How long a pause time lasts on a link.
     * \param quanta pause time in quanta of 512 bit times
     * \param rateBps the link's line rate, bit/s
     * \return the duration
     */
    static Time QuantaToTime(uint16_t quanta, double rateBps);
    /**
     * \brief Whether the frame was a well-formed PFC frame (opcode 0x0101).
     * \return true if so
     */
    bool IsPfc() const;

  private:
    uint16_t m_opcode{OPCODE};                           //!< MAC control opcode
    uint8_t m_enabled{0};                                //!< class-enable vector
    std::array<uint16_t, FABRIC_NUM_CLASSES> m_quanta{}; //!< pause times
};

/**
 * \ingroup ai-fabric
 * \brief Link credit update (InfiniBand-style flow-control packet, carried here in an Ethernet
 * frame of the local experimental EtherType 0x88B5): for each virtual lane, the absolute credit
 * limit in 64-byte blocks (blocks the receiver has freed since the link came up plus its buffer),
 * modulo 2^32. Absolute limits make a lost update harmless: the next one resynchronizes.
 */
class CreditUpdateHeader : public Header
{
  public:
    static constexpr uint16_t ETHERTYPE = 0x88B5; //!< IEEE local experimental EtherType 1
    static constexpr uint32_t BLOCK_BYTES = 64;   //!< credit unit, bytes

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

    /**
     * \brief Set a lane's credit limit.
     * \param vl virtual lane 0..7
     * \param limit absolute limit, blocks mod 2^32
     */
    void SetLimit(uint8_t vl, uint32_t limit);
    /**
     * \brief A lane's credit limit.
     * \param vl virtual lane 0..7
     * \return absolute limit, blocks mod 2^32
     */
    uint32_t GetLimit(uint8_t vl) const;

  private:
    std::array<uint32_t, FABRIC_NUM_CLASSES> m_limit{}; //!< per-lane limits
};

} // namespace ns3

#endif /* LINK_CONTROL_HEADER_H */
