"""Campaigns: one example program over a grid of flag values, in parallel processes.

Each point of the grid (one value per grid flag, plus the fixed flags) runs the program once as
``program --flag=value ... --db=<work dir>/<point key>.sqlite``. A point is complete when the
program exits 0 and every run in its database is 'complete'; its runs are then copied into the
campaign database (same schema, new run ids) together with a ``campaign_points`` row, in one
transaction. A failed point is recorded with its standard error and the reason, and the other
points go on. Running the same campaign again skips the points already complete and retries
the failed ones.

    from ai_fabric.campaign import run_campaign
    result = run_campaign("transport-compare",
                          grid={"transports": ["roce", "ib"], "pattern": ["incast"]},
                          fixed={"leaves": 4}, out="campaign.sqlite", jobs=2)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime
import hashlib
import itertools
import json
import os
import pathlib
import re
import shlex
import sqlite3
import subprocess
from typing import Callable, Iterable, Mapping, Sequence

from . import merge

#: Flag names a point may set: ns-3 CommandLine names, including --ns3::Type::Attribute.
_FLAG = re.compile(r"^[A-Za-z][A-Za-z0-9_:.\-]*$")
#: Standard error kept per failed point, characters (its end, where the error is).
ERROR_OUTPUT_LIMIT = 20000


@dataclasses.dataclass(frozen=True)
class Point:
    """One point of a campaign: the program and its flags."""

    program: str
    params: dict

    @property
    def key(self) -> str:
        """A stable identifier of the program and flags (16 hex digits of their SHA-1)."""
        text = json.dumps({"program": self.program, "params": self.params}, sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def command(self, executable: pathlib.Path, db_path: pathlib.Path) -> list[str]:
        """The command line of this point."""
        flags = [f"--{name}={value}" for name, value in self.params.items()]
        return [str(executable), *flags, f"--db={db_path}"]


@dataclasses.dataclass
class PointOutcome:
    """What happened to one point."""

    point: Point
    status: str  # 'complete', 'failed' or 'skipped' (complete in an earlier run)
    run_ids: list
    db_path: pathlib.Path
    exit_status: int | None = None
    error_output: str = ""
    reason: str = ""  # why a point failed


@dataclasses.dataclass
class CampaignResult:
    """The outcome of run_campaign."""

    database: pathlib.Path
    outcomes: list

    def count(self, status: str) -> int:
        """Points with a status ('complete', 'failed', 'skipped')."""
        return sum(1 for o in self.outcomes if o.status == status)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def grid_points(
    program: str, grid: Mapping[str, Sequence], fixed: Mapping[str, object] | None = None
) -> list[Point]:
    """The points of a grid: the cross product of the grid's value lists, with the fixed flags.

    Raises ValueError for a flag name ns-3's CommandLine cannot take, an empty value list, a
    flag both fixed and in the grid, or the flag ``db`` (the campaign sets it).
    """
    fixed = dict(fixed or {})
    for name in list(grid) + list(fixed):
        if not _FLAG.match(name):
            raise ValueError(f"'{name}' is not a flag name")
        if name == "db":
            raise ValueError("the campaign sets --db itself; do not pass it")
    both = set(grid) & set(fixed)
    if both:
        raise ValueError(f"flags both fixed and in the grid: {', '.join(sorted(both))}")
    names = list(grid)
    lists = []
    for name in names:
        values = grid[name]
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            values = [values]
        values = [_text(v) for v in values]
        if not values:
            raise ValueError(f"grid flag '{name}' has no values")
        lists.append(values)
    fixed_text = {name: _text(value) for name, value in fixed.items()}
    points = []
    for combination in itertools.product(*lists):
        params = dict(fixed_text)
        params.update(zip(names, combination))
        points.append(Point(program, params))
    return points


def find_program(program: str, bin_dir: str | os.PathLike | None = None) -> pathlib.Path:
    """The executable of an example program.

    Looked for in bin_dir, else $AI_FABRIC_BIN, else build/bin of the repository. A path
    (containing a slash) is taken as it is. Raises ValueError if it is not an executable file.
    """
    if "/" in program:
        path = pathlib.Path(program)
    else:
        if bin_dir is None:
            bin_dir = os.environ.get("AI_FABRIC_BIN") or (
                pathlib.Path(__file__).resolve().parents[3] / "build" / "bin"
            )
        path = pathlib.Path(bin_dir) / program
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise ValueError(f"program '{program}' not found as an executable at {path}")
    return path.resolve()


def _utc_now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _open_campaign(out: pathlib.Path) -> sqlite3.Connection:
    """Open or create the campaign database; refuse a file that is something else."""
    if out.is_dir():
        raise ValueError(f"{out} is a directory, not a campaign database")
    if out.is_file() and out.stat().st_size > 0:
        with open(out, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise ValueError(f"{out} is not a campaign database (not SQLite); refusing it")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(out), isolation_level=None)
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as err:
        raise ValueError(f"{out} is not a campaign database: {err}") from err
    if tables and "campaign_points" not in tables:
        conn.close()
        raise ValueError(f"{out} is a database but not a campaign database; refusing to use it")
    merge.ensure_campaign_schema(conn)
    return conn


def _completed_keys(conn: sqlite3.Connection) -> dict:
    rows = conn.execute(
        "SELECT p.point_key, group_concat(r.run_id) FROM campaign_points AS p "
        "LEFT JOIN campaign_runs AS r USING (point_key) WHERE p.status = 'complete' "
        "GROUP BY p.point_key"
    ).fetchall()
    return {key: [int(r) for r in (ids or "").split(",") if r] for key, ids in rows}


@dataclasses.dataclass
class _Execution:
    """A finished process of a point."""

    point: Point
    command: list
    db_path: pathlib.Path
    started_at: str
    ended_at: str
    exit_status: int | None
    stderr: str
    problem: str | None  # why it did not run to the end, None if it exited 0


def _execute(point: Point, command: list, db_path: pathlib.Path, timeout: float | None):
    started = _utc_now()
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
        status, stderr = proc.returncode, proc.stderr
        problem = None if status == 0 else f"exit status {status}"
    except subprocess.TimeoutExpired as err:
        status = None
        stderr = err.stderr.decode(errors="replace") if isinstance(err.stderr, bytes) else ""
        problem = f"killed after the timeout of {timeout} s"
    except OSError as err:
        status, stderr, problem = None, "", f"could not start: {err}"
    return _Execution(point, command, db_path, started, _utc_now(), status, stderr, problem)


def _record(conn: sqlite3.Connection, ex: _Execution) -> PointOutcome:
    """Merge a finished point (if complete) and record it, in one transaction."""
    problem = ex.problem or merge.run_status_problem(ex.db_path)
    run_ids: list = []
    # A failed point's database, if it has one, still gives an empty campaign its tables.
    has_db = ex.db_path.is_file() and ex.db_path.stat().st_size > 0
    source = merge.attached(conn, ex.db_path) if has_db else contextlib.nullcontext()
    with source:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if has_db:
                conn.execute("SAVEPOINT merge_point")
                try:
                    run_ids = merge.merge_point(conn) if problem is None else []
                    if problem is not None:
                        merge.copy_schema(conn)
                except (ValueError, sqlite3.Error) as err:
                    conn.execute("ROLLBACK TO merge_point")
                    if problem is None:
                        run_ids, problem = [], f"merge of {ex.db_path} failed: {err}"
                conn.execute("RELEASE merge_point")
            error_output = ""
            if problem is not None:
                error_output = (
                    ex.stderr[-ERROR_OUTPUT_LIMIT:].rstrip("\n") + f"\n[ai_fabric] {problem}"
                ).lstrip("\n")
            conn.execute("DELETE FROM campaign_points WHERE point_key = ?", (ex.point.key,))
            conn.execute("DELETE FROM campaign_runs WHERE point_key = ?", (ex.point.key,))
            conn.execute(
                "INSERT INTO campaign_points (point_key, program, params, status, exit_status, "
                "error_output, run_id, runs, db_path, command, started_at, ended_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ex.point.key,
                    ex.point.program,
                    json.dumps(ex.point.params, sort_keys=True),
                    "complete" if problem is None else "failed",
                    ex.exit_status,
                    error_output or None,
                    run_ids[0] if run_ids else None,
                    len(run_ids),
                    str(ex.db_path),
                    shlex.join(ex.command),
                    ex.started_at,
                    ex.ended_at,
                ),
            )
            conn.executemany(
                "INSERT INTO campaign_runs (point_key, run_id) VALUES (?, ?)",
                [(ex.point.key, r) for r in run_ids],
            )
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    return PointOutcome(
        ex.point,
        "complete" if problem is None else "failed",
        run_ids,
        ex.db_path,
        ex.exit_status,
        error_output,
        problem or "",
    )


def run_campaign(
    program: str,
    grid: Mapping[str, Sequence],
    fixed: Mapping[str, object] | None = None,
    out: str | os.PathLike = "campaign.sqlite",
    jobs: int | None = None,
    bin_dir: str | os.PathLike | None = None,
    work_dir: str | os.PathLike | None = None,
    timeout: float | None = None,
    progress: Callable[[PointOutcome], None] | None = None,
) -> CampaignResult:
    """Run a program over a grid and merge the points' databases into one campaign database.

    program: example program name (found by find_program) or a path.
    grid: flag -> list of values; every combination is a point.
    fixed: flag -> value, the same for every point.
    out: the campaign database (created, or reused to skip complete points).
    jobs: processes at a time, at most the cores available (default: all of them).
    bin_dir: where the programs are (default $AI_FABRIC_BIN or build/bin).
    work_dir: where the points' databases go (default <out without suffix>.points/).
    timeout: seconds a point may run before it is killed and recorded failed (default none).
    progress: called with each point's outcome as it is recorded.

    Raises ValueError for a bad grid, a missing program, jobs < 1 or an out file that is not a
    campaign database; failures of points are recorded, not raised.
    """
    executable = find_program(program, bin_dir)
    points = grid_points(executable.name, grid, fixed)
    cores = default_jobs()
    jobs = cores if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    jobs = min(jobs, cores)
    out = pathlib.Path(out)
    work = pathlib.Path(work_dir) if work_dir else out.with_suffix(".points")
    work.mkdir(parents=True, exist_ok=True)

    conn = _open_campaign(out)
    try:
        done = _completed_keys(conn)
        outcomes = []
        todo = []
        for point in points:
            db_path = (work / f"{point.key}.sqlite").resolve()
            if point.key in done:
                outcome = PointOutcome(point, "skipped", done[point.key], db_path)
                outcomes.append(outcome)
                if progress:
                    progress(outcome)
            else:
                todo.append((point, point.command(executable, db_path), db_path))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_execute, p, cmd, db, timeout) for p, cmd, db in todo]
            # Points are merged one at a time, in this thread, as their processes finish.
            for future in concurrent.futures.as_completed(futures):
                outcome = _record(conn, future.result())
                outcomes.append(outcome)
                if progress:
                    progress(outcome)
    finally:
        conn.close()
    order = {p.key: i for i, p in enumerate(points)}
    outcomes.sort(key=lambda o: order[o.point.key])
    return CampaignResult(out, outcomes)
