/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BENCH_USAGE_H
#define BENCH_USAGE_H

// What the benchmarks measure of their own process.

#include <chrono>
#include <sys/resource.h>

/// CPU seconds (user + system), peak RSS and wall-clock time of this process.
struct Usage
{
    double cpuS;      //!< CPU seconds
    double peakRssMb; //!< peak resident set, MiB
    double wallS;     //!< wall-clock seconds since an arbitrary fixed point
};

/**
 * \brief Read this process's usage.
 * \return CPU seconds, peak RSS and a wall-clock reading
 */
inline Usage
ProcessUsage()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const auto wall = std::chrono::steady_clock::now().time_since_epoch();
    return {ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
                ru.ru_stime.tv_usec * 1e-6,
            ru.ru_maxrss / 1024.0,
            std::chrono::duration<double>(wall).count()};
}

#endif /* BENCH_USAGE_H */
