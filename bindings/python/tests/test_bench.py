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


def load_run_bench():
    """bench/run-bench as a module (it has no .py suffix)."""
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("run_bench", str(RUN_BENCH))
    spec = importlib.util.spec_from_loader("run_bench", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_huge_pages_setting_reaches_the_program_environment(monkeypatch):
    rb = load_run_bench()
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2")
    on = rb.program_env(True)["GLIBC_TUNABLES"].split(":")
    # The user's other tunables stay; the huge-page one is set exactly once.
    assert on == ["glibc.malloc.arena_max=2", "glibc.malloc.hugetlb=1"]
    assert rb.program_env(False)["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"
    monkeypatch.delenv("GLIBC_TUNABLES")
    assert "GLIBC_TUNABLES" not in rb.program_env(False)
    assert rb.thp_mode() in ("always", "madvise", "never", "unknown")


def test_fastbins_setting_reaches_the_program_environment(monkeypatch):
    rb = load_run_bench()
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mxfast=64:glibc.malloc.arena_max=2")
    off = rb.program_env(True, fastbins=False)["GLIBC_TUNABLES"].split(":")
    # The user's own mxfast gives way; the others stay.
    assert off == ["glibc.malloc.arena_max=2", "glibc.malloc.hugetlb=1", "glibc.malloc.mxfast=0"]
    assert rb.program_env(False, fastbins=True)["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"


def test_rows_record_the_huge_page_setting(bin_dir, tmp_path):
    for setting, expected in (("on", True), ("off", False)):
        result = run_bench(bin_dir, "--json", "--no-db", "--huge-pages", setting, "link")
        assert result.returncode == 0, result.stderr
        row = json.loads(result.stdout.splitlines()[0])
        assert row["malloc_huge_pages"] is expected
        assert row["transparent_hugepage_mode"] in ("always", "madvise", "never", "unknown")
        assert row["malloc_fastbins"] is False
    result = run_bench(bin_dir, "--json", "--no-db", "--fastbins", "on", "link")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["malloc_fastbins"] is True
