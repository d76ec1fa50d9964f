"""The flagship rail-allreduce example and the demo built on it.

The printed nccl-tests rows and the database agree; busbw follows nccl-tests' all-reduce factor;
CPO switch ports use less energy than pluggable ones for the same collective; refused
configurations exit 2 before a database is written; a killed run is never 'complete'; the demo
prints its comparison of three transports x two optics.
"""

import signal
import sqlite3
import subprocess
import time

import pytest

#: A small cluster and size keep each run to a few seconds.
SMALL = ["--servers=4", "--minBytes=256K", "--maxBytes=1M", "--stepFactor=4"]


def run(bin_dir, *args, check=True):
    """Run rail-allreduce; returns the completed process."""
    proc = subprocess.run(
        [str(bin_dir / "rail-allreduce"), *args], capture_output=True, text=True, timeout=600
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def rows(stdout):
    """The nccl-tests data rows: (size, time_us, algbw, busbw, energy_j, pj_per_bit)."""
    out = []
    for line in stdout.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split()
        out.append((int(f[0]), float(f[5]), float(f[6]), float(f[7]), float(f[8]), float(f[9])))
    return out


def test_rows_match_database_and_nccl_tests_definitions(bin_dir, tmp_path):
    db = tmp_path / "ra.sqlite"
    proc = run(bin_dir, *SMALL, f"--db={db}")
    printed = rows(proc.stdout)
    assert [r[0] for r in printed] == [256 * 1024, 1024 * 1024]
    n = 32  # 4 servers x 8 GPUs
    for size, time_us, algbw, busbw, energy, pj in printed:
        # algbw = size / time; busbw = algbw x 2(n-1)/n (nccl-tests PERFORMANCE.md), to print
        # precision.
        assert algbw == pytest.approx(size / (time_us * 1e-6) / 1e9, rel=0.01)
        assert busbw == pytest.approx(algbw * 2 * (n - 1) / n, rel=0.01)
        assert energy > 0 and pj > 0
    with sqlite3.connect(db) as conn:
        status, program = conn.execute("SELECT status, program FROM runs").fetchone()
        assert (status, program) == ("complete", "rail-allreduce")
        stored = conn.execute(
            "SELECT op, algorithm, ranks, bytes, time_s, algbw_gbps, busbw_gbps, energy_j "
            "FROM collectives ORDER BY bytes"
        ).fetchall()
        params = dict(conn.execute("SELECT key, value FROM parameters"))
    assert len(stored) == len(printed)
    for (op, alg, ranks, size, time_s, algbw, busbw, energy), p in zip(stored, printed):
        assert (op, alg, ranks, size) == ("all-reduce", "ring", n, p[0])
        assert time_s * 1e6 == pytest.approx(p[1], abs=0.01)
        assert busbw == pytest.approx(p[3], abs=0.01)
        assert energy == pytest.approx(p[4], abs=0.001)
    assert params["transport"] == "roce" and params["optics"] == "pluggable"


def test_cpo_uses_less_energy_for_the_same_collective(bin_dir, tmp_path):
    energy = {}
    for optics in ("pluggable", "cpo"):
        proc = run(bin_dir, *SMALL, f"--optics={optics}", f"--db={tmp_path / optics}.sqlite")
        energy[optics] = rows(proc.stdout)[-1][4]
    # Leaf ports at 5.6 instead of 20 pJ/bit and CPO-800 leaf-spine: strictly less, but the
    # ASICs and the NICs' pluggable modules stay, so not below half.
    assert 0.5 * energy["pluggable"] < energy["cpo"] < 0.95 * energy["pluggable"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--algorithm=tree", "--op=all-gather"], "tree"),
        (["--algorithm=halving-doubling", "--servers=3"], "power-of-two number of ranks, not 24"),
        (["--transport=tcp"], "unknown transport"),
        (["--optics=cpx"], "unknown scale-out optics 'cpx'"),
        (["--minBytes=16M", "--maxBytes=1M"], "exceeds --maxBytes"),
        (["--minBytes=lots"], "--minBytes='lots' is not a positive size"),
        (["--topology=fat-tree"], "rail-optimized cluster only"),
    ],
)
def test_refusals_exit_2_without_a_database(bin_dir, tmp_path, args, message):
    db = tmp_path / "refused.sqlite"
    proc = run(bin_dir, *SMALL, *args, f"--db={db}", check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert not db.exists()


def test_unwritable_database_path_is_refused_before_the_run(bin_dir):
    proc = run(bin_dir, *SMALL, "--db=/proc/ai-fabric/x.sqlite", check=False)
    assert proc.returncode == 2
    assert "/proc/ai-fabric/x.sqlite" in proc.stderr
    assert rows(proc.stdout) == []


def test_killed_run_is_not_complete(bin_dir, tmp_path):
    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(
        [str(bin_dir / "rail-allreduce"), "--minBytes=64M", "--maxBytes=64M", f"--db={db}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Wait until the run is recorded as running, then kill the program mid-way.
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline and status is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    row = conn.execute("SELECT status FROM runs").fetchone()
                    status = row[0] if row else None
            except sqlite3.OperationalError:
                pass
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        status, ended = conn.execute("SELECT status, ended_at FROM runs").fetchone()
        collectives = conn.execute("SELECT COUNT(*) FROM collectives").fetchone()[0]
    assert status == "running" and ended is None
    assert collectives == 0


def test_demo_prints_three_transports_by_two_optics(cli_env, tmp_path):
    out = tmp_path / "demo.sqlite"
    proc = subprocess.run(
        ["/usr/bin/python3", "-m", "ai_fabric", "demo", f"--out={out}", "--size=256K"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    table = [
        f
        for f in (line.split() for line in proc.stdout.splitlines())
        if len(f) == 10 and f[0] in ("roce", "ib", "uet")
    ]
    assert sorted((r[0], r[1]) for r in table) == sorted(
        (t, o) for t in ("roce", "ib", "uet") for o in ("pluggable", "cpo")
    )
    for transport in ("roce", "ib", "uet"):
        assert f"{transport}: CPO uses" in proc.stdout
    assert "6/6 runs finished" in proc.stderr
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT COUNT(*) FROM collectives").fetchone()[0] == 6
        assert {s for (s,) in conn.execute("SELECT status FROM runs")} == {"complete"}
