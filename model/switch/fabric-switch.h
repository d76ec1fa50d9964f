/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_SWITCH_H
#define FABRIC_SWITCH_H

#include "ecn-red-profile.h"
#include "fabric-mmu.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/fabric-routing.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/photonic-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <array>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief How a switch port's optics are packaged.
 */
enum class FabricPortKind
{
    PLUGGABLE, //!< a pluggable module with its own DSP
    LPO,       //!< linear pluggable optics (no DSP in the module)
    CPO,       //!< co-packaged optics: an optical engine beside the ASIC serves a port group
};

/**
 * \brief Text name of a port kind.
 * \param kind the kind
 * \return "pluggable", "lpo" or "cpo"
 */
std::string FabricPortKindName(FabricPortKind kind);

/**
 * \brief The port kind a transceiver preset implies: names starting with CPO are co-packaged,
 * with LPO linear pluggable, anything else a pluggable module.
 * \param transceiver preset name
 * \return the kind
 */
FabricPortKind FabricPortKindOf(const std::string& transceiver);

/**
 * \ingroup ai-fabric
 * \brief Link-level flow control of a switch's ports.
 */
enum class FabricFlowControl
{
    NONE,   //!< lossy: a queue over its threshold drops
    PFC,    //!< IEEE 802.1Qbb pause frames for the PFC classes
    CREDIT, //!< InfiniBand-style credits on every lane
};

/**
 * \ingroup ai-fabric
 * \brief Counters of one switch port.
 */
struct FabricPortCounters
{
    uint64_t rxPackets{0};           //!< packets received
    uint64_t rxBytes{0};             //!< bytes received (no Ethernet header)
    uint64_t txPackets{0};           //!< packets sent
    uint64_t txBytes{0};             //!< bytes sent (with Ethernet header)
    uint64_t ecnMarks{0};            //!< packets marked CE (IPv4) or FECN (IB) on this egress
    uint64_t trims{0};               //!< packets trimmed for this egress
    uint64_t pfcPausesSent{0};       //!< XOFF frames sent on this ingress
    uint64_t pfcResumesSent{0};      //!< XON frames sent on this ingress
    std::array<uint64_t, 5> drops{}; //!< by FabricDropReason (as index)
};

/**
 * \ingroup ai-fabric
 * \brief A switch whose ports are PhotonicNetDevices: forwarding on the destination (IPv4
 * address, the LRH DLID of an InfiniBand-style frame, else MAC) by the fabric's routes with ECMP
 * (for InfiniBand-style frames a linear forwarding table: one port per DLID), per-packet spraying
 * or adaptive load balancing; a shared-buffer MMU with dynamic thresholds; eight classes per port
 * (strict priority or DWRR, in each port's FabricPortQueue); RED ECN marking (IPv4 CE, InfiniBand
 * FECN); PFC or credit flow control; packet trimming; a pipeline latency; CPO engine groups; ASIC
 * and optics power.
 *
 * Aggregated to its Node. Ports are added in the order of the topology's port list, then
 * Finalize() checks radix and ASIC capacity and sets up the buffer.
 */
class FabricSwitch : public Object, public PhotonicDeviceOwner
{
  public:
    /// Load balancing among equal-cost ports.
    enum LoadBalancing
    {
        ECMP,     //!< hash of the 5-tuple (incl. the UDP source port), per flow; per DLID for IB
        SPRAY,    //!< round robin per packet
        ADAPTIVE, //!< the least-occupied port (ties by hash)
    };

    /**
     * \brief Register the type.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    FabricSwitch();
    ~FabricSwitch() override;

    /**
     * \brief Bind the switch to its node (and aggregate it there).
     * \param node the node
     * \param switchOrdinal this switch's ordinal in the fabric's routing
     */
    void Install(Ptr<Node> node, uint32_t switchOrdinal);

    /**
     * \brief Add a port. Throws FabricConfigError past the radix or the ASIC capacity.
     * \param device the port's device (installed on the switch's node)
     * \param kind how its optics are packaged
     * \return the port index
     */
    uint32_t AddPort(Ptr<PhotonicNetDevice> device, FabricPortKind kind);

    /**
     * \brief Set up the buffer, headroom and credit regions once all ports exist. Throws
     * FabricConfigError if they do not fit.
     */
    void Finalize();

    /**
     * \brief Use a fabric's routes.
     * \param routing shared routes
     */
    void SetRouting(Ptr<const FabricRouting> routing);

    /**
     * \brief Set the link-level flow control (also sets credit mode on the port devices).
     * \param mode none, PFC or credit
     */
    void SetFlowControl(FabricFlowControl mode);
    /**
     * \brief The link-level flow control.
     * \return the mode
     */
    FabricFlowControl GetFlowControl() const;

    /**
     * \brief Fail (or repair) a co-packaged optical engine: every port of its group goes down
     * (or up).
     * \param engine engine index
     * \param failed true to fail, false to repair
     */
    void SetCpoEngineFailed(uint32_t engine, bool failed);
    /**
     * \brief The ports an optical engine serves.
     * \param engine engine index
     * \return port indexes
     */
    std::vector<uint32_t> GetCpoEnginePorts(uint32_t engine) const;
    /**
     * \brief Number of optical engines (CPO ports / CpoPortsPerEngine, rounded up).
     * \return count
     */
    uint32_t GetNCpoEngines() const;

    /**
     * \brief Number of ports.
     * \return count
     */
    uint32_t GetNPorts() const;
    /**
     * \brief A port's device.
     * \param port index
     * \return the device
     */
    Ptr<PhotonicNetDevice> GetPort(uint32_t port) const;
    /**
     * \brief A port's kind.
     * \param port index
     * \return the kind
     */
    FabricPortKind GetPortKind(uint32_t port) const;
    /**
     * \brief A port's counters.
     * \param port index
     * \return the counters
     */
    const FabricPortCounters& GetPortCounters(uint32_t port) const;
    /**
     * \brief The buffer manager.
     * \return the MMU
     */
    const FabricMmu& GetMmu() const;
    /**
     * \brief PFC headroom per class of a port (0 if not PFC).
     * \param port index
     * \return bytes
     */
    uint64_t GetHeadroom(uint32_t port) const;
    /**
     * \brief Nameplate power: ASIC plus the switch-side modules of all ports.
     * \return watts
     */
    double GetPowerW() const;
    /**
     * \brief Energy since the start: ASIC power x time plus the port modules' energy.
     * \return joules
     */
    double GetEnergy() const;
    /**
     * \brief The switch's name (for messages).
     * \return name
     */
    std::string GetName() const;
    /**
     * \brief Ingress-to-egress processing time of a packet.
     * \return the PipelineLatency attribute
     */
    Time GetPipelineLatency() const;
    /**
     * \brief Use fixed random streams.
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Read what a frame's bytes say, as a switch forwarding it does: the Ethernet
     * fields given, the network header's (IPv4 addresses, protocol, L4 ports, class; the
     * InfiniBand-style LRH's DLID and class).
     * \param packet the frame (Ethernet header included)
     * \param protocol its EtherType
     * \param to its destination MAC
     * \return the fields (kind IPV4, IB or OTHER)
     */
    static FabricFrameFields ReadFields(const Ptr<const Packet>& packet,
                                        uint16_t protocol,
                                        const MacBytes& to);

    // PhotonicDeviceOwner: every frame of every port comes here directly; when a packet leaves
    // a port's egress queue for the wire its note says what it came in on and was charged, and
    // the switch releases its buffer, sends XON if due and returns its credit.
    void FrameReceived(uint32_t port,
                       const Ptr<Packet>& packet,
                       uint16_t protocol,
                       const MacBytes& to,
                       const FabricFrameFields& fields) override;
    void FrameDequeued(uint32_t port,
                       const Ptr<Packet>& packet,
                       int cls,
                       const FabricQueueNote& note) override;
    /**
     * \brief Hint the port's record (its rx counters), ahead of a frame's arrival.
     * \param port the port
     */
    void PrefetchPort(uint32_t port, const FabricFrameFields& fields) const override;
    /**
     * \brief Hint the state forwarding reads once the route is known: the egress port's record
     * and MMU counters, for the egress the frame will take (ECMP and spraying; adaptive
     * routing's choice waits for the queues).
     * \param port the port the frame arrives on
     * \param fields what the frame's bytes say
     */
    void PrefetchRoute(uint32_t port, const FabricFrameFields& fields) const override;
    /**
     * \brief Hint the port's record (its tx counters) and its MMU egress counters for the
     * class, ahead of a frame leaving the port.
     * \param port the port
     * \param cls the frame's class
     */
    void PrefetchEgress(uint32_t port, uint8_t cls) const override;

    /**
     * \brief TracedCallback signature for per-port packet events.
     * \param port port index
     * \param packet the packet
     */
    typedef void (*PortPacketTracedCallback)(uint32_t port, Ptr<const Packet> packet);
    /**
     * \brief TracedCallback signature for drops.
     * \param packet the packet
     * \param port port index (egress if chosen, else ingress)
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       uint32_t port,
                                       FabricDropReason reason);
    /**
     * \brief TracedCallback signature for ECN marks.
     * \param port egress port
     * \param queueBytes egress (port, class) bytes seen by RED
     */
    typedef void (*EcnMarkTracedCallback)(uint32_t port, uint64_t queueBytes);
    /**
     * \brief TracedCallback signature for admissions to an egress queue.
     * \param port egress port
     * \param cls class
     * \param queueBytes bytes already in the egress (port, class) queue
     */
    typedef void (*EnqueueTracedCallback)(uint32_t port, uint8_t cls, uint64_t queueBytes);
    /**
     * \brief TracedCallback signature for PFC frames sent.
     * \param port ingress port the frame went out of
     * \param cls class
     * \param pause true for XOFF, false for XON
     */
    typedef void (*PfcSentTracedCallback)(uint32_t port, uint8_t cls, bool pause);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Attribute setter of FlowControl.
     * \param mode a FabricFlowControl value
     */
    void SetFlowControlValue(int mode);
    /**
     * \brief Attribute getter of FlowControl.
     * \return a FabricFlowControl value
     */
    int GetFlowControlValue() const;

  private:
    /**
     * What the switch remembers of a packet it holds, from admission until the packet leaves
     * its egress queue: where it came in, its class, and what it was charged in the buffer, so
     * that the buffer, PFC state and link credits are released exactly when it leaves. It rides
     * with the packet in the egress queue as the packet's FabricQueueNote, where a packet tag
     * would cost a tag-list update per hop.
     */
    struct HopRecord
    {
        uint16_t ingressPort{0};  //!< port the packet arrived on
        uint8_t priority{0};      //!< its class at this hop
        uint8_t charge{0};        //!< buffer region charged (FabricMmu::Region)
        uint32_t bytes{0};        //!< bytes charged to the buffer
        uint32_t creditBlocks{0}; //!< link credits (64-byte blocks) owed to the ingress link

        /**
         * \brief The record as a queue note (marked as the switch's).
         * \return the note
         */
        FabricQueueNote ToNote() const;

        /**
         * \brief Read a record back from a note.
         * \param note the note
         * \param[out] hop the record
         * \return false if the note is not a switch's (a frame sent on the port by someone else)
         */
        static bool FromNote(const FabricQueueNote& note, HopRecord& hop);
    };

    /// One port.
    struct alignas(64) Port
    {
        // A packet-hop reads the device and one pair of rx or tx counters: they share the
        // first cache line, with the queue and the cable behind the device, known at
        // Finalize() so that all three can be hinted at once (not one after the other).
        Ptr<PhotonicNetDevice> device;                  //!< its device
        Ptr<const FabricPortQueue> queue;               //!< its device's queue (for hints)
        Ptr<const PhotonicChannel> channel;             //!< its device's cable (for hints)
        FabricPortCounters counters;                    //!< counters
        FabricPortKind kind{FabricPortKind::PLUGGABLE}; //!< packaging
        int32_t cpoEngine{-1};                          //!< engine, if CPO
        uint64_t headroom{0};                           //!< PFC headroom per class, bytes
    };

    /**
     * \brief Every frame a port receives (its device's forward hook).
     * \param ingress the port
     * \param packet the frame (Ethernet header included), the switch's own
     * \param protocol EtherType
     * \param to destination MAC
     * \param fields what the frame's bytes say, if the sending switch read them
     */
    void ReceiveFromPort(uint32_t ingress,
                         const Ptr<Packet>& packet,
                         uint16_t protocol,
                         const MacBytes& to,
                         const FabricFrameFields& fields);
    /**
     * \brief Forward after the pipeline latency.
     * \param packet the frame (Ethernet header included)
     * \param protocol EtherType
     * \param to destination MAC
     * \param ingress ingress port
     * \param arrived what the frame's bytes say, if the sending switch read them (else they are
     *        read here)
     */
    void Forward(const Ptr<Packet>& packet,
                 uint16_t protocol,
                 const MacBytes& to,
                 uint32_t ingress,
                 const FabricFrameFields& arrived);
    /**
     * \brief The destination GPU of a frame, from its fields: its IPv4 destination, its DLID,
     * else its destination MAC.
     * \param fields what the frame's bytes say
     * \return the GPU ordinal, or -1 if the fields name none
     */
    static int64_t GpuOf(const FabricFrameFields& fields);
    /**
     * \brief The hash ECMP picks a frame's port by: of the 5-tuple, the DLID, or the
     * destination GPU, seeded by HashSeed.
     * \param fields what the frame's bytes say (kind IPV4, IB or OTHER)
     * \param gpu its destination GPU (GpuOf())
     * \return the hash
     */
    uint64_t FlowHashOf(const FabricFrameFields& fields, int64_t gpu) const;
    /**
     * \brief Where ECMP (the flow hash) or spraying (the counter, not advanced) falls among
     * equal-cost ports.
     * \param ports the candidates, at least one
     * \param fields what the frame's bytes say
     * \param gpu its destination GPU (GpuOf())
     * \return the index into ports
     */
    uint32_t SpreadIndex(const FabricPortSet& ports,
                         const FabricFrameFields& fields,
                         int64_t gpu) const;
    /**
     * \brief Pick an egress among equal-cost ports, by LoadBalancing (spraying advances its
     * counter; adaptive takes the emptiest, ties by the flow hash).
     * \param ports the candidates, at least one
     * \param fields what the frame's bytes say
     * \param gpu its destination GPU (GpuOf())
     * \return the port
     */
    uint32_t ChoosePort(const FabricPortSet& ports, const FabricFrameFields& fields, int64_t gpu);
    /**
     * \brief Release a packet's charge after admission (left or dropped).
     * \param egress egress port
     * \param hop what the switch held of it
     */
    void Release(uint32_t egress, const HopRecord& hop);
    /**
     * \brief Count a drop; return credits for it if it came in under credits.
     * \param packet the packet
     * \param port port index for the counters
     * \param ingress its ingress port
     * \param cls its class
     * \param creditBlocks link credit to return to the ingress (0 if none)
     * \param reason why
     */
    void Drop(Ptr<const Packet> packet,
              uint32_t port,
              uint32_t ingress,
              uint8_t cls,
              uint32_t creditBlocks,
              FabricDropReason reason);
    /**
     * \brief Send XOFF on an ingress port and keep it refreshed.
     * \param ingress port
     * \param cls class
     */
    void SendPause(uint32_t ingress, uint8_t cls);
    /**
     * \brief Cut a trimmable IPv4 packet to TrimSize bytes and move it to TrimClass: DSCP remarked
     * to TrimClass's selector with FABRIC_DSCP_TRIMMED (and a FabricPacketTag, if any, marked).
     * \param packet the packet
     * \return true if trimmed
     */
    bool Trim(Ptr<Packet> packet);
    /**
     * \brief Mark CE if the packet is ECN-capable.
     * \param packet the packet
     * \return true if marked
     */
    bool MarkCe(Ptr<Packet> packet);

    Ptr<Node> m_node;            //!< the node
    uint32_t m_switchOrdinal{0}; //!< ordinal in the routing
    std::vector<Port> m_ports;   //!< ports
    //! XOFF refresh timers per port and class (apart from m_ports: rarely touched)
    std::vector<std::array<EventId, FABRIC_NUM_CLASSES>> m_pfcRefresh;
    Ptr<const FabricRouting> m_routing;                       //!< routes
    FabricMmu m_mmu;                                          //!< buffer
    uint64_t m_bufferBytes{64ull << 20};                      //!< BufferSize, bytes
    double m_queueAlpha{1.0};                                 //!< QueueAlpha
    double m_portAlpha{4.0};                                  //!< PortAlpha
    double m_pfcAlpha{0.125};                                 //!< PfcAlpha
    uint32_t m_xonDeltaBytes{18432};                          //!< XonDelta, bytes
    uint64_t m_ecnKmin{200000};                               //!< EcnKmin, bytes
    uint64_t m_ecnKmax{800000};                               //!< EcnKmax, bytes
    double m_ecnPmax{0.2};                                    //!< EcnPmax
    EcnRedProfile m_ecn;                                      //!< marking profile
    bool m_ecnEnabled{true};                                  //!< mark ECN
    FabricFlowControl m_flowControl{FabricFlowControl::NONE}; //!< link flow control
    uint8_t m_pfcClasses{0x08};                               //!< PFC classes (bit mask)
    uint64_t m_headroomBytes{0};         //!< PFC headroom per class (0 = per link)
    LoadBalancing m_loadBalancing{ECMP}; //!< load balancing
    uint32_t m_hashSeed{0};              //!< ECMP hash seed (0 = from the node id)
    uint64_t m_sprayNext{0};             //!< spraying round-robin counter
    Time m_pipelineLatency;              //!< ingress-to-egress processing
    bool m_trimming{false};              //!< trim trimmable packets on overflow
    uint32_t m_trimSize{64};             //!< trimmed IPv4 packet size, bytes
    uint8_t m_trimClass{7};              //!< class of trimmed packets
    uint32_t m_radix{0};                 //!< port limit (0 = none)
    DataRate m_asicCapacity;             //!< switching capacity (0 = unchecked)
    double m_asicPowerW{500.0};          //!< ASIC power, watts
    uint32_t m_cpoPortsPerEngine{4};     //!< ports per CPO optical engine
    uint32_t m_nCpoPorts{0};             //!< CPO ports so far
    std::string m_name;                  //!< name for messages
    bool m_finalized{false};             //!< Finalize() ran
    Time m_energyEpoch;                  //!< start of energy accounting
    Ptr<UniformRandomVariable> m_ecnRng; //!< marking draws
    TracedValue<uint64_t> m_occupancy;   //!< buffer bytes in use
    TracedCallback<uint32_t, Ptr<const Packet>> m_portRxTrace;                 //!< PortRx
    TracedCallback<uint32_t, Ptr<const Packet>> m_portTxTrace;                 //!< PortTx
    TracedCallback<Ptr<const Packet>, uint32_t, FabricDropReason> m_dropTrace; //!< Drop
    TracedCallback<uint32_t, uint8_t, uint64_t> m_enqueueTrace;                //!< Enqueue
    TracedCallback<uint32_t, uint64_t> m_ecnMarkTrace;                         //!< EcnMark
    TracedCallback<uint32_t, Ptr<const Packet>> m_trimTrace;                   //!< Trim
    TracedCallback<uint32_t, uint8_t, bool> m_pfcSentTrace;                    //!< PfcSent
};

} // namespace ns3

#endif /* FABRIC_SWITCH_H */
