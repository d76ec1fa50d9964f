/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-address-plan.h"

#include "ns3/fabric-config-error.h"

#include <string>

namespace ns3
{

namespace
{
constexpr uint32_t NIC_BASE = 0x0a000000;      // 10.0.0.0
constexpr uint32_t SCALE_UP_BASE = 0x0a800000; // 10.128.0.0
constexpr uint32_t BLOCK_MASK = 0xff800000;    // /9

/**
 * \brief A locally administered MAC 02:kind:value.
 * \param kind second byte
 * \param value last four bytes
 * \return the address
 */
constexpr uint8_t NIC_KIND = 0x00;
constexpr uint8_t SCALE_UP_KIND = 0x01;
constexpr uint8_t SWITCH_PORT_KIND = 0x02;

void
MakeMacBytes(uint8_t kind, uint32_t value, uint8_t* bytes)
{
    bytes[0] = 0x02;
    bytes[1] = kind;
    bytes[2] = static_cast<uint8_t>(value >> 24);
    bytes[3] = static_cast<uint8_t>(value >> 16);
    bytes[4] = static_cast<uint8_t>(value >> 8);
    bytes[5] = static_cast<uint8_t>(value);
}

Mac48Address
MakeMac(uint8_t kind, uint32_t value)
{
    uint8_t bytes[6];
    MakeMacBytes(kind, value, bytes);
    Mac48Address mac;
    mac.CopyFrom(bytes);
    return mac;
}
} // namespace

Ipv4Address
FabricAddressPlan::NicAddress(uint32_t gpu)
{
    return Ipv4Address(GpuIpv4(gpu, false));
}

Ipv4Address
FabricAddressPlan::ScaleUpAddress(uint32_t gpu)
{
    return Ipv4Address(GpuIpv4(gpu, true));
}

Ipv4Mask
FabricAddressPlan::Mask()
{
    return Ipv4Mask(BLOCK_MASK);
}

Mac48Address
FabricAddressPlan::NicMac(uint32_t gpu)
{
    return MakeMac(NIC_KIND, gpu + 1);
}

Mac48Address
FabricAddressPlan::ScaleUpMac(uint32_t gpu)
{
    return MakeMac(SCALE_UP_KIND, gpu + 1);
}

Mac48Address
FabricAddressPlan::SwitchPortMac(uint32_t switchOrdinal, uint32_t port)
{
    return MakeMac(SWITCH_PORT_KIND, (switchOrdinal << 12) | (port & 0xfff));
}

int64_t
FabricAddressPlan::GpuOfAddress(Ipv4Address address)
{
    return GpuOfIpv4(address.Get());
}

uint32_t
FabricAddressPlan::GpuIpv4(uint32_t gpu, bool scaleUp)
{
    return (scaleUp ? SCALE_UP_BASE : NIC_BASE) + gpu + 1;
}

int64_t
FabricAddressPlan::GpuOfIpv4(uint32_t a)
{
    const uint32_t block = a & BLOCK_MASK;
    if (block != NIC_BASE && block != SCALE_UP_BASE)
    {
        return -1;
    }
    const uint32_t host = a & ~BLOCK_MASK;
    return (host == 0 || host > MAX_GPUS) ? -1 : static_cast<int64_t>(host) - 1;
}

int64_t
FabricAddressPlan::GpuOfMac(Mac48Address address)
{
    uint8_t b[6];
    address.CopyTo(b);
    return GpuOfMacBytes(b);
}

void
FabricAddressPlan::GpuMacBytes(uint32_t gpu, bool scaleUp, uint8_t* mac)
{
    MakeMacBytes(scaleUp ? SCALE_UP_KIND : NIC_KIND, gpu + 1, mac);
}

int64_t
FabricAddressPlan::GpuOfMacBytes(const uint8_t* b)
{
    if (b[0] != 0x02 || (b[1] != NIC_KIND && b[1] != SCALE_UP_KIND))
    {
        return -1;
    }
    const uint32_t value =
        (uint32_t(b[2]) << 24) | (uint32_t(b[3]) << 16) | (uint32_t(b[4]) << 8) | uint32_t(b[5]);
    return (value == 0 || value > MAX_GPUS) ? -1 : static_cast<int64_t>(value) - 1;
}

uint16_t
FabricAddressPlan::LidOfGpu(uint32_t gpu)
{
    if (gpu >= MAX_IB_GPUS)
    {
        throw FabricConfigError("GPU " + std::to_string(gpu) +
                                " has no InfiniBand-style LID: unicast LIDs 0x0001-0xBFFF hold " +
                                std::to_string(MAX_IB_GPUS) + " GPUs (ordinals 0-" +
                                std::to_string(MAX_IB_GPUS - 1) + ")");
    }
    return static_cast<uint16_t>(gpu + 1);
}

int64_t
FabricAddressPlan::GpuOfLid(uint16_t lid)
{
    return (lid == 0 || lid > MAX_IB_GPUS) ? -1 : static_cast<int64_t>(lid) - 1;
}

void
FabricAddressPlan::CheckIbAddressable(uint32_t nGpus)
{
    if (nGpus > MAX_IB_GPUS)
    {
        throw FabricConfigError("fabric has " + std::to_string(nGpus) +
                                " GPUs; InfiniBand-style addressing holds at most " +
                                std::to_string(MAX_IB_GPUS) + " (unicast LIDs 0x0001-0xBFFF)");
    }
}

} // namespace ns3
