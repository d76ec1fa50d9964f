"""The demo: the flagship rail-allreduce for three transports x pluggable and CPO optics.

Runs one all-reduce size on the default rail-optimized cluster (16 servers x 8 GPUs, 400G NICs,
800G leaf-spine links) for RoCEv2, InfiniBand-style and Ultra Ethernet-style transports, each
with pluggable and co-packaged optics, as a campaign (parallel processes, one database per point,
merged into one), and prints one comparison table. A progress line shows it is alive.
"""

from __future__ import annotations

import os
import pathlib
import sys
import threading
import time

from . import campaign, results

TRANSPORTS = ["roce", "ib", "uet"]
OPTICS = ["pluggable", "cpo"]


class _Progress:
    """A line on standard error that says how far the campaign is, refreshed while it runs."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self._stop = threading.Event()
        self._tty = sys.stderr.isatty()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._show(final=True)

    def point(self, outcome: campaign.PointOutcome) -> None:
        """Count one finished point."""
        self.done += 1
        self.failed += outcome.status == "failed"
        self._show()

    def _line(self) -> str:
        elapsed = time.monotonic() - self.start
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"demo: {self.done}/{self.total} runs finished{failed}, {elapsed:.0f} s elapsed"
        )

    def _show(self, final: bool = False) -> None:
        if self._tty:
            end = "\n" if final else ""
            print("\r" + self._line(), end=end, file=sys.stderr, flush=True)
        else:
            print(self._line(), file=sys.stderr, flush=True)

    def _tick(self) -> None:
        # A terminal gets a refresh every second; a log a line every 15 s.
        period = 1.0 if self._tty else 15.0
        while not self._stop.wait(period):
            self._show()


def comparison(db: str | os.PathLike):
    """One row per transport and optics: time, busbw, drops, pauses, trims, energy.

    Returns a pandas DataFrame ordered by transport and optics.
    """
    coll = results.collectives(db)
    ports = results.port_counters(db)
    drop_columns = [c for c in ports.columns if c.startswith("drops_")]
    ports = ports.assign(drops=ports[drop_columns].sum(axis=1))
    fabric = ports.groupby("run_id")[["drops", "pfc_pauses", "trims"]].sum()
    table = coll.merge(fabric, left_on="run_id", right_index=True, how="left")
    table = table.assign(time_us=table["time_s"] * 1e6)
    columns = [
        "transport",
        "optics",
        "bytes",
        "time_us",
        "busbw_gbps",
        "drops",
        "pfc_pauses",
        "trims",
        "energy_j",
        "energy_pj_per_bit",
    ]
    order = {name: i for i, name in enumerate(TRANSPORTS + OPTICS)}
    table = table[columns].sort_values(
        by=["transport", "optics"], key=lambda s: s.map(lambda v: order.get(v, 99))
    )
    return table.reset_index(drop=True)


def format_comparison(table) -> str:
    """The comparison as text, with the CPO saving per transport."""
    lines = [
        f"{'transport':9s} {'optics':9s} {'size':>8s} {'time':>9s} {'busbw':>7s} {'drops':>6s} "
        f"{'pauses':>6s} {'trims':>6s} {'energy':>7s} {'pJ/bit':>7s}",
        f"{'':9s} {'':9s} {'(MiB)':>8s} {'(us)':>9s} {'(GB/s)':>7s} {'':>6s} {'':>6s} {'':>6s} "
        f"{'(J)':>7s} {'':>7s}",
    ]
    for row in table.itertuples():
        lines.append(
            f"{row.transport:9s} {row.optics:9s} {row.bytes / 2**20:8.0f} {row.time_us:9.1f} "
            f"{row.busbw_gbps:7.2f} {row.drops:6d} {row.pfc_pauses:6d} {row.trims:6d} "
            f"{row.energy_j:7.3f} {row.energy_pj_per_bit:7.0f}"
        )
    for transport in TRANSPORTS:
        mine = table[table["transport"] == transport].set_index("optics")
        if {"pluggable", "cpo"} <= set(mine.index):
            saving = 1 - mine.loc["cpo", "energy_j"] / mine.loc["pluggable", "energy_j"]
            lines.append(
                f"{transport}: CPO uses {saving:.1%} less scale-out energy than pluggable optics "
                f"for the same collective"
            )
    return "\n".join(lines)


def run_demo(
    out: str | os.PathLike, size: str = "16M", jobs: int | None = None, bin_dir=None
) -> int:
    """Run the demo campaign into `out` and print the comparison; returns an exit status."""
    out = pathlib.Path(out)
    points = len(TRANSPORTS) * len(OPTICS)
    print(
        f"demo: rail-allreduce, a {size} all-reduce (ring) on 16 servers x 8 GPUs, "
        f"{', '.join(TRANSPORTS)} x {', '.join(OPTICS)} optics: {points} runs in parallel",
        flush=True,
    )
    with _Progress(points) as progress:
        result = campaign.run_campaign(
            "rail-allreduce",
            grid={"transport": TRANSPORTS, "optics": OPTICS},
            fixed={"minBytes": size, "maxBytes": size, "algorithm": "ring"},
            out=out,
            jobs=jobs,
            bin_dir=bin_dir,
            progress=progress.point,
        )
    for outcome in result.outcomes:
        if outcome.status == "failed":
            print(f"demo: {outcome.point.params} failed: {outcome.reason}", file=sys.stderr)
            print(outcome.error_output[-2000:], file=sys.stderr)
    if result.count("failed"):
        return 1
    print()
    print(format_comparison(comparison(out)))
    print()
    print(f"demo: results database {out.resolve()}")
    print(
        "demo: query it, e.g.  sqlite3 "
        f"{out} \"SELECT op, algorithm, ranks, bytes, time_s, busbw_gbps FROM collectives\""
    )
    return 0
