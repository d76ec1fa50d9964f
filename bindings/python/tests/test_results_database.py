"""transport-compare --db as a user runs it: the database against the printed table, refusals,
and a program killed mid-run leaving its run 'running'."""

import os
import signal
import sqlite3
import subprocess
import time

from ai_fabric import merge
from test_transport_compare_example import rows, run

FAST = ["--leaves=4", "--incastSenders=8", "--incastKiB=256", "--permutationKiB=256"]


def query(path, sql, *args):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_database_matches_the_printed_table(bin_dir, tmp_path):
    db = tmp_path / "out" / "compare.sqlite"
    result = run(bin_dir, "--transports=roce,uet", *FAST, f"--db={db}")
    assert result.returncode == 0, result.stderr
    printed = rows(result.stdout)
    assert len(printed) == 4
    runs = query(db, "SELECT run_id, status, program, ended_at FROM runs ORDER BY run_id")
    assert [r[1] for r in runs] == ["complete"] * 4
    assert {r[2] for r in runs} == {"transport-compare"}
    assert all(r[3] for r in runs)
    for run_id, *_ in runs:
        params = dict(query(db, "SELECT key, value FROM parameters WHERE run_id = ?", run_id))
        row = printed[(params["transports"], params["pattern"])]
        assert params["leaves"] == "4" and params["incastKiB"] == "256"
        # One message row per completed message; bytes = what the pattern posts.
        count, total = query(
            db, "SELECT count(*), sum(bytes) FROM messages WHERE run_id = ?", run_id
        )[0]
        assert count == row["done"] == row["posted"]
        assert total == row["posted"] * 256 * 1024
        # The switches' totals as the program printed them.
        sums = query(
            db,
            "SELECT sum(drops_buffer_full + drops_headroom_overflow + drops_credit_overrun + "
            "drops_no_route + drops_link_down), sum(pfc_pauses), sum(trims), sum(ecn_marks) "
            "FROM port_counters WHERE run_id = ?",
            run_id,
        )[0]
        assert list(sums) == [row["drops"], row["pauses"], row["trims"], row["marks"]]
        # NICs: bytes completed = bytes of the messages.
        assert query(
            db, "SELECT sum(bytes_completed) FROM nic_counters WHERE run_id = ?", run_id
        )[0][0] == total
        # Energy: the total is the links plus the switch ASICs.
        links, asics, whole = query(
            db,
            "SELECT sum(CASE scope WHEN 'link' THEN joules END), "
            "sum(CASE scope WHEN 'switch-asic' THEN joules END), "
            "sum(CASE scope WHEN 'total' THEN joules END) FROM energy WHERE run_id = ?",
            run_id,
        )[0]
        assert abs(links + asics - whole) <= 1e-9 * whole
    assert "Results database: " + str(db) in result.stdout


def test_bad_database_paths_are_refused_before_running(bin_dir, tmp_path):
    result = run(bin_dir, *FAST, "--db=/proc/x/y.db")
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "/proc/x/y.db" in result.stderr
    assert "done" not in result.stdout
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n")
    result = run(bin_dir, *FAST, f"--db={notes}")
    assert result.returncode == 2
    assert "is not a SQLite database" in result.stderr
    assert notes.read_text() == "keep me\n"
    result = run(bin_dir, *FAST, f"--db={tmp_path}")
    assert result.returncode == 2 and "is a directory" in result.stderr


def test_a_refused_run_is_recorded_failed(bin_dir, tmp_path):
    db = tmp_path / "refused.sqlite"
    result = run(bin_dir, "--transports=roce", "--pattern=incast", *FAST, "--bufferMB=0.001",
                 f"--db={db}")
    assert result.returncode == 2
    [(status, error)] = query(db, "SELECT status, error FROM runs")
    assert status == "failed"
    assert "cannot hold its reserves" in error and error in result.stderr


def test_sigkill_mid_run_leaves_the_run_running(bin_dir, tmp_path):
    # A quick incast, then a 16 MiB-per-GPU permutation on 128 GPUs (about 20 s of CPU): the
    # program is killed while the second run simulates.
    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(
        [str(bin_dir / "transport-compare"), "--transports=roce", "--pattern=incast,permutation",
         "--incastSenders=4", "--incastKiB=64", "--permutationKiB=16384", f"--db={db}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if db.exists():
                try:
                    if query(db, "SELECT count(*) FROM runs")[0][0] == 2:
                        break
                except sqlite3.Error:
                    pass  # being written
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.05)
        else:
            raise AssertionError("the second run never started")
        time.sleep(1.0)
        assert proc.poll() is None, "still simulating when killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    runs = query(db, "SELECT run_id, status, ended_at FROM runs ORDER BY run_id")
    assert runs[0][1] == "complete"
    assert runs[1][1] == "running" and runs[1][2] is None
    assert query(db, "SELECT count(*) FROM runs WHERE status = 'complete'")[0][0] == 1
    # A campaign would not take it as a result.
    problem = merge.run_status_problem(db)
    assert problem is not None and "run 2 is 'running'" in problem
