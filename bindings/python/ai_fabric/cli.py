"""The command line: ``python3 -m ai_fabric sweep | plot | runs``."""

from __future__ import annotations

import argparse
import sys

from . import campaign, demo, plots, results

DESCRIPTION = """\
Run ai-fabric example programs over parameter grids and look at the results.

  sweep   run a program once per grid point, in parallel, into one campaign database
  plot    write PNG figures of a run or campaign database
  runs    print the runs of a database with their status and parameters
  demo    the flagship comparison: rail-allreduce for 3 transports x pluggable / CPO optics
"""

SWEEP_EPILOG = """\
Each point runs  <program> --flag=value ... --db=<work dir>/<point key>.sqlite  and is merged
into the campaign database when the program exits 0 and every run in its database is complete.
A point that fails (non-zero exit, a run not complete, timeout) is recorded with its standard
error and the others go on. Running the same command again skips complete points and retries
failed ones. Exit status: 0 if every point is complete, 1 if any failed, 2 for a usage error.

example:
  python3 -m ai_fabric sweep --program transport-compare \\
      --grid transports=roce,ib --grid pattern=incast,permutation \\
      --fixed leaves=4 --fixed incastKiB=256 --jobs 2 --out campaign.sqlite
"""


def _assignment(text: str) -> tuple:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"'{text}' is not FLAG=VALUE")
    return name.lstrip("-"), value


def _grid_entry(text: str) -> tuple:
    name, value = _assignment(text)
    return name, value.split(",")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m ai_fabric",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sweep = sub.add_parser(
        "sweep",
        help="run a program over a parameter grid into a campaign database",
        description="Run an example program once per point of a parameter grid, in parallel "
        "processes, and merge the points' results databases into one campaign database.",
        epilog=SWEEP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sweep.add_argument(
        "--program",
        required=True,
        help="example program: a name in --bin (e.g. transport-compare) or a path",
    )
    sweep.add_argument(
        "--grid",
        action="append",
        type=_grid_entry,
        default=[],
        metavar="FLAG=V1,V2,...",
        help="a flag and its values (comma-separated); every combination of the --grid flags "
        "is a point. Repeat for more flags.",
    )
    sweep.add_argument(
        "--fixed",
        action="append",
        type=_assignment,
        default=[],
        metavar="FLAG=VALUE",
        help="a flag with the same value at every point (the value is passed verbatim, commas "
        "included). Repeatable.",
    )
    sweep.add_argument(
        "--out",
        default="campaign.sqlite",
        help="campaign database to create or continue (default: %(default)s)",
    )
    sweep.add_argument(
        "--jobs",
        type=int,
        default=None,
        help=f"programs run at a time, at most the cores (default: {campaign.default_jobs()})",
    )
    sweep.add_argument(
        "--bin",
        default=None,
        metavar="DIR",
        help="directory of the built programs (default: $AI_FABRIC_BIN, else build/bin)",
    )
    sweep.add_argument(
        "--work-dir",
        default=None,
        metavar="DIR",
        help="where each point's own database is written (default: OUT with suffix .points)",
    )
    sweep.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="kill a point that runs longer and record it failed (default: no limit)",
    )
    sweep.add_argument("--quiet", action="store_true", help="print only the summary")

    plot = sub.add_parser(
        "plot",
        help="write PNG figures of a database",
        description="Write PNG figures of a run or campaign database: bus bandwidth against "
        "size per series and energy per collective (when it holds collectives), message "
        "completion-time distributions and link energy by port kind.",
    )
    plot.add_argument("database", help="run or campaign database")
    plot.add_argument(
        "--out", default="plots", help="directory for the PNG files (default: %(default)s)"
    )
    plot.add_argument(
        "--series",
        default=None,
        metavar="P1,P2,...",
        help="parameters whose combinations are the lines (default: those that vary between "
        "runs; an empty string draws one line)",
    )

    runs = sub.add_parser(
        "runs",
        help="print the runs of a database",
        description="Print each run's id, program, status, times and parameters.",
    )
    runs.add_argument("database", help="run or campaign database")

    demo_cmd = sub.add_parser(
        "demo",
        help="run the flagship comparison and print its table",
        description=demo.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo_cmd.add_argument(
        "--out",
        default="results/demo.sqlite",
        help="campaign database (default: %(default)s); a re-run reuses complete runs",
    )
    demo_cmd.add_argument(
        "--size", default="16M", help="all-reduce size, nccl-tests style (default: %(default)s)"
    )
    demo_cmd.add_argument("--jobs", type=int, default=None, help="programs run at a time")
    demo_cmd.add_argument("--bin", default=None, metavar="DIR", help="built programs")
    return parser


def _print_outcome(outcome: campaign.PointOutcome) -> None:
    flags = " ".join(f"{k}={v}" for k, v in outcome.point.params.items())
    line = f"{outcome.status:9s} {outcome.point.key}  {flags}"
    if outcome.run_ids:
        line += f"  runs {','.join(str(r) for r in outcome.run_ids)}"
    if outcome.status == "failed":
        said = [l for l in outcome.error_output.splitlines() if l and "[ai_fabric]" not in l]
        line += f"\n          {outcome.reason}" + (f": {said[-1]}" if said else "")
    print(line, flush=True)


def _sweep(args) -> int:
    result = campaign.run_campaign(
        args.program,
        grid=dict(args.grid),
        fixed=dict(args.fixed),
        out=args.out,
        jobs=args.jobs,
        bin_dir=args.bin,
        work_dir=args.work_dir,
        timeout=args.timeout,
        progress=None if args.quiet else _print_outcome,
    )
    print(
        f"{result.database}: {result.count('complete')} complete, {result.count('failed')} "
        f"failed, {result.count('skipped')} skipped ({len(result.outcomes)} points)"
    )
    return 1 if result.count("failed") else 0


def _plot(args) -> int:
    series = None
    if args.series is not None:
        series = [s for s in args.series.split(",") if s]
    figures = plots.plot_database(args.database, args.out, series)
    for figure in figures:
        print(figure.path)
    if not figures:
        print(f"{args.database}: nothing to plot", file=sys.stderr)
        return 1
    return 0


def _runs(args) -> int:
    import pandas as pd

    frame = results.runs(args.database)
    with pd.option_context("display.max_columns", None, "display.width", 200):
        print(frame.to_string(index=False))
    return 0


def _demo(args) -> int:
    return demo.run_demo(args.out, size=args.size, jobs=args.jobs, bin_dir=args.bin)


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"sweep": _sweep, "plot": _plot, "runs": _runs, "demo": _demo}[args.command](args)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
