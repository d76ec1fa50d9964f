"""PNG figures of a results or campaign database (matplotlib, Agg backend: no display needed).

* ``busbw-<op>.png``: bus bandwidth against message size, one line per series (e.g. per
  transport and optics), averaged over the runs and collectives of each size;
* ``energy-per-collective.png``: fabric energy per collective against size;
* ``message-fct-cdf.png``: distribution of message completion times per series;
* ``energy-by-port-kind.png``: link energy per port kind (pluggable, LPO, CPO) per series.

A series is a combination of the parameters that vary between runs. By default those are the
parameters with more than one value, except ones that only follow the x axis (a flag that sets
the size) and ``point_key``; pass ``series`` to choose them. Every function returns a Figure
with the file and the values it drew, by series label.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import pandas as pd  # noqa: E402

from . import results  # noqa: E402


@dataclasses.dataclass
class Figure:
    """A written figure: its file and, per series label, the x and y values drawn."""

    path: pathlib.Path
    series: dict


def choose_series(frame: pd.DataFrame, candidates: Sequence[str], x: str | None = None) -> list:
    """The candidate columns that vary in the frame and do not merely follow x."""
    chosen = []
    for name in candidates:
        # A parameter named like a column of the table is in the frame as param_<name>.
        column = f"param_{name}" if f"param_{name}" in frame.columns else name
        if column == "point_key" or column not in frame.columns:
            continue
        if frame[column].nunique(dropna=True) < 2:
            continue
        if x is not None and frame[x].nunique() > 1:
            if (frame.groupby(column)[x].nunique() <= 1).all():
                continue  # one x per value: the flag sets the x axis
        chosen.append(column)
    return chosen


def _groups(frame: pd.DataFrame, series: Sequence[str]):
    """(label, rows) per series combination, in sorted order."""
    if not series:
        yield "all runs", frame
        return
    keys = list(series) if len(series) > 1 else series[0]
    for values, rows in frame.groupby(keys, dropna=False, sort=True):
        if not isinstance(values, tuple):
            values = (values,)
        yield ", ".join(f"{c}={v}" for c, v in zip(series, values)), rows


def _mean_lines(ax, rows: pd.DataFrame, series: Sequence[str], column: str) -> dict:
    """Draw the mean of a column against bytes, a line per series; returns what was drawn."""
    drawn = {}
    for label, group in _groups(rows, series):
        mean = group.groupby("bytes")[column].mean().sort_index()
        ax.plot(mean.index, mean.values, marker="o", label=label)
        drawn[label] = (list(mean.index), list(mean.values))
    return drawn


def _save(fig, out_dir: pathlib.Path, name: str) -> pathlib.Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def busbw_vs_size(
    collectives: pd.DataFrame, out_dir: str | os.PathLike, series: Sequence[str] = ()
) -> list:
    """One figure per operation: busbw (GB/s) against bytes per rank, a line per series and
    algorithm (when algorithms differ)."""
    figures = []
    for op, rows in collectives.groupby("op", sort=True):
        lines = list(series) + (["algorithm"] if rows.algorithm.nunique() > 1 else [])
        fig, ax = plt.subplots(figsize=(7, 4.5))
        drawn = _mean_lines(ax, rows, lines, "busbw_gbps")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("bytes per rank")
        ax.set_ylabel("bus bandwidth (GB/s)")
        ax.set_title(f"{op}: bus bandwidth against size")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
        figures.append(Figure(_save(fig, pathlib.Path(out_dir), f"busbw-{op}.png"), drawn))
    return figures


def energy_per_collective(
    collectives: pd.DataFrame, out_dir: str | os.PathLike, series: Sequence[str] = ()
) -> Figure | None:
    """Fabric energy (J) per collective against bytes per rank, a line per operation and
    series; None when no collective has a measured energy."""
    rows = collectives.dropna(subset=["energy_j"])
    if rows.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    drawn = _mean_lines(ax, rows, ["op", *series], "energy_j")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("bytes per rank")
    ax.set_ylabel("energy per collective (J)")
    ax.set_title("Fabric energy per collective")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    return Figure(_save(fig, pathlib.Path(out_dir), "energy-per-collective.png"), drawn)


def message_fct_cdf(
    messages: pd.DataFrame, out_dir: str | os.PathLike, series: Sequence[str] = ()
) -> Figure | None:
    """Cumulative distribution of message completion times (us), a line per series; None
    without messages."""
    if messages.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    drawn = {}
    for label, group in _groups(messages, series):
        fct_us = sorted((group.end_s - group.start_s) * 1e6)
        fraction = [(i + 1) / len(fct_us) for i in range(len(fct_us))]
        ax.step(fct_us, fraction, where="post", label=label)
        drawn[label] = (fct_us, fraction)
    ax.set_xlabel("message completion time (us)")
    ax.set_ylabel("fraction of messages")
    ax.set_title("Message completion times")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return Figure(_save(fig, pathlib.Path(out_dir), "message-fct-cdf.png"), drawn)


def energy_by_port_kind(
    energy: pd.DataFrame, out_dir: str | os.PathLike, series: Sequence[str] = ()
) -> Figure | None:
    """Link energy (J) per port kind, mean over the runs of each series, as grouped bars;
    None without energy rows."""
    rows = energy[energy.scope == "port-kind"]
    if rows.empty:
        return None
    kinds = sorted(rows.name.unique())
    groups = list(_groups(rows, series))
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(groups) * len(kinds)), 4.5))
    width = 0.8 / len(kinds)
    drawn = {}
    for k, kind in enumerate(kinds):
        values = []
        for _, group in groups:
            per_run = group[group.name == kind].groupby("run_id").joules.sum()
            values.append(float(per_run.mean()) if not per_run.empty else 0.0)
        ax.bar([i + k * width for i in range(len(groups))], values, width, label=kind)
        drawn[kind] = ([label for label, _ in groups], values)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))])
    ax.set_xticklabels([label for label, _ in groups], rotation=20, ha="right", fontsize="small")
    ax.set_ylabel("link energy per run (J)")
    ax.set_title("Link energy by port kind")
    ax.legend(fontsize="small")
    return Figure(_save(fig, pathlib.Path(out_dir), "energy-by-port-kind.png"), drawn)


def plot_database(
    path: str | os.PathLike, out_dir: str | os.PathLike, series: Sequence[str] | None = None
) -> list:
    """Every figure the database has data for; series chosen per figure unless given."""
    candidates = list(results.parameters(path).columns)
    figures = []
    coll = results.collectives(path)
    if not coll.empty:
        chosen = choose_series(coll, candidates, "bytes") if series is None else series
        figures += busbw_vs_size(coll, out_dir, chosen)
        figure = energy_per_collective(coll, out_dir, chosen)
        if figure:
            figures.append(figure)
    msgs = results.messages(path)
    figure = message_fct_cdf(
        msgs, out_dir, choose_series(msgs, candidates) if series is None else series
    )
    if figure:
        figures.append(figure)
    en = results.energy(path)
    figure = energy_by_port_kind(
        en, out_dir, choose_series(en, candidates) if series is None else series
    )
    if figure:
        figures.append(figure)
    return figures
