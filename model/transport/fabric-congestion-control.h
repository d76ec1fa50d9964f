/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_CONGESTION_CONTROL_H
#define FABRIC_CONGESTION_CONTROL_H

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <limits>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief What an acknowledgement tells the sender's congestion control.
 */
struct FabricCcFeedback
{
    uint32_t ackedBytes{0};    //!< payload bytes newly acknowledged by this ACK
    bool ecnEcho{false};       //!< the acknowledged data arrived with ECN CE
    Time rtt;                  //!< round-trip sample of the acknowledged packet, zero if none
    uint64_t inFlightBytes{0}; //!< payload bytes still unacknowledged after this ACK
};

/**
 * \ingroup ai-fabric
 * \brief Sender-side congestion control of one connection (QP or PDC).
 *
 * A connection asks for a pacing rate and a window before each packet and reports what it
 * sent and what came back. Rate-based algorithms (DCQCN, InfiniBand CCT) change GetRate();
 * window-based ones (NSCC) change GetWindow(). The base class is "no congestion control":
 * line rate and an unlimited window (a lossless fabric then relies on PFC or credits).
 * Chosen by TypeId name through FabricNic's CongestionControl attribute.
 */
class FabricCongestionControl : public Object
{
  public:
    /// Window value meaning "no window limit".
    static constexpr uint64_t UNLIMITED_WINDOW = std::numeric_limits<uint64_t>::max();

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricCongestionControl();
    ~FabricCongestionControl() override;

    /**
     * \brief Start on a path; called once when the connection is created.
     * \param lineRateBps the NIC port's line rate, bits per second
     * \param baseRtt the path's unloaded round-trip time (one MTU there, one ACK back)
     * \param mtuBytes payload bytes of a full packet
     */
    virtual void Start(uint64_t lineRateBps, Time baseRtt, uint32_t mtuBytes);

    /**
     * \brief The pacing rate.
     * \return bits per second
     */
    virtual uint64_t GetRate() const;

    /**
     * \brief The congestion window.
     * \return payload bytes allowed in flight, UNLIMITED_WINDOW for none
     */
    virtual uint64_t GetWindow() const;

    /**
     * \brief A data packet left.
     * \param bytes its payload bytes
     */
    virtual void OnPacketSent(uint32_t bytes);

    /**
     * \brief An acknowledgement arrived.
     * \param feedback what it says
     * \return true if the sender should move the flow to another path (entropy)
     */
    virtual bool OnAck(const FabricCcFeedback& feedback);

    /**
     * \brief An explicit congestion notification arrived (RoCEv2 CNP, InfiniBand BECN).
     */
    virtual void OnCongestionNotification();

    /**
     * \brief Data was lost: a NACK for a trimmed packet, a PSN gap or a timeout.
     * \param bytes payload bytes reported lost
     */
    virtual void OnLoss(uint32_t bytes);

    /**
     * \brief When the next packet may leave after one has left, by the pacing rate.
     * \param now when the packet left
     * \param wireBytes its bytes on the wire (frame, FCS, preamble, inter-frame gap)
     * \return now at line rate (the port serializes), else now + wireBytes x 8 / GetRate()
     */
    Time PacedSendTime(Time now, uint32_t wireBytes) const;

    /**
     * \brief The algorithm's name for reports.
     * \return e.g. "dcqcn"
     */
    virtual std::string GetName() const;

    /**
     * \brief Line rate given at Start().
     * \return bits per second
     */
    uint64_t GetLineRate() const;

    /**
     * \brief Base RTT given at Start().
     * \return the time
     */
    Time GetBaseRtt() const;

    /**
     * \brief MTU given at Start().
     * \return payload bytes
     */
    uint32_t GetMtu() const;

  protected:
    uint64_t m_lineRate{0}; //!< bits per second
    Time m_baseRtt;         //!< unloaded round trip
    uint32_t m_mtu{0};      //!< payload bytes per full packet
};

} // namespace ns3

#endif /* FABRIC_CONGESTION_CONTROL_H */
