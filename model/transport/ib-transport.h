/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IB_TRANSPORT_H
#define IB_TRANSPORT_H

#include "rc-transport.h"

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief InfiniBand-style RC transport: LRH / BTH / payload / ICRC / VCRC frames (EtherType
 * 0x88B6 on the module's links), forwarded by destination LID.
 *
 * The LRH carries the NIC's DataClass as service level and virtual lane (the control class for
 * ACKs), DLID = LID of the peer and SLID = own LID (LID = GPU ordinal + 1). Lossless operation
 * comes from the links' credit flow control (FabricFlowControl::CREDIT). A data packet that
 * arrives with FECN makes the receiver acknowledge at once with BECN set in the ACK's BTH, one
 * BECN per marked packet (IBA annex A10); the sender's congestion control (default
 * ns3::IbCongestionControl) raises its CCT index on each.
 */
class IbTransport : public RcTransport
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    IbTransport();
    ~IbTransport() override;

    std::string GetName() const override;

    /// Bytes of LRH + BTH + ICRC + VCRC around a payload.
    static constexpr uint32_t HEADER_BYTES = 8 + 12 + 4 + 2;

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
    std::string DefaultCongestionControl() const override;
};

} // namespace ns3

#endif /* IB_TRANSPORT_H */
