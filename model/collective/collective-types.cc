/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-types.h"

#include "ns3/fabric-config-error.h"

#include <array>
#include <utility>

namespace ns3
{

namespace
{
/// Operations and their names, in enum order.
const std::array<std::pair<CollectiveOp, const char*>, 6> OPS{{
    {CollectiveOp::ALL_REDUCE, "all-reduce"},
    {CollectiveOp::ALL_GATHER, "all-gather"},
    {CollectiveOp::REDUCE_SCATTER, "reduce-scatter"},
    {CollectiveOp::ALL_TO_ALL, "all-to-all"},
    {CollectiveOp::BROADCAST, "broadcast"},
    {CollectiveOp::SEND_RECV, "send-recv"},
}};

/// Algorithms and their names, in enum order.
const std::array<std::pair<CollectiveAlgorithm, const char*>, 6> ALGORITHMS{{
    {CollectiveAlgorithm::RING, "ring"},
    {CollectiveAlgorithm::DOUBLE_BINARY_TREE, "tree"},
    {CollectiveAlgorithm::HALVING_DOUBLING, "halving-doubling"},
    {CollectiveAlgorithm::HIERARCHICAL, "hierarchical"},
    {CollectiveAlgorithm::DIRECT, "direct"},
    {CollectiveAlgorithm::PXN, "pxn"},
}};

/**
 * \brief The name of an enum value in a table.
 * \tparam T the enum
 * \tparam N the table size
 * \param table the table
 * \param value the value
 * \return its name
 */
template <typename T, std::size_t N>
std::string
NameIn(const std::array<std::pair<T, const char*>, N>& table, T value)
{
    for (const auto& entry : table)
    {
        if (entry.first == value)
        {
            return entry.second;
        }
    }
    return "unknown";
}

/**
 * \brief The names of a table.
 * \tparam T the enum
 * \tparam N the table size
 * \param table the table
 * \return the names in order
 */
template <typename T, std::size_t N>
std::vector<std::string>
NamesOf(const std::array<std::pair<T, const char*>, N>& table)
{
    std::vector<std::string> names;
    for (const auto& entry : table)
    {
        names.emplace_back(entry.second);
    }
    return names;
}

/**
 * \brief The enum value of a name in a table.
 * \tparam T the enum
 * \tparam N the table size
 * \param table the table
 * \param kind what is named, for the error
 * \param name the name
 * \return the value
 */
template <typename T, std::size_t N>
T
ValueIn(const std::array<std::pair<T, const char*>, N>& table,
        const std::string& kind,
        const std::string& name)
{
    for (const auto& entry : table)
    {
        if (name == entry.second)
        {
            return entry.first;
        }
    }
    throw UnknownNameError(kind, name, NamesOf(table));
}
} // namespace

std::string
CollectiveOpName(CollectiveOp op)
{
    return NameIn(OPS, op);
}

std::string
CollectiveAlgorithmName(CollectiveAlgorithm algorithm)
{
    return NameIn(ALGORITHMS, algorithm);
}

CollectiveOp
CollectiveOpFromName(const std::string& name)
{
    return ValueIn(OPS, "collective operation", name);
}

CollectiveAlgorithm
CollectiveAlgorithmFromName(const std::string& name)
{
    return ValueIn(ALGORITHMS, "collective algorithm", name);
}

std::vector<std::string>
CollectiveOpNames()
{
    return NamesOf(OPS);
}

std::vector<std::string>
CollectiveAlgorithmNames()
{
    return NamesOf(ALGORITHMS);
}

double
BusBandwidthFactor(CollectiveOp op, uint32_t ranks)
{
    const double n = ranks == 0 ? 1.0 : static_cast<double>(ranks);
    switch (op)
    {
    case CollectiveOp::ALL_REDUCE:
        return 2.0 * (n - 1.0) / n;
    case CollectiveOp::ALL_GATHER:
    case CollectiveOp::REDUCE_SCATTER:
    case CollectiveOp::ALL_TO_ALL:
        return (n - 1.0) / n;
    case CollectiveOp::BROADCAST:
    case CollectiveOp::SEND_RECV:
        return 1.0;
    }
    return 1.0;
}

bool
IsReduction(CollectiveOp op)
{
    return op == CollectiveOp::ALL_REDUCE || op == CollectiveOp::REDUCE_SCATTER;
}

} // namespace ns3
