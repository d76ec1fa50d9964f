/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "collective-result.h"

#include "collective-types.h"

#include <cstdio>

namespace ns3
{

namespace
{
/// Bytes of one element of nccl-tests' default data type, float.
constexpr uint64_t FLOAT_BYTES = 4;
} // namespace

std::string
NcclTestsHeader()
{
    char line[256];
    std::string out;
    std::snprintf(line,
                  sizeof(line),
                  "# %10s  %12s  %8s  %6s  %6s  %9s  %7s  %7s\n",
                  "size",
                  "count",
                  "type",
                  "redop",
                  "root",
                  "time",
                  "algbw",
                  "busbw");
    out += line;
    std::snprintf(line,
                  sizeof(line),
                  "# %10s  %12s  %8s  %6s  %6s  %9s  %7s  %7s\n",
                  "(B)",
                  "(elements)",
                  "",
                  "",
                  "",
                  "(us)",
                  "(GB/s)",
                  "(GB/s)");
    return out + line;
}

std::string
FormatNcclTestsRow(const CollectiveResult& r)
{
    const CollectiveOp op = CollectiveOpFromName(r.op);
    const bool rooted = op == CollectiveOp::BROADCAST || op == CollectiveOp::SEND_RECV;
    char line[256];
    std::snprintf(line,
                  sizeof(line),
                  "%12llu  %12llu  %8s  %6s  %6d  %9.2f  %7.2f  %7.2f",
                  static_cast<unsigned long long>(r.bytes),
                  static_cast<unsigned long long>(r.bytes / FLOAT_BYTES),
                  "float",
                  IsReduction(op) ? "sum" : "none",
                  rooted ? static_cast<int>(r.root) : -1,
                  r.timeS * 1e6,
                  r.algbwGBps,
                  r.busbwGBps);
    return line;
}

} // namespace ns3
