/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PHOTONIC_CHANNEL_H
#define PHOTONIC_CHANNEL_H

#include "link-budget.h"
#include "photonic-frame-events.h"
#include "photonic-medium.h"

#include "ns3/channel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>

namespace ns3
{

class Packet;
class PhotonicNetDevice;

/**
 * \ingroup ai-fabric
 * \brief A point-to-point cable (fibre or copper) between exactly two PhotonicNetDevices.
 *
 * The propagation delay follows from the length and the medium (SMF 4.90 ns/m) and is exposed as
 * the Time attribute "Delay", as ns-3's distributed simulators expect of a channel they cut.
 * Frames are delivered with Simulator::ScheduleWithContext to the receiving node. The channel
 * holds the link state (up or down), which can flap on a schedule or at random (exponential
 * times between failures and repair times), and the passive parts of the optical budget:
 * connectors, splices, circuit-switch insertion loss and amplification.
 */
class PhotonicChannel : public Channel
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId for this class
     */
    static TypeId GetTypeId();

    PhotonicChannel();
    ~PhotonicChannel() override;

    /**
     * \brief Attach a device; a channel takes exactly two.
     * \param device the device
     * \throws FabricConfigError when a third device is attached
     */
    void Attach(Ptr<PhotonicNetDevice> device);

    /**
     * \brief Start a frame on the wire towards the other end.
     *
     * The frame arrives after its serialization time, the propagation delay and the receiving
     * path's module and FEC latency.
     *
     * \param p the frame
     * \param src the sending device
     * \param txTime serialization time of the frame
     * \param fields what the frame's bytes say, handed to the receiver with it (kind UNKNOWN
     *        if not read)
     * \return false when the link is down (the frame is not sent)
     */
    bool TransmitStart(const Ptr<Packet>& p,
                       const Ptr<PhotonicNetDevice>& src,
                       Time txTime,
                       const FabricFrameFields& fields = {});

    /**
     * \brief Recompute the delay from the end of a frame's transmission to its reception at
     * each end (propagation + that end's receive path): called as the cable or a module changes.
     */
    void RefreshArrivalDelays();

    /**
     * \brief Hint the processor to load what sending a frame reads (see
     * FabricPrefetchingEvent). Reads no member.
     */
    void PrefetchTransmitState() const;

    /**
     * \brief The shared arrival event of the end opposite a device (see PhotonicArrivalEvent),
     * for prefetch hints.
     * \param from the sending device
     * \return the event, or nullptr before the first frame towards that end
     */
    const PhotonicArrivalEvent* GetArrivalEventFrom(const PhotonicNetDevice* from) const
    {
        return PeekPointer(m_arrivals[PeekPointer(m_devices[0]) == from ? 1 : 0]);
    }

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * \brief The device at one end.
     * \param i 0 or 1
     * \return the device
     */
    Ptr<PhotonicNetDevice> GetPhotonicDevice(std::size_t i) const;

    /**
     * \brief The device at the other end from a given one.
     * \param device one end
     * \return the other end, or nullptr if none is attached yet
     */
    Ptr<PhotonicNetDevice> GetPeer(Ptr<const PhotonicNetDevice> device) const;

    /**
     * \brief Propagation delay: length x delay per metre of the medium.
     * \return the delay
     */
    Time GetDelay() const;

    /**
     * \brief Cable length.
     * \return metres
     */
    double GetLength() const;

    /**
     * \brief The cable's medium.
     * \return the medium
     */
    PhotonicMedium GetMedium() const;

    /**
     * \brief Whether the link is up (inline: asked for every frame).
     * \return true when up
     */
    bool IsLinkUp() const
    {
        return m_linkUp;
    }

    /**
     * \brief Time of the last change of link state (zero if none).
     * \return the time
     */
    Time GetLastStateChange() const;

    /**
     * \brief Bring the link up or down now. Both devices are told; frames in flight when the link
     * goes down are lost.
     * \param up the new state
     */
    void SetLinkUp(bool up);

    /**
     * \brief Schedule one flap: down at `at` (from now), up again `downFor` later.
     * \param at delay until the failure
     * \param downFor how long the link stays down
     */
    void ScheduleFlap(Time at, Time downFor);

    /**
     * \brief The budget input of the direction that ends at device `rxIndex`.
     * \param rxIndex 0 or 1
     * \return the input (transceivers, medium, length, passive losses, penalty)
     */
    LinkBudgetInput GetBudgetInput(std::size_t rxIndex) const;

    /**
     * \brief Check both directions: rate agreement, medium, reach and optical margin.
     * \param linkName how the link is named in a message
     * \throws FabricConfigError naming the link and the numbers
     */
    void CheckConfiguration(const std::string& linkName) const;

    /**
     * \brief Assign fixed random variable streams to the flap model.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief TracedCallback signature of link state changes.
     * \param up true when the link came up, false when it went down
     */
    typedef void (*LinkStateTracedCallback)(bool up);

  protected:
    void DoDispose() override;

  private:
    /// Recompute the delay and the devices' budgets after an attribute change.
    void Update();
    /**
     * \brief Set the medium by name.
     * \param name "smf", "mmf", "copper" or "hcf"
     */
    void SetMediumName(const std::string& name);
    /**
     * \brief Get the medium's name.
     * \return the name
     */
    std::string GetMediumName() const;
    /**
     * \brief Set the length.
     * \param metres the length
     */
    void SetLength(double metres);

    /**
     * \brief Set a field of the optical budget and recompute the devices' budgets.
     * \tparam T the field's type
     * \tparam M the field
     * \param value the new value
     */
    template <typename T, T PhotonicChannel::*M>
    void SetBudgetField(T value)
    {
        this->*M = value;
        Update();
    }

    /**
     * \brief Get a field of the optical budget.
     * \tparam T the field's type
     * \tparam M the field
     * \return the value
     */
    template <typename T, T PhotonicChannel::*M>
    T GetBudgetField() const
    {
        return this->*M;
    }

    /// Schedule the next random failure (when random flaps are enabled).
    void ScheduleRandomFailure();
    /// A random failure: the link goes down, and a repair is scheduled.
    void RandomFailure();

    std::array<Ptr<PhotonicNetDevice>, 2> m_devices; //!< the two ends
    std::size_t m_nDevices{0};                       //!< ends attached
    std::array<uint32_t, 2> m_context{};             //!< node id + 1 of each end (0: not known yet)
    std::array<Time, 2> m_arrival;                   //!< propagation + receive path, to each end
    std::array<Ptr<PhotonicArrivalEvent>, 2> m_arrivals; //!< frames on their way to each end
    std::array<Time, 2> m_lastArrival;                   //!< latest arrival scheduled at each end
    bool m_linkUp{true};   //!< link state (last of what every frame reads)
    double m_lengthM{1.0}; //!< cable length, metres
    PhotonicMedium m_medium{PhotonicMedium::SINGLE_MODE_FIBRE}; //!< the medium
    Time m_delay;                                               //!< propagation delay
    uint32_t m_connectors{2};                                   //!< connector pairs
    double m_connectorLossDb{0.5};                              //!< dB per connector pair
    uint32_t m_splices{0};                                      //!< splices
    double m_spliceLossDb{0.1};                                 //!< dB per splice
    double m_insertionLossDb{0};                                //!< circuit switch / panel loss, dB
    double m_amplifierGainDb{0};                                //!< in-line amplification, dB
    Time m_lastStateChange;                                     //!< when the state last changed
    Time m_flapMtbf;                          //!< mean time between random failures
    Time m_flapMttr;                          //!< mean random down time
    Ptr<ExponentialRandomVariable> m_flapRng; //!< draws failure and repair times
    TracedCallback<bool> m_linkStateTrace;    //!< link went up (true) or down (false)
};

} // namespace ns3

#endif /* PHOTONIC_CHANNEL_H */
