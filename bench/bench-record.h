/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BENCH_RECORD_H
#define BENCH_RECORD_H

// One benchmark result as one JSON object on one line of standard output, the format
// bench/run-bench reads.

#include "bench-usage.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

/// Figures of one scenario, printed as a JSON object in the order they were set.
class BenchRecord
{
  public:
    /**
     * \brief Start a record.
     * \param scenario the scenario name (the "scenario" key)
     */
    explicit BenchRecord(const std::string& scenario)
    {
        Set("scenario", scenario);
    }

    /**
     * \brief Add a text figure.
     * \param key the key
     * \param value the text (no quotes or backslashes)
     */
    void Set(const std::string& key, const std::string& value)
    {
        m_fields.emplace_back(key, "\"" + value + "\"");
    }

    /**
     * \brief Add a text figure.
     * \param key the key
     * \param value the text (no quotes or backslashes)
     */
    void Set(const std::string& key, const char* value)
    {
        Set(key, std::string(value));
    }

    /**
     * \brief Add a count.
     * \param key the key
     * \param value the count
     */
    void Set(const std::string& key, uint64_t value)
    {
        m_fields.emplace_back(key, std::to_string(value));
    }

    /**
     * \brief Add a count.
     * \param key the key
     * \param value the count
     */
    void Set(const std::string& key, uint32_t value)
    {
        Set(key, static_cast<uint64_t>(value));
    }

    /**
     * \brief Add a measured value, printed with nine significant digits.
     * \param key the key
     * \param value the value
     */
    void Set(const std::string& key, double value)
    {
        char text[32];
        std::snprintf(text, sizeof(text), "%.9g", value);
        m_fields.emplace_back(key, text);
    }

    /// Print the object and a newline on standard output.
    void Print() const
    {
        std::string line = "{";
        for (std::size_t i = 0; i < m_fields.size(); ++i)
        {
            line += (i ? ", \"" : "\"") + m_fields[i].first + "\": " + m_fields[i].second;
        }
        std::printf("%s}\n", line.c_str());
        std::fflush(stdout);
    }

    /**
     * \brief Add the process's usage since the program started and print the record.
     * \param start ProcessUsage() at the start of main
     */
    void PrintWithUsage(const Usage& start)
    {
        const Usage now = ProcessUsage();
        Set("wall_s", now.wallS - start.wallS);
        Set("cpu_s", now.cpuS);
        Set("peak_rss_mb", now.peakRssMb);
        Set("base_rss_mb", start.peakRssMb);
        Print();
    }

  private:
    std::vector<std::pair<std::string, std::string>> m_fields; //!< key, JSON text of the value
};

#endif /* BENCH_RECORD_H */
