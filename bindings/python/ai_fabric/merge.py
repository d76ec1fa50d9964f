"""Copy the runs of a per-point results database into a campaign database.

Every table of a results database has a ``run_id`` column. Runs get new ids in the campaign
(the next free ones); every other table's rows follow their run through a mapping table. The
campaign's result tables are created from the first point database's own schema, so the
campaign keeps exactly the schema the C++ writer (``FabricResultsDatabase``) produced.
"""

from __future__ import annotations

import contextlib
import pathlib
import sqlite3

#: Tables a campaign database adds to the results schema.
CAMPAIGN_SCHEMA = """
CREATE TABLE IF NOT EXISTS campaign_points (
    point_key TEXT PRIMARY KEY,
    program TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),
    exit_status INTEGER,
    error_output TEXT,
    run_id INTEGER,
    runs INTEGER NOT NULL,
    db_path TEXT NOT NULL,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS campaign_runs (
    point_key TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    PRIMARY KEY (point_key, run_id)
);
"""


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def run_status_problem(path: pathlib.Path) -> str | None:
    """Why a point's database does not hold a finished result, or None if it does.

    A finished result has at least one run and every run 'complete'.
    """
    if not path.exists():
        return f"no database was written at {path}"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT run_id, status, error FROM runs ORDER BY run_id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as err:
        return f"database {path} is unreadable: {err}"
    if not rows:
        return f"database {path} holds no run"
    for run_id, status, error in rows:
        if status != "complete":
            detail = f": {error}" if error else ""
            return f"database {path}: run {run_id} is '{status}'{detail}"
    return None


def ensure_campaign_schema(conn: sqlite3.Connection) -> None:
    """Create the campaign tables if missing (autocommit connection)."""
    conn.executescript(CAMPAIGN_SCHEMA)


@contextlib.contextmanager
def attached(conn: sqlite3.Connection, path: pathlib.Path):
    """Attach a database as schema ``point`` for the duration of a with-block.

    Attach and detach happen outside transactions (SQLite refuses DETACH inside one): begin and
    commit the merge's transaction inside the block.
    """
    conn.execute("ATTACH DATABASE ? AS point", (str(path),))
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE point")


#: PRAGMA application_id of a results database ("AIFB", FabricResultsSchema::APPLICATION_ID).
APPLICATION_ID = 0x41494642


def copy_schema(conn: sqlite3.Connection) -> None:
    """Give the campaign the results tables of the attached point database, if it has none.

    The tables, indexes, user_version and application_id are copied, no rows. If the campaign
    has them already, the schema versions must agree. Raises ValueError for a point database
    that is not a results database or has another schema version.
    """
    app_id = conn.execute("PRAGMA point.application_id").fetchone()[0]
    point_version = conn.execute("PRAGMA point.user_version").fetchone()[0]
    if app_id != APPLICATION_ID or "runs" not in _tables(conn, "point"):
        raise ValueError("not an ai-fabric results database")
    if "runs" in _tables(conn, "main"):
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        if version != point_version:
            raise ValueError(f"schema version {point_version}, the campaign's is {version}")
        return
    statements = conn.execute(
        "SELECT sql FROM point.sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
    ).fetchall()
    for (sql,) in statements:
        conn.execute(sql)  # unqualified CREATE statements create in main
    conn.execute(f"PRAGMA main.user_version = {int(point_version)}")
    conn.execute(f"PRAGMA main.application_id = {int(app_id)}")


def merge_point(conn: sqlite3.Connection) -> list[int]:
    """Copy every run of the attached point database into the campaign; returns new run ids.

    Call inside ``attached(conn, path)`` and a transaction begun by the caller (autocommit
    connection, isolation_level=None), so the copy and the caller's bookkeeping commit together.
    Raises ValueError as copy_schema does.
    """
    copy_schema(conn)
    run_columns = [c for c in _columns(conn, "point", "runs") if c != "run_id"]
    listed = ", ".join(run_columns)
    conn.execute("CREATE TEMP TABLE run_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
    new_ids = []
    for (old,) in conn.execute("SELECT run_id FROM point.runs ORDER BY run_id").fetchall():
        cur = conn.execute(
            f"INSERT INTO main.runs ({listed}) SELECT {listed} FROM point.runs WHERE run_id = ?",
            (old,),
        )
        conn.execute("INSERT INTO temp.run_map VALUES (?, ?)", (old, cur.lastrowid))
        new_ids.append(cur.lastrowid)
    for table in _tables(conn, "point"):
        if table == "runs":
            continue
        columns = _columns(conn, "point", table)
        if "run_id" not in columns:
            raise ValueError(f"table {table} has no run_id column")
        select = ", ".join("m.new" if c == "run_id" else f'p."{c}"' for c in columns)
        conn.execute(
            f'INSERT INTO main."{table}" ({", ".join(columns)}) SELECT {select} '
            f'FROM point."{table}" AS p JOIN temp.run_map AS m ON p.run_id = m.old'
        )
    conn.execute("DROP TABLE temp.run_map")
    return new_ids
