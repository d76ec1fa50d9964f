/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BENCH_USAGE_H
#define BENCH_USAGE_H

// What the benchmarks measure of their own process.

#include <sys/resource.h>

/// CPU seconds (user + system) and peak RSS of this process.
struct Usage
{
    double cpuS;      //!< CPU seconds
    double peakRssMb; //!< peak resident set, MiB
};

/**
 * \brief Read this process's usage.
 * \return CPU seconds and peak RSS
 */
inline Usage
ProcessUsage()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return {ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
                ru.ru_stime.tv_usec * 1e-6,
            ru.ru_maxrss / 1024.0};
}

#endif /* BENCH_USAGE_H */
