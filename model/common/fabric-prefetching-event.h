/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_PREFETCHING_EVENT_H
#define FABRIC_PREFETCHING_EVENT_H

#include "ns3/event-impl.h"

#include <array>
#include <cstddef>
#include <typeinfo>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief An event that can start loading, ahead of its run, the memory its Notify() reads
 * first.
 *
 * In a fabric of thousands of ports each packet-hop runs on objects (a link end, a device, a
 * port queue) last touched a long time ago, so most of its time is spent waiting for memory.
 * FabricLaneScheduler knows which events run next: when it hands out the current one it calls
 * Prefetch(), PrefetchDeeper() and PrefetchDeepest() on the coming ones of its lane, each step
 * one event later than the one before, whose loads then overlap with useful work. Prefetch() only
 * issues prefetch hints for addresses it holds in the event object itself (following a pointer
 * that is not yet in the cache would stall); it changes no state, so results do not depend on
 * it.
 */
class FabricPrefetchingEvent : public EventImpl
{
  public:
    /// Issue prefetch hints for what Notify() will read first, from addresses held in the
    /// event object (which was hinted earlier).
    virtual void Prefetch() const = 0;

    /**
     * \brief Issue prefetch hints one step further along: for addresses held in what
     * Prefetch() hinted, which has arrived in the meantime. Called after Prefetch(), when the
     * event is next in its scheduler lane; by default it does nothing.
     */
    virtual void PrefetchDeeper() const
    {
    }

    /**
     * \brief Issue prefetch hints one step further than PrefetchDeeper(): for addresses held
     * in what it hinted. Called when the event is next in its scheduler lane; by default it
     * does nothing.
     */
    virtual void PrefetchDeepest() const
    {
    }

    /**
     * \brief Record a subclass so that Cast() recognizes its objects; idempotent.
     * \param type typeid of the subclass
     */
    static void RegisterType(const std::type_info& type)
    {
        for (std::size_t i = 0; i < s_nTypes; ++i)
        {
            if (s_types[i] == &type)
            {
                return;
            }
        }
        if (s_nTypes < s_types.size())
        {
            s_types[s_nTypes++] = &type;
        }
    }

    /**
     * \brief The event as a FabricPrefetchingEvent, if its type was registered.
     * \param event any event, or nullptr
     * \return the event, or nullptr
     */
    static const FabricPrefetchingEvent* Cast(const EventImpl* event)
    {
        if (!event)
        {
            return nullptr;
        }
        const std::type_info* type = &typeid(*event);
        for (std::size_t i = 0; i < s_nTypes; ++i)
        {
            if (s_types[i] == type)
            {
                return static_cast<const FabricPrefetchingEvent*>(event);
            }
        }
        return nullptr;
    }

    /**
     * \brief Hint the processor to load a range of memory into the cache.
     * \param start the first byte
     * \param bytes how many bytes (one hint per 64-byte line)
     */
    static void PrefetchRange(const void* start, unsigned bytes)
    {
        const char* p = static_cast<const char*>(start);
        for (unsigned offset = 0; offset < bytes; offset += 64)
        {
            __builtin_prefetch(p + offset);
        }
    }

  private:
    static inline std::array<const std::type_info*, 8> s_types{}; //!< registered subclasses
    static inline std::size_t s_nTypes{0};                        //!< entries of s_types used
};

} // namespace ns3

#endif /* FABRIC_PREFETCHING_EVENT_H */
