/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_MEMO_H
#define FABRIC_MEMO_H

#include <cstddef>
#include <map>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief Results of a pure, costly function kept by argument, so that the thousands of links of
 * a fabric that share a few kinds of optics compute each link-budget figure once. The values
 * are the function's own, bit for bit; a cache that grows past its capacity (a sweep over many
 * distinct arguments) is emptied and fills again.
 */
template <typename Key, typename Value>
class FabricMemo
{
  public:
    /**
     * \brief A memo.
     * \param capacity most results kept
     */
    explicit FabricMemo(std::size_t capacity = 4096)
        : m_capacity(capacity)
    {
    }

    /**
     * \brief The function's value at a key, computed on the first request.
     * \param key the arguments
     * \param compute the function, called with no arguments when the key is new
     * \return the value
     */
    template <typename F>
    Value Get(const Key& key, F compute)
    {
        auto it = m_values.find(key);
        if (it != m_values.end())
        {
            return it->second;
        }
        if (m_values.size() >= m_capacity)
        {
            m_values.clear();
        }
        const Value value = compute();
        m_values.emplace(key, value);
        return value;
    }

  private:
    std::size_t m_capacity;        //!< most results kept
    std::map<Key, Value> m_values; //!< by argument
};

} // namespace ns3

#endif /* FABRIC_MEMO_H */
