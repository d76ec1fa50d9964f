/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ROCE_TRANSPORT_H
#define ROCE_TRANSPORT_H

#include "rc-transport.h"

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief RoCEv2: InfiniBand RC over Ethernet / IPv4 / UDP port 4791, with the ICRC trailer.
 *
 * Data packets are ECN-capable (ECT(0)) and carry the NIC's DataClass as DSCP class selector
 * (class x 8), so switches map them to that PFC priority. A receiver that takes a CE-marked
 * packet answers with a congestion notification packet (BTH opcode 0x81, 16 reserved bytes) at
 * most every NotificationInterval per QP: DCQCN's notification point. The UDP source port
 * carries a per-QP entropy value, so ECMP spreads QPs, not packets. Default congestion control:
 * ns3::DcqcnCongestionControl.
 */
class RoceTransport : public RcTransport
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    RoceTransport();
    ~RoceTransport() override;

    std::string GetName() const override;

    /// Bytes of IPv4 + UDP + BTH + ICRC around a RoCEv2 payload.
    static constexpr uint32_t HEADER_BYTES = 20 + 8 + 12 + 4;

  protected:
    uint32_t HeaderBytes() const override;
    Ptr<Packet> Frame(QueuePair& qp,
                      const IbBthHeader& bth,
                      const Header* extension,
                      uint32_t payloadBytes,
                      bool data,
                      uint16_t& protocol) override;
    bool Unframe(Ptr<Packet> packet, uint16_t protocol, RcFrame& frame) override;
    void NotifyCongestion(QueuePair& qp) override;
    void ReceiveOther(QueuePair& qp, const RcFrame& frame) override;
    std::string DefaultCongestionControl() const override;
};

} // namespace ns3

#endif /* ROCE_TRANSPORT_H */
