"""The experiment runner on the real transport-compare: campaigns, merging, skipping, failures,
DataFrames, plots and the command line."""

import json
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

from ai_fabric import campaign, plots, results

#: Small, fast settings: 32 GPUs, 8-to-1 incast of 64 KiB, 64 KiB permutation.
FIXED = {"leaves": 4, "incastSenders": 8, "incastKiB": 64, "permutationKiB": 64}
TABLES = ["runs", "parameters", "collectives", "messages", "links", "link_events", "energy",
          "port_counters", "nic_counters"]


def count(path, table, where="1"):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sweep(bin_dir, tmp_path_factory):
    """A 3 x 2 campaign with one bad transport name: 4 points complete, 2 fail."""
    out = tmp_path_factory.mktemp("campaign") / "campaign.sqlite"
    seen = []
    result = campaign.run_campaign(
        "transport-compare",
        grid={"transports": ["roce", "uet", "bogus"], "pattern": ["incast", "permutation"]},
        fixed=FIXED,
        out=out,
        jobs=2,
        bin_dir=bin_dir,
        progress=seen.append,
    )
    return result, seen


def test_points_complete_fail_and_are_recorded(sweep):
    result, seen = sweep
    assert len(seen) == 6
    assert result.count("complete") == 4 and result.count("failed") == 2
    for outcome in result.outcomes:
        if outcome.point.params["transports"] == "bogus":
            # Refused before the database was opened.
            assert outcome.status == "failed" and outcome.exit_status == 2
            assert "unknown transport 'bogus'" in outcome.error_output
            assert outcome.run_ids == [] and not outcome.db_path.exists()
        else:
            assert outcome.status == "complete" and len(outcome.run_ids) == 1
            assert outcome.db_path.exists()
    points = pd.read_sql_query(
        "SELECT * FROM campaign_points", sqlite3.connect(str(result.database))
    )
    assert len(points) == 6
    failed = points[points.status == "failed"]
    assert len(failed) == 2 and failed.run_id.isna().all()
    assert failed.error_output.str.contains("unknown transport 'bogus'").all()
    assert failed.error_output.str.contains(r"\[ai_fabric\] exit status 2").all()
    for row in points.itertuples():
        assert json.loads(row.params)["leaves"] == "4"
        assert "--db=" in row.command and row.started_at <= row.ended_at


def test_merged_rows_equal_the_sum_of_the_points(sweep):
    result, _ = sweep
    complete = [o for o in result.outcomes if o.status == "complete"]
    for table in TABLES:
        merged = count(result.database, table)
        assert merged == sum(count(o.db_path, table) for o in complete), table
    # Run ids are remapped to 1..4; every row follows its run.
    assert sorted(r for o in complete for r in o.run_ids) == [1, 2, 3, 4]
    for o in complete:
        new = o.run_ids[0]
        for table in TABLES:
            assert count(result.database, table, f"run_id = {new}") == count(o.db_path, table), (
                table, o.point.params)
        flags = dict(sqlite3.connect(str(result.database)).execute(
            "SELECT key, value FROM parameters WHERE run_id = ?", (new,)).fetchall())
        assert flags["transports"] == o.point.params["transports"]
        assert flags["pattern"] == o.point.params["pattern"]
    assert count(result.database, "runs", "status != 'complete'") == 0


def test_rerun_skips_complete_points_and_retries_failed(sweep, bin_dir):
    result, _ = sweep
    before = {t: count(result.database, t) for t in TABLES}
    again = campaign.run_campaign(
        "transport-compare",
        grid={"transports": ["roce", "uet", "bogus"], "pattern": ["incast", "permutation"]},
        fixed=FIXED,
        out=result.database,
        jobs=2,
        bin_dir=bin_dir,
    )
    assert again.count("skipped") == 4 and again.count("failed") == 2
    assert {t: count(result.database, t) for t in TABLES} == before
    assert count(result.database, "campaign_points") == 6


def test_dataframes(sweep):
    result, _ = sweep
    path = result.database
    runs = results.runs(path)
    assert len(runs) == 4
    assert set(runs.transports) == {"roce", "uet"}
    assert set(runs.pattern) == {"incast", "permutation"}
    assert runs.leaves.dtype.kind == "i" and (runs.leaves == 4).all()
    assert runs.point_key.notna().all()
    msgs = results.messages(path)
    assert len(msgs) == count(path, "messages")
    assert (msgs.fct_s > 0).all()
    # 8-to-1 incast: 8 messages of 64 KiB per run; permutation: 32.
    per_run = msgs.groupby(["transports", "pattern"]).bytes.agg(["count", "sum"])
    assert per_run.loc[("roce", "incast"), "count"] == 8
    assert per_run.loc[("uet", "permutation"), "sum"] == 32 * 64 * 1024
    ports = results.port_counters(path)
    drop_columns = [c for c in ports.columns if c.startswith("drops_")]
    assert len(drop_columns) == 5
    assert (ports.drops == ports[drop_columns].sum(axis=1)).all()
    kinds = results.energy(path, scope="port-kind")
    links = results.energy(path, scope="link").groupby("run_id").joules.sum()
    assert (kinds.groupby("run_id").joules.sum() - links).abs().max() < 1e-12
    assert results.collectives(path).empty
    points = results.campaign_points(path)
    assert set(points.transports) == {"roce", "uet", "bogus"} and (points.leaves == 4).all()
    params = results.parameters(path)
    assert list(params.index) == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="no table"):
        results.table(path, "nonexistent")
    with pytest.raises(ValueError, match="no database"):
        results.runs(path.parent / "missing.sqlite")


def png(path):
    data = path.read_bytes()
    return len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n"


def test_plots_of_the_campaign(sweep, tmp_path):
    result, _ = sweep
    figures = plots.plot_database(result.database, tmp_path / "plots")
    names = {f.path.name for f in figures}
    assert names == {"message-fct-cdf.png", "energy-by-port-kind.png"}
    for figure in figures:
        assert png(figure.path)
    cdf = next(f for f in figures if f.path.name == "message-fct-cdf.png")
    # One line per transport and pattern; each ends at fraction 1 with that series' slowest
    # message.
    msgs = results.messages(result.database)
    assert set(cdf.series) == {f"pattern={p}, transports={t}"
                               for t in ("roce", "uet") for p in ("incast", "permutation")}
    for label, (x, y) in cdf.series.items():
        pattern, transport = (part.split("=")[1] for part in label.split(", "))
        mine = msgs[(msgs.pattern == pattern) & (msgs.transports == transport)]
        assert len(x) == len(mine) and y[-1] == 1.0
        assert max(x) == pytest.approx(mine.fct_s.max() * 1e6)


def test_busbw_and_energy_plots_draw_the_means(tmp_path):
    # Ring all-reduce on 8 ranks at a link rate B of 100 GB/s with a step latency alpha: time =
    # 2 (n-1) (alpha + bytes / (n B)), busbw = 2 (n-1)/n x bytes / time, which approaches B for
    # large messages. Two runs per point, the second 1 % slower.
    rows = []
    for transport, alpha in (("roce", 5e-6), ("uet", 3e-6)):
        for run in (1, 2):
            for size in (1 << 16, 1 << 20, 1 << 24):
                n, rate = 8, 100e9
                t = 2 * (n - 1) * (alpha + size / (n * rate)) * (1 + 0.01 * run)
                rows.append(dict(run_id=run, op="allreduce", algorithm="ring", bytes=size,
                                 busbw_gbps=2 * (n - 1) / n * size / t / 1e9,
                                 energy_j=size * 8 * 10e-12, transports=transport))
    frame = pd.DataFrame(rows)
    assert plots.choose_series(frame, ["transports"], "bytes") == ["transports"]
    [busbw] = plots.busbw_vs_size(frame, tmp_path, ["transports"])
    assert busbw.path.name == "busbw-allreduce.png" and png(busbw.path)
    assert set(busbw.series) == {"transports=roce", "transports=uet"}
    sizes, values = busbw.series["transports=uet"]
    assert sizes == [1 << 16, 1 << 20, 1 << 24]
    expected = frame[frame.transports == "uet"].groupby("bytes").busbw_gbps.mean()
    assert values == pytest.approx(list(expected))
    # 16 MiB: B / (1 + alpha n B / bytes) = 87.5 GB/s for alpha = 3 us, less the 1-2 % slow-down.
    assert 85 < values[-1] < 87.5
    energy = plots.energy_per_collective(frame, tmp_path, ["transports"])
    assert png(energy.path)
    assert energy.series["op=allreduce, transports=roce"][1][0] == pytest.approx((1 << 16) * 8e-11)
    # A flag that sets the size is not a series.
    frame["size"] = frame.bytes
    assert plots.choose_series(frame, ["transports", "size"], "bytes") == ["transports"]


def test_command_line(bin_dir, cli_env, tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "ai_fabric", *args], capture_output=True,
                              text=True, env=cli_env, cwd=tmp_path, timeout=600, check=False)

    help_text = cli("--help").stdout
    assert "sweep" in help_text and "plot" in help_text and "runs" in help_text
    sweep_help = cli("sweep", "--help").stdout
    for flag in ("--program", "--grid", "--fixed", "--jobs", "--out", "--timeout"):
        assert flag in sweep_help
    fixed = [arg for k, v in FIXED.items() for arg in ("--fixed", f"{k}={v}")]
    done = cli("sweep", "--program", "transport-compare", "--grid", "transports=roce,ib",
               "--grid", "pattern=incast", *fixed, "--jobs", "2", "--out", "c.sqlite")
    assert done.returncode == 0, done.stderr
    assert "c.sqlite: 2 complete, 0 failed, 0 skipped (2 points)" in done.stdout
    assert (tmp_path / "c.points").is_dir()
    again = cli("sweep", "--program", "transport-compare", "--grid", "transports=roce,ib",
                "--grid", "pattern=incast", *fixed, "--out", "c.sqlite")
    assert "0 complete, 0 failed, 2 skipped" in again.stdout
    listed = cli("runs", "c.sqlite")
    assert listed.returncode == 0 and listed.stdout.count("complete") == 2
    drawn = cli("plot", "c.sqlite", "--out", "figs")
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "figs" / "message-fct-cdf.png").stat().st_size > 1000
    # Usage errors: exit 2 with a message.
    bad = cli("sweep", "--program", "no-such-program", "--grid", "a=1", "--out", "d.sqlite")
    assert bad.returncode == 2 and "error: program 'no-such-program' not found" in bad.stderr
    bad = cli("sweep", "--program", "transport-compare", "--grid", "db=x.sqlite")
    assert bad.returncode == 2 and "sets --db itself" in bad.stderr
    bad = cli("sweep", "--program", "transport-compare", "--grid", "novalue")
    assert bad.returncode == 2 and "is not FLAG=VALUE" in bad.stderr
    (tmp_path / "notes.txt").write_text("x")
    bad = cli("sweep", "--program", "transport-compare", "--grid", "leaves=2", "--out", "notes.txt")
    assert bad.returncode == 2 and "not a campaign database" in bad.stderr


def test_timeout_kills_and_records_the_point(bin_dir, tmp_path):
    result = campaign.run_campaign(
        "transport-compare",
        grid={"permutationKiB": [16384]},
        fixed={"transports": "roce", "pattern": "permutation"},
        out=tmp_path / "slow.sqlite",
        jobs=1,
        bin_dir=bin_dir,
        timeout=1.0,
    )
    [outcome] = result.outcomes
    assert outcome.status == "failed" and outcome.exit_status is None
    assert "timeout of 1.0 s" in outcome.reason
    assert count(result.database, "campaign_points", "status = 'failed'") == 1
    assert count(result.database, "runs") == 0


def test_grid_validation():
    points = campaign.grid_points("p", {"a": [1, 2], "b": ["x", "y", "z"]}, {"c": True})
    assert len(points) == 6 and len({p.key for p in points}) == 6
    assert points[0].params == {"c": "true", "a": "1", "b": "x"}
    # Values are flags' text: 1 and "1" are the same point.
    [one], [text] = campaign.grid_points("p", {"a": [1]}), campaign.grid_points("p", {"a": ["1"]})
    assert one.key == text.key
    with pytest.raises(ValueError, match="no values"):
        campaign.grid_points("p", {"a": []})
    with pytest.raises(ValueError, match="both fixed and in the grid"):
        campaign.grid_points("p", {"a": [1]}, {"a": 2})
    with pytest.raises(ValueError, match="not a flag name"):
        campaign.grid_points("p", {"a b": [1]})


def test_exit_zero_with_an_unfinished_run_is_a_failure(bin_dir, tmp_path):
    # A wrapper that kills the simulation it started yet exits 0: the point's database still
    # says 'running', so the point is failed and nothing is merged.
    wrapper = tmp_path / "swallowing-wrapper"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'"{bin_dir.resolve() / "transport-compare"}" "$@" &\n'
        "sleep 1\nkill -9 $!\nexit 0\n"
    )
    wrapper.chmod(0o755)
    result = campaign.run_campaign(
        str(wrapper),
        grid={"permutationKiB": [16384]},
        fixed={"transports": "roce", "pattern": "permutation"},
        out=tmp_path / "wrapped.sqlite",
        jobs=1,
    )
    [outcome] = result.outcomes
    assert outcome.status == "failed" and outcome.exit_status == 0
    assert "run 1 is 'running'" in outcome.reason
    assert count(result.database, "runs") == 0
    assert count(result.database, "campaign_points", "status = 'failed' AND runs = 0") == 1
