/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_HEADER_STACK_H
#define FABRIC_HEADER_STACK_H

#include "ns3/header.h"

#include <array>
#include <initializer_list>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Several headers added to or removed from a packet in one Packet::AddHeader() or
 * RemoveHeader(): the same bytes as adding them one by one, with one buffer operation (and at
 * most one reallocation of the packet's buffer) instead of one per header.
 *
 * The stack refers to the caller's header objects, outermost first, and must not outlive them.
 * Serialization runs innermost first, so a header that checksums what follows it finds it
 * written; deserialization runs outermost first, each header taking the bytes it reads (so
 * variable-length headers work). A packet printed with metadata shows the stack as one header:
 * remove it with the same stack (or by bytes), not header by header, when
 * Packet::EnableChecking() is on.
 */
class FabricHeaderStack : public Header
{
  public:
    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    FabricHeaderStack();

    /**
     * \brief A stack of headers.
     * \param headers the headers, outermost (first on the wire) first
     */
    FabricHeaderStack(std::initializer_list<Header*> headers);

    /// Most headers in one stack (held inline: a stack is built per packet).
    static constexpr std::size_t MAX_HEADERS = 4;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    std::array<Header*, MAX_HEADERS> m_headers{}; //!< outermost first
    std::size_t m_count{0};                       //!< headers held
};

} // namespace ns3

#endif /* FABRIC_HEADER_STACK_H */
