/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_MMU_H
#define FABRIC_MMU_H

#include "ns3/fabric-tags.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Why a switch dropped a packet.
 */
enum class FabricDropReason
{
    BUFFER_FULL,       //!< lossy class over its dynamic threshold or the shared pool full
    HEADROOM_OVERFLOW, //!< PFC class beyond its headroom (headroom too small for the link)
    CREDIT_OVERRUN,    //!< credit class beyond the advertised buffer (a sender ignored credits)
    NO_ROUTE,          //!< no next hop towards the destination
    LINK_DOWN,         //!< the chosen egress link was down
};

/**
 * \brief Text name of a drop reason.
 * \param reason the reason
 * \return "buffer-full", "headroom-overflow", "credit-overrun", "no-route" or "link-down"
 */
std::string FabricDropReasonName(FabricDropReason reason);

/**
 * \ingroup ai-fabric
 * \brief Settings of a switch's shared-buffer memory management unit.
 */
struct FabricMmuConfig
{
    uint64_t bufferBytes{64ull << 20}; //!< total packet buffer, bytes
    double queueAlpha{1.0};            //!< egress (port, class) dynamic-threshold factor
    double portAlpha{4.0};             //!< egress port dynamic-threshold factor
    double pfcAlpha{0.125};            //!< ingress (port, class) XOFF dynamic-threshold factor
    uint32_t xonDeltaBytes{18432};     //!< resume when this far below XOFF, bytes
};

/**
 * \ingroup ai-fabric
 * \brief A shared-buffer MMU: a shared pool with dynamic thresholds (Choudhury and Hahne: a
 * queue may grow to alpha x the free shared buffer) per egress port and per egress (port,
 * class); for PFC classes, ingress accounting with a dynamic XOFF threshold, XON hysteresis and
 * per-(port, class) headroom reserved outside the shared pool; for credit flow control, a region
 * per ingress port equal to the credit it advertises.
 *
 * Every admitted byte is in exactly one region, so the occupancy never exceeds the buffer.
 */
class FabricMmu
{
  public:
    /// Where a packet's bytes are charged.
    enum Region : uint8_t
    {
        SHARED = 0,   //!< the shared pool, held by its ingress (port, class) for PFC
        HEADROOM = 1, //!< PFC headroom of its ingress (port, class)
        CREDIT = 2,   //!< credit region of its ingress port
        LOSSY = 3,    //!< the shared pool, charged to its egress queue alone
    };

    /// The outcome of an admission.
    struct Admission
    {
        bool admitted{false};                                   //!< the packet may be queued
        Region region{SHARED};                                  //!< where it was charged
        bool pause{false};                                      //!< ingress (port, class) went XOFF
        FabricDropReason reason{FabricDropReason::BUFFER_FULL}; //!< why not, if not admitted
    };

    /**
     * \brief Set up the buffer. Throws FabricConfigError if the reserves do not fit.
     * \param config the settings
     * \param headroomBytes per port: headroom of each PFC class (0 = port not PFC)
     * \param pfcClasses PFC classes (bit c = class c)
     * \param creditBytes per port: credit region (0 = port not credit flow controlled)
     */
    void Configure(const FabricMmuConfig& config,
                   const std::vector<uint64_t>& headroomBytes,
                   uint8_t pfcClasses,
                   const std::vector<uint64_t>& creditBytes);

    /**
     * \brief Admit a packet of a lossy class (dynamic thresholds; dropped if over).
     * \param egress egress port
     * \param cls class
     * \param bytes size
     * \return the outcome
     */
    Admission AdmitLossy(uint32_t egress, uint8_t cls, uint32_t bytes);
    /**
     * \brief Admit a packet of a PFC class (never over a threshold: XOFF, then headroom).
     * \param ingress ingress port
     * \param egress egress port
     * \param cls class
     * \param bytes size
     * \return the outcome
     */
    Admission AdmitPfc(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes);
    /**
     * \brief Admit a packet that arrived under credit flow control.
     * \param ingress ingress port
     * \param egress egress port
     * \param cls class
     * \param bytes size
     * \return the outcome
     */
    Admission AdmitCredit(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes);
    /**
     * \brief Release a packet's bytes when it leaves (or is dropped after admission).
     * \param ingress ingress port
     * \param egress egress port
     * \param cls class
     * \param bytes size charged
     * \param region where it was charged
     * \return true if its ingress (port, class) leaves XOFF (send a resume)
     */
    bool Release(uint32_t ingress, uint32_t egress, uint8_t cls, uint32_t bytes, Region region);

    /**
     * \brief Hint the processor to load what Release() reads of an egress (port, class): the
     * port's total and the class's count.
     * \param egress port
     * \param cls class
     */
    void PrefetchEgress(uint32_t egress, uint8_t cls) const
    {
        if (egress < m_ports.size())
        {
            const PortState& port = m_ports[egress];
            __builtin_prefetch(&port.egressTotal, 1);
            __builtin_prefetch(&port.classes[cls].egress, 1);
        }
    }

    /**
     * \brief Bytes held in all regions.
     * \return bytes
     */
    uint64_t GetOccupancy() const;
    /**
     * \brief Largest occupancy seen.
     * \return bytes
     */
    uint64_t GetPeakOccupancy() const;
    /**
     * \brief The shared pool size (buffer minus reserves).
     * \return bytes
     */
    uint64_t GetSharedSize() const;
    /**
     * \brief The total buffer.
     * \return bytes
     */
    uint64_t GetBufferSize() const;
    /**
     * \brief Bytes queued for an egress port.
     * \param egress port
     * \return bytes
     */
    uint64_t GetEgressBytes(uint32_t egress) const;
    /**
     * \brief Bytes queued for an egress (port, class).
     * \param egress port
     * \param cls class
     * \return bytes
     */
    uint64_t GetEgressBytes(uint32_t egress, uint8_t cls) const;
    /**
     * \brief Bytes held for an ingress (port, class) (shared + headroom).
     * \param ingress port
     * \param cls class
     * \return bytes
     */
    uint64_t GetIngressBytes(uint32_t ingress, uint8_t cls) const;
    /**
     * \brief Whether an ingress (port, class) is in XOFF.
     * \param ingress port
     * \param cls class
     * \return true if paused
     */
    bool IsPaused(uint32_t ingress, uint8_t cls) const;
    /**
     * \brief The XOFF threshold now (pfcAlpha x free shared buffer).
     * \return bytes
     */
    double GetXoffThreshold() const;

  private:
    /// Per-class counters of a port: a packet-hop reads one of these, not eight of each kind.
    struct ClassState
    {
        uint64_t egress{0};        //!< egress bytes
        uint64_t ingressShared{0}; //!< PFC: shared bytes
        uint64_t headroomUsed{0};  //!< PFC: headroom bytes
        bool paused{false};        //!< PFC: XOFF sent
    };

    /// Per-port counters.
    struct PortState
    {
        uint64_t egressTotal{0};                              //!< egress bytes
        uint64_t headroom{0};                                 //!< headroom per class
        uint64_t credit{0};                                   //!< credit region size
        uint64_t creditUsed{0};                               //!< credit region bytes
        std::array<ClassState, FABRIC_NUM_CLASSES> classes{}; //!< per class
    };

    /**
     * \brief Count bytes into an egress queue.
     * \param egress port
     * \param cls class
     * \param bytes size
     */
    void AddEgress(uint32_t egress, uint8_t cls, uint32_t bytes);

    FabricMmuConfig m_config;       //!< settings
    std::vector<PortState> m_ports; //!< per port
    uint64_t m_sharedSize{0};       //!< shared pool, bytes
    uint64_t m_sharedUsed{0};       //!< shared pool in use
    uint64_t m_reservedUsed{0};     //!< headroom and credit regions in use
    uint64_t m_peak{0};             //!< peak occupancy
};

} // namespace ns3

#endif /* FABRIC_MMU_H */
