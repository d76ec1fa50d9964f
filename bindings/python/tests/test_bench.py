"""The benchmark script as a user runs it: JSON lines with the agreed keys, and the SQLite row."""

import json
import pathlib
import sqlite3
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[3]
RUN_BENCH = ROOT / "bench" / "run-bench"

KEYS = ("scenario", "sim_time_s", "wall_s", "cpu_s", "peak_rss_mb", "packets", "packet_hops",
        "events", "packet_hops_per_cpu_s", "events_per_cpu_s", "scheduler_events_per_cpu_s",
        "bytes_per_host")


def run_bench(bin_dir, *args):
    return subprocess.run(["/usr/bin/python3", str(RUN_BENCH), "--bin", str(bin_dir), *args],
                          capture_output=True, text=True, timeout=300, check=False)


def test_link_scenario_prints_json_and_records_a_row(bin_dir, tmp_path):
    db = tmp_path / "bench.sqlite"
    result = run_bench(bin_dir, "--json", "--db", str(db), "link")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    row = json.loads(lines[0])
    for key in KEYS:
        assert key in row, key
    assert row["scenario"] == "link"
    assert row["sim_time_s"] == 0.01
    # One 800G link, 9000-byte payloads: 9000 + 14 (Ethernet) + 4 (FCS) + 8 (preamble) + 12
    # (gap) = 9038 bytes on the wire, 90.38 ns each; a frame arrives 740 ns after its last bit
    # (490 ns over 100 m of SMF, 250 ns of DSP and FEC). Frames fully received in 10 ms:
    expected = int((10e-3 - 740e-9) / (9038 * 8 / 800e9))
    assert abs(row["packets"] - expected) <= 1, (row["packets"], expected)
    assert row["packet_hops"] == row["packets"]
    # A frame costs its end of transmission and its reception: two events.
    assert 2 * row["packets"] <= row["events"] <= 2 * row["packets"] + 20
    assert row["cpu_s"] > 0 and row["wall_s"] > 0 and row["peak_rss_mb"] > 1
    assert row["events_per_cpu_s"] > 0 and row["scheduler_events_per_cpu_s"] > 0

    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT scenario, commit_id, machine, packets, events, figures "
                           "FROM bench_runs").fetchall()
    finally:
        con.close()
    assert len(rows) == 1
    scenario, commit, machine, packets, events, figures = rows[0]
    assert scenario == "link"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=False).stdout.strip()
    if head:
        assert commit.startswith(head)
    assert machine
    assert packets == row["packets"] and events == row["events"]
    assert json.loads(figures)["packets"] == row["packets"]


def test_unknown_scenario_is_refused_with_status_2(bin_dir, tmp_path):
    result = run_bench(bin_dir, "--db", str(tmp_path / "b.sqlite"), "perm-7")
    assert result.returncode == 2
    assert "unknown scenario 'perm-7'" in result.stderr
    assert not (tmp_path / "b.sqlite").exists()
