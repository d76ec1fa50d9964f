/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IB_CONGESTION_CONTROL_H
#define IB_CONGESTION_CONTROL_H

#include "fabric-congestion-control.h"

#include "ns3/event-id.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief InfiniBand congestion control at the source (IBA Vol. 1, Annex A10): a congestion
 * control table (CCT) of inter-packet delays and an index into it (CCTI).
 *
 * - Each BECN (OnCongestionNotification()) raises the CCTI by CctiIncrease, up to CctiLimit.
 * - A timer of period CctiTimer lowers the CCTI by one per expiry, down to CctiMin; it runs only
 *   while the CCTI is above CctiMin (started by the BECN that lifts it off CctiMin; later BECNs
 *   do not restart it).
 * - A CCT entry holds a 2-bit shift and a 14-bit multiplier; its inter-packet delay is
 *   IPD = t_pkt x multiplier / 2^shift, in units of the time to send one full packet (the
 *   injection rate delay of Annex A10.2.2.1.1, as the Linux hfi1 driver and the Omni-Path fabric
 *   manager compute it from the same CCT format).
 * - Pacing rate = line rate x t_pkt / (t_pkt + IPD(CCTI)), with t_pkt = MTU x 8 / line rate
 *   (the MTU given to Start()); that is line rate x 2^shift / (2^shift + multiplier).
 *
 * The table is linear by default: entry i = (CctShift, i x CctMultiplierStep), so
 * IPD(i) = i x CctMultiplierStep x t_pkt / 2^CctShift; SetTable() installs any other table.
 * Chosen by TypeId name "ns3::IbCongestionControl"; GetName() is "ib-cct".
 */
class IbCongestionControl : public FabricCongestionControl
{
  public:
    static constexpr uint16_t CCT_MULTIPLIER_MASK = 0x3fff; //!< multiplier: 14 bits
    static constexpr uint8_t CCT_MAX_SHIFT = 3;             //!< shift: 2 bits

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    IbCongestionControl();
    ~IbCongestionControl() override;

    /**
     * \brief Start on a path: CCTI = CctiMin. Throws FabricConfigError for a configuration the
     * table cannot hold (see CheckConfig()).
     * \param lineRateBps the NIC port's line rate, bits per second
     * \param baseRtt the path's unloaded round-trip time
     * \param mtuBytes payload bytes of a full packet (sets t_pkt)
     */
    void Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes) override;
    /**
     * \brief The pacing rate: line rate x t_pkt / (t_pkt + IPD(CCTI)).
     * \return bits per second
     */
    uint64_t GetRate() const override;
    /**
     * \brief A BECN arrived: raise the CCTI by CctiIncrease (at most to CctiLimit) and start
     * the decrease timer if it is not running.
     */
    void OnCongestionNotification() override;
    /**
     * \brief The algorithm's name for reports.
     * \return "ib-cct"
     */
    std::string GetName() const override;

    /**
     * \brief Install an explicit congestion control table, replacing the linear one. Throws
     * FabricConfigError for an empty table.
     * \param entries CCT entries in the IBA format (shift in bits 15-14, multiplier in 13-0),
     *        index 0 first; CctiLimit must be below entries.size()
     */
    void SetTable(const std::vector<uint16_t>& entries);
    /**
     * \brief Build a CCT entry.
     * \param shift 0..3
     * \param multiplier 0..16383
     * \return the 16-bit entry
     */
    static uint16_t MakeCctEntry(uint8_t shift, uint16_t multiplier);
    /**
     * \brief The CCT entry at an index (of the explicit table, else the linear one).
     * \param index 0..CctiLimit
     * \return the 16-bit entry
     */
    uint16_t GetCctEntry(uint32_t index) const;
    /**
     * \brief The congestion control table index.
     * \return CCTI
     */
    uint32_t GetCcti() const;
    /**
     * \brief The time to send one full packet at line rate.
     * \return t_pkt = MTU x 8 / line rate (zero before Start())
     */
    Time GetPacketTime() const;
    /**
     * \brief The inter-packet delay of the current CCTI.
     * \return IPD(CCTI) = t_pkt x multiplier / 2^shift
     */
    Time GetInterPacketDelay() const;
    /**
     * \brief Check the configuration; throws FabricConfigError naming the value and the limit
     * when CctShift exceeds 3, CctiMin exceeds CctiLimit, CctiTimer is not positive, a linear
     * multiplier (CctiLimit x CctMultiplierStep) exceeds 14 bits, or CctiLimit is not below the
     * explicit table's size.
     */
    void CheckConfig() const;

  protected:
    void DoDispose() override;

  private:
    /// The CCTI timer expired: lower the CCTI by one and run again while above CctiMin.
    void TimerExpired();

    uint32_t m_cctiIncrease{1};      //!< CctiIncrease
    uint32_t m_cctiLimit{127};       //!< CctiLimit
    uint32_t m_cctiMin{0};           //!< CctiMin
    Time m_cctiTimer;                //!< CctiTimer
    uint8_t m_cctShift{0};           //!< CctShift of the linear table
    uint32_t m_cctMultiplierStep{1}; //!< CctMultiplierStep of the linear table
    std::vector<uint16_t> m_table;   //!< explicit table (empty: linear)
    TracedValue<uint32_t> m_ccti;    //!< the congestion control table index
    EventId m_timer;                 //!< pending CCTI decrease
};

} // namespace ns3

#endif /* IB_CONGESTION_CONTROL_H */
