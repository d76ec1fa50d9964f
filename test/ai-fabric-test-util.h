/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef AI_FABRIC_TEST_UTIL_H
#define AI_FABRIC_TEST_UTIL_H

// Shared by the module's test suites: version switches of ns-3's test API and small checks.
//
// ns-3.42 renamed the test enums (TestSuite::Type::UNIT, TestCase::Duration::QUICK). The build
// passes the ns-3 version as AI_FABRIC_NS3_VERSION_{MAJOR,MINOR}.

#include "ns3/fabric-config-error.h"
#include "ns3/test.h"

#include <initializer_list>
#include <string>

#if AI_FABRIC_NS3_VERSION_MAJOR > 3 ||                                                             \
    (AI_FABRIC_NS3_VERSION_MAJOR == 3 && AI_FABRIC_NS3_VERSION_MINOR >= 42)
#define AIF_UNIT ns3::TestSuite::Type::UNIT
#define AIF_SYSTEM ns3::TestSuite::Type::SYSTEM
#define AIF_QUICK ns3::TestCase::Duration::QUICK
#define AIF_EXTENSIVE ns3::TestCase::Duration::EXTENSIVE
#else
#define AIF_UNIT ns3::TestSuite::UNIT
#define AIF_SYSTEM ns3::TestSuite::SYSTEM
#define AIF_QUICK ns3::TestCase::QUICK
#define AIF_EXTENSIVE ns3::TestCase::EXTENSIVE
#endif

namespace ns3
{
namespace aif_test
{

/**
 * \brief Whether calling f throws a FabricConfigError whose message holds every fragment.
 * \tparam F a callable
 * \param f the call
 * \param fragments text the message must contain
 * \return true when it threw such an error
 */
template <typename F>
bool
ThrowsConfigError(F f, std::initializer_list<std::string> fragments)
{
    try
    {
        f();
    }
    catch (const FabricConfigError& e)
    {
        const std::string msg = e.what();
        for (const auto& frag : fragments)
        {
            if (msg.find(frag) == std::string::npos)
            {
                return false;
            }
        }
        return true;
    }
    return false;
}

} // namespace aif_test
} // namespace ns3

#endif /* AI_FABRIC_TEST_UTIL_H */
