/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The test runner of the standalone build: Debian's ns-3 ships no test-runner, but
// libns3-core exports TestRunner::Run; the module's suites are linked into this program.

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
