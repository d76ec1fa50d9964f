"""The tables of a results database (one run's, or a campaign's) as pandas DataFrames.

Every function takes the database path. ``runs`` and the per-run tables come with the run's
parameters as extra columns (pivoted from the ``parameters`` table: one column per flag, numbers
converted where every value is a number); a parameter whose name is already a column of the
table is prefixed ``param_``. In a campaign database they also carry ``point_key``.

    from ai_fabric import results
    coll = results.collectives("campaign.sqlite")
    coll.groupby(["transports", "bytes"]).busbw_gbps.mean()
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import sqlite3

import pandas as pd

def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Open a results or campaign database read-only.

    Raises ValueError if the file is missing or is not a results database.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        raise ValueError(f"no database at {path}")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as err:
        conn.close()
        raise ValueError(f"{path} is not a results database: {err}") from err
    if "runs" not in tables:
        conn.close()
        raise ValueError(f"{path} is not a results database (it has no runs table)")
    return conn


def _numeric(column: pd.Series) -> pd.Series:
    """The column as numbers if every value is one, else unchanged (an all-empty flag such as
    ``--cc=`` stays text)."""
    if not column.fillna("").astype(str).str.len().any():
        return column
    try:
        return pd.to_numeric(column)
    except (ValueError, TypeError):
        return column


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row[0] > 0


def _parameters(conn: sqlite3.Connection) -> pd.DataFrame:
    long = pd.read_sql_query("SELECT run_id, key, value FROM parameters", conn)
    runs = pd.read_sql_query("SELECT run_id FROM runs", conn)
    wide = long.pivot(index="run_id", columns="key", values="value")
    wide = wide.reindex(runs.run_id)
    wide.columns.name = None
    for name in wide.columns:
        wide[name] = _numeric(wide[name])
    if _has_table(conn, "campaign_runs"):
        keys = pd.read_sql_query("SELECT run_id, point_key FROM campaign_runs", conn)
        wide = wide.join(keys.set_index("run_id"))
    return wide


def parameters(path: str | os.PathLike) -> pd.DataFrame:
    """One row per run (index run_id), one column per parameter (and point_key in campaigns)."""
    with contextlib.closing(connect(path)) as conn:
        return _parameters(conn)


def _with_parameters(frame: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    clash = {c: f"param_{c}" for c in params.columns if c in frame.columns}
    return frame.merge(
        params.rename(columns=clash), left_on="run_id", right_index=True, how="left"
    )


def table(path: str | os.PathLike, name: str, with_parameters: bool = True) -> pd.DataFrame:
    """A whole table, optionally with each row's run parameters.

    Raises ValueError for a table the database does not have.
    """
    with contextlib.closing(connect(path)) as conn:
        if not _has_table(conn, name):
            raise ValueError(f"{path} has no table '{name}'")
        frame = pd.read_sql_query(f'SELECT * FROM "{name}"', conn)
        if with_parameters and "run_id" in frame.columns:
            frame = _with_parameters(frame, _parameters(conn))
        return frame


def runs(path: str | os.PathLike) -> pd.DataFrame:
    """The runs with their parameters."""
    return table(path, "runs")


def collectives(path: str | os.PathLike) -> pd.DataFrame:
    """Collectives (op, algorithm, ranks, bytes, time_s, algbw_gbps, busbw_gbps, energy, ...)."""
    return table(path, "collectives")


def messages(path: str | os.PathLike) -> pd.DataFrame:
    """Completed messages, with their completion time ``fct_s`` = end_s - start_s."""
    frame = table(path, "messages")
    frame["fct_s"] = frame.end_s - frame.start_s
    return frame


def port_counters(path: str | os.PathLike) -> pd.DataFrame:
    """Switch port counters, with ``drops`` = the sum of the drops_* columns."""
    frame = table(path, "port_counters")
    drop_columns = [c for c in frame.columns if c.startswith("drops_")]
    frame["drops"] = frame[drop_columns].sum(axis=1)
    return frame


def nic_counters(path: str | os.PathLike) -> pd.DataFrame:
    """Per-GPU NIC counters."""
    return table(path, "nic_counters")


def energy(path: str | os.PathLike, scope: str | None = None) -> pd.DataFrame:
    """Energy rows, all or of one scope ('link', 'tier', 'port-kind', 'switch', 'switch-asic',
    'total')."""
    frame = table(path, "energy")
    if scope is not None:
        frame = frame[frame.scope == scope].reset_index(drop=True)
    return frame


def links(path: str | os.PathLike) -> pd.DataFrame:
    """Links with their wire bits and lost frames per direction."""
    return table(path, "links")


def link_events(path: str | os.PathLike) -> pd.DataFrame:
    """Link state changes."""
    return table(path, "link_events")


def campaign_points(path: str | os.PathLike) -> pd.DataFrame:
    """The points of a campaign database, their flags expanded into columns.

    Raises ValueError for a database that is not a campaign's.
    """
    frame = table(path, "campaign_points", with_parameters=False)
    flags = pd.DataFrame([json.loads(p) for p in frame.params], index=frame.index)
    flags = flags.apply(_numeric)
    clash = {c: f"param_{c}" for c in flags.columns if c in frame.columns}
    return frame.join(flags.rename(columns=clash))
