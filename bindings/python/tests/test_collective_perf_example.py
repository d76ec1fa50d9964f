"""The collective-perf example as a user runs it: nccl-tests rows, refusals."""

import pathlib
import re
import subprocess


def run(bin_dir: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "collective-perf"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def rows(stdout: str) -> list:
    """nccl-tests rows: size, count, type, redop, root, time (us), algbw, busbw (GB/s)."""
    table = []
    for line in stdout.splitlines():
        m = re.match(r"^\s*(\d+)\s+(\d+)\s+(\w+)\s+(\w+)\s+(-?\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$",
                     line)
        if m:
            table.append(dict(size=int(m.group(1)), count=int(m.group(2)), type=m.group(3),
                              redop=m.group(4), root=int(m.group(5)), time=float(m.group(6)),
                              algbw=float(m.group(7)), busbw=float(m.group(8))))
    return table


def test_ring_all_reduce_rows_follow_nccl_tests(bin_dir):
    result = run(bin_dir, "--minBytes=1M", "--maxBytes=4M")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert [r["size"] for r in table] == [1 << 20, 2 << 20, 4 << 20]
    n = 32  # 4 servers x 8 GPUs
    for r in table:
        assert r["count"] == r["size"] // 4 and r["type"] == "float" and r["redop"] == "sum"
        # algbw = S / t (GB/s = 1e3 bytes/us); busbw = algbw x 2(n-1)/n.
        assert abs(r["algbw"] - r["size"] / r["time"] / 1e3) < 0.01 * r["algbw"] + 0.01
        assert abs(r["busbw"] - r["algbw"] * 2 * (n - 1) / n) < 0.02
        # A flat ring is bounded by its 400G NIC hops: 400e9/8 x 4096/4178 = 49.0 GB/s.
        assert r["busbw"] < 49.1
    # Latency weighs less as the size grows.
    assert table[0]["busbw"] < table[1]["busbw"] < table[2]["busbw"]
    assert "# Avg bus bandwidth" in result.stdout


def test_pxn_all_to_all_runs(bin_dir):
    result = run(bin_dir, "--op=all-to-all", "--algorithm=pxn", "--minBytes=1M", "--maxBytes=1M")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert len(table) == 1 and table[0]["redop"] == "none" and table[0]["busbw"] > 0


def test_unsupported_collective_is_refused(bin_dir):
    result = run(bin_dir, "--op=all-gather", "--algorithm=tree")
    assert result.returncode == 2
    assert "error:" in result.stderr and "does not run all-gather" in result.stderr
    assert rows(result.stdout) == []
    result = run(bin_dir, "--algorithm=halving-doubling", "--rail=0", "--servers=3")
    assert result.returncode == 2
    assert "power-of-two" in result.stderr
