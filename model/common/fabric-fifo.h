/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_FIFO_H
#define FABRIC_FIFO_H

#include <algorithm>
#include <boost/circular_buffer.hpp>
#include <cstddef>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A first-in first-out queue for per-packet bookkeeping: a ring buffer that holds no
 * memory while empty and doubles when full.
 *
 * Ports keep one per class, and a large fabric has hundreds of thousands of ports: a
 * std::deque allocates about 600 bytes as soon as it exists, this nothing until it is used.
 * Grow it with FifoPush(); the other operations are boost::circular_buffer's.
 */
template <typename T>
using FabricFifo = boost::circular_buffer<T>;

/**
 * \brief Append to a FabricFifo, doubling its capacity when it is full.
 * \param fifo the queue
 * \param value the element
 */
template <typename T>
void
FifoPush(FabricFifo<T>& fifo, const typename FabricFifo<T>::value_type& value)
{
    if (fifo.full())
    {
        fifo.set_capacity(std::max<std::size_t>(4, 2 * fifo.capacity()));
    }
    fifo.push_back(value);
}

/**
 * \brief Hint the processor to load the first element of a FabricFifo (see
 * FabricPrefetchingEvent); nothing if it is empty.
 * \param fifo the queue, whose own fields are already in the cache
 */
template <typename T>
void
FifoPrefetchFront(const FabricFifo<T>& fifo)
{
    if (!fifo.empty())
    {
        __builtin_prefetch(&fifo.front());
    }
}

/**
 * \brief Hint the processor to load where FifoPush() writes next: the slot after the last
 * element (a hint past the storage's end is harmless; it never faults).
 * \param fifo the queue, whose own fields are already in the cache
 */
template <typename T>
void
FifoPrefetchBack(const FabricFifo<T>& fifo)
{
    if (!fifo.empty())
    {
        __builtin_prefetch(&fifo.back() + 1, 1);
    }
}

} // namespace ns3

#endif /* FABRIC_FIFO_H */
