/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_ADDRESS_PLAN_H
#define FABRIC_ADDRESS_PLAN_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief The address plan of an instantiated fabric, computed from a GPU's ordinal (its index
 * among the GPU nodes of the FabricTopology, in the order they were added):
 *
 * - NIC (scale-out) interface: IPv4 10.0.0.0/9 + ordinal + 1, MAC 02:00:xx:xx:xx:xx (ordinal + 1);
 * - scale-up (NVLink) interface: IPv4 10.128.0.0/9 + ordinal + 1, MAC 02:01:xx:xx:xx:xx;
 * - switch ports: MAC 02:02:ss:ss:sp:pp (switch ordinal << 12 | port);
 * - InfiniBand-style LID of the NIC: ordinal + 1.
 *
 * Switches resolve a destination address to a GPU ordinal by arithmetic, so forwarding needs no
 * per-address table. Up to 2^23 - 2 GPUs; InfiniBand-style addressing holds fewer (MAX_IB_GPUS):
 * unicast LIDs are 0x0001-0xBFFF (0xC000-0xFFFE are multicast, 0xFFFF the permissive LID) and
 * only GPU NICs get one (switches need none: no subnet management packets are simulated).
 */
class FabricAddressPlan
{
  public:
    static constexpr uint32_t MAX_GPUS = (1u << 23) - 2; //!< addressable GPUs
    static constexpr uint32_t MAX_IB_GPUS = 0xBFFF; //!< GPUs with a unicast LID (0x0001-0xBFFF)

    /**
     * \brief The NIC address of a GPU.
     * \param gpu ordinal
     * \return 10.0.0.0/9 + gpu + 1
     */
    static Ipv4Address NicAddress(uint32_t gpu);
    /**
     * \brief The scale-up interface address of a GPU.
     * \param gpu ordinal
     * \return 10.128.0.0/9 + gpu + 1
     */
    static Ipv4Address ScaleUpAddress(uint32_t gpu);
    /**
     * \brief The mask of both blocks.
     * \return 255.128.0.0
     */
    static Ipv4Mask Mask();
    /**
     * \brief The NIC MAC of a GPU.
     * \param gpu ordinal
     * \return 02:00 + (gpu + 1)
     */
    static Mac48Address NicMac(uint32_t gpu);
    /**
     * \brief The scale-up interface MAC of a GPU.
     * \param gpu ordinal
     * \return 02:01 + (gpu + 1)
     */
    static Mac48Address ScaleUpMac(uint32_t gpu);
    /**
     * \brief The MAC of a switch port.
     * \param switchOrdinal switch ordinal (< 2^20)
     * \param port port index (< 4096)
     * \return 02:02 + (switchOrdinal << 12 | port)
     */
    static Mac48Address SwitchPortMac(uint32_t switchOrdinal, uint32_t port);
    /**
     * \brief The GPU an IPv4 address belongs to.
     * \param address an address of either block
     * \return the ordinal, or -1 if outside the plan
     */
    static int64_t GpuOfAddress(Ipv4Address address);
    /**
     * \brief The GPU an IPv4 address given as an integer belongs to (per-packet paths).
     * \param address the address, host order
     * \return the ordinal, or -1 if outside the plan
     */
    static int64_t GpuOfIpv4(uint32_t address);
    /**
     * \brief NicAddress() or ScaleUpAddress() as an integer (per-packet paths).
     * \param gpu ordinal
     * \param scaleUp the scale-up interface's address instead of the NIC's
     * \return the address, host order
     */
    static uint32_t GpuIpv4(uint32_t gpu, bool scaleUp);
    /**
     * \brief The GPU a MAC address belongs to.
     * \param address a NIC or scale-up MAC
     * \return the ordinal, or -1 if outside the plan
     */
    static int64_t GpuOfMac(Mac48Address address);
    /**
     * \brief The GPU a MAC address given as bytes belongs to (per-packet paths: no Address
     * conversions).
     * \param mac six bytes in wire order
     * \return the ordinal, or -1 if outside the plan
     */
    static int64_t GpuOfMacBytes(const uint8_t* mac);
    /**
     * \brief The NIC (or scale-up) MAC of a GPU as bytes.
     * \param gpu ordinal
     * \param scaleUp the scale-up interface's MAC instead of the NIC's
     * \param[out] mac six bytes in wire order
     */
    static void GpuMacBytes(uint32_t gpu, bool scaleUp, uint8_t* mac);
    /**
     * \brief The InfiniBand-style LID of a GPU's NIC. Throws FabricConfigError for a GPU
     * beyond the unicast LID range (ordinal MAX_IB_GPUS or more).
     * \param gpu ordinal
     * \return gpu + 1
     */
    static uint16_t LidOfGpu(uint32_t gpu);
    /**
     * \brief The GPU a LID belongs to.
     * \param lid a destination or source LID
     * \return the ordinal (lid - 1), or -1 for LID 0 and multicast or permissive LIDs
     */
    static int64_t GpuOfLid(uint16_t lid);
    /**
     * \brief Check that a fabric can use InfiniBand-style addressing; transports and helpers
     * that configure InfiniBand-style traffic call it before the simulation starts.
     * Throws FabricConfigError naming the GPU count and the limit when it has more GPUs than
     * unicast LIDs.
     * \param nGpus GPUs in the fabric
     */
    static void CheckIbAddressable(uint32_t nGpus);
};

} // namespace ns3

#endif /* FABRIC_ADDRESS_PLAN_H */
