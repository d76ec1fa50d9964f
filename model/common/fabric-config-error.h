/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_CONFIG_ERROR_H
#define FABRIC_CONFIG_ERROR_H

#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ai-fabric
 * \brief A configuration that ai-fabric refuses before the simulation starts.
 *
 * Thrown by helpers, builders and attribute setters when a value is wrong or impossible (an
 * unknown preset, a link longer than its module's reach, a negative optical margin). The message
 * names the object, the value and the limit. Example programs catch it, print
 * "error: <message>" and exit with status 2; nothing is fixed up silently.
 */
class FabricConfigError : public std::invalid_argument
{
  public:
    /**
     * \brief Construct with a message that names what is wrong.
     * \param what the message
     */
    explicit FabricConfigError(const std::string& what);
};

/**
 * \ingroup ai-fabric
 * \brief The error for a name that is not among the known ones, listing those.
 * \param kind what the name names, e.g. "transceiver preset"
 * \param name the unknown name
 * \param known the valid names
 * \return "unknown <kind> '<name>' (known: a b c)"
 */
FabricConfigError UnknownNameError(const std::string& kind,
                                   const std::string& name,
                                   const std::vector<std::string>& known);

/**
 * \ingroup ai-fabric
 * \brief Run a program body and turn a FabricConfigError into "error: ..." and exit status 2.
 *
 * Example programs wrap their main body in this so a refused configuration never crashes
 * and never looks like a result.
 *
 * \tparam F a callable returning int
 * \param body the program body
 * \return the body's return value, or 2 when it threw a FabricConfigError
 */
template <typename F>
int RunWithConfigErrors(F&& body);

/**
 * \ingroup ai-fabric
 * \brief Print "error: <message>" to standard error.
 * \param message what was wrong
 * \return 2, the exit status of a refused configuration
 */
int ReportConfigError(const std::string& message);

template <typename F>
int
RunWithConfigErrors(F&& body)
{
    try
    {
        return body();
    }
    catch (const FabricConfigError& e)
    {
        return ReportConfigError(e.what());
    }
}

} // namespace ns3

#endif /* FABRIC_CONFIG_ERROR_H */
