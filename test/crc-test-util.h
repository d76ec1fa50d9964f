/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CRC_TEST_UTIL_H
#define CRC_TEST_UTIL_H

// Reference CRCs for the wire-format suites, computed bit by bit: written out independently of
// Boost.CRC, which the model uses, so that a wrong parameter in either shows up.

#include <cstdint>
#include <vector>

namespace ns3
{
namespace aif_test
{

/**
 * \brief A reflected CRC, one bit at a time (least significant bit first).
 * \tparam T the register type (uint16_t, uint32_t)
 * \param data the bytes
 * \param reflectedPoly the polynomial, bit-reversed (0xEDB88320 for 0x04C11DB7)
 * \param init the initial register
 * \param xorOut what the final register is XORed with
 * \return the CRC
 */
template <typename T>
T
BitwiseReflectedCrc(const std::vector<uint8_t>& data, T reflectedPoly, T init, T xorOut)
{
    T crc = init;
    for (uint8_t byte : data)
    {
        crc ^= byte;
        for (int k = 0; k < 8; ++k)
        {
            crc = static_cast<T>((crc >> 1) ^ ((crc & 1u) ? reflectedPoly : T(0)));
        }
    }
    return static_cast<T>(crc ^ xorOut);
}

/**
 * \brief CRC-32 of Ethernet and of the InfiniBand ICRC (polynomial 0x04C11DB7, reflected, all
 * ones in and out).
 * \param data the bytes
 * \return the CRC
 */
inline uint32_t
BitwiseCrc32(const std::vector<uint8_t>& data)
{
    return BitwiseReflectedCrc<uint32_t>(data, 0xedb88320u, 0xffffffffu, 0xffffffffu);
}

/**
 * \brief The InfiniBand VCRC: CRC-16, polynomial 0x100B (bit-reversed 0xD008), reflected,
 * 0xFFFF in and out.
 * \param data the bytes
 * \return the CRC
 */
inline uint16_t
BitwiseIbVcrc(const std::vector<uint8_t>& data)
{
    return BitwiseReflectedCrc<uint16_t>(data, 0xd008, 0xffff, 0xffff);
}

} // namespace aif_test
} // namespace ns3

#endif /* CRC_TEST_UTIL_H */
