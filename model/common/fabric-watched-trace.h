/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_WATCHED_TRACE_H
#define FABRIC_WATCHED_TRACE_H

#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A TracedCallback that raises its owner's flag when a sink is connected.
 *
 * A device fires several packet traces for every frame. Asking each one whether it has a sink
 * reads its list head; in a fabric of tens of thousands of ports those list heads are cold, and
 * the questions cost cache misses on every hop. With this class the owner keeps one flag, in
 * the memory it touches anyway, that says whether any of its watched traces ever had a sink;
 * while the flag is down no list is read. The flag stays up after a disconnect (the list is
 * then asked, as before), so a trace is never missed.
 *
 * It connects through the attribute system like any trace source: MakeTraceSourceAccessor()
 * calls the Connect functions of the member's own type, which are the ones below.
 *
 * \tparam Ts the trace's argument types
 */
template <typename... Ts>
class FabricWatchedTrace : public TracedCallback<Ts...>
{
  public:
    /**
     * \brief Construct with the owner's flag.
     * \param watched raised (set true) by every connection; must outlive this object
     */
    explicit FabricWatchedTrace(bool* watched)
        : m_watched(watched)
    {
    }

    /**
     * \brief Append a sink and raise the flag.
     * \param callback the sink
     */
    void ConnectWithoutContext(const CallbackBase& callback)
    {
        *m_watched = true;
        TracedCallback<Ts...>::ConnectWithoutContext(callback);
    }

    /**
     * \brief Append a sink with a context and raise the flag.
     * \param callback the sink
     * \param path the context passed to the sink
     */
    void Connect(const CallbackBase& callback, std::string path)
    {
        *m_watched = true;
        TracedCallback<Ts...>::Connect(callback, path);
    }

  private:
    bool* m_watched; //!< the owner's flag
};

/**
 * \ingroup ai-fabric
 * \brief Fire a trace only if its owner's flag is up and it has a sink.
 * \param watched the owner's flag
 * \param trace the trace
 * \param args the trace's arguments
 */
template <typename... Ts, typename... Args>
inline void
FireWatched(bool watched, const FabricWatchedTrace<Ts...>& trace, Args&&... args)
{
    if (watched && !trace.IsEmpty())
    {
        trace(std::forward<Args>(args)...);
    }
}

} // namespace ns3

#endif /* FABRIC_WATCHED_TRACE_H */
