"""The fabric-topologies example as a user runs it: descriptions, traffic, refusals."""

import pathlib
import re
import subprocess


def run(bin_dir: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "fabric-topologies"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_fat_tree_prints_inventory_bisection_and_utilisation(bin_dir):
    result = run(bin_dir, "--topology=fat-tree", "--radix=16", "--leaves=4", "--duration=20")
    assert result.returncode == 0, result.stderr
    # 4 leaves x 8 GPUs; 8 spines; 32 GPU links + 32 uplinks of 800G: bisection 16 x 800G.
    assert re.search(r"gpu\s+32\n", result.stdout)
    assert re.search(r"spine\s+8\n", result.stdout)
    assert "bisection          12.8 Tb/s" in result.stdout
    delivered = re.search(r"delivered\s+(\d+) of (\d+) datagrams", result.stdout)
    assert delivered and delivered.group(1) == delivered.group(2)
    # Every GPU sends and receives at half its line rate: both directions ~50 %.
    util = float(re.search(r"gpu-leaf\s+([\d.]+) %", result.stdout).group(1))
    assert 40.0 < util < 55.0


def test_rail_cluster_same_rail_traffic_stays_off_the_spines(bin_dir):
    result = run(bin_dir, "--topology=rail", "--servers=16", "--duration=20")
    assert result.returncode == 0, result.stderr
    # GPU g -> g + 64 is the same rail on another server: leaf only.
    assert float(re.search(r"leaf-spine\s+([\d.]+) %", result.stdout).group(1)) == 0.0
    crossing = run(bin_dir, "--topology=rail", "--servers=16", "--duration=20", "--shift=65")
    assert float(re.search(r"leaf-spine\s+([\d.]+) %", crossing.stdout).group(1)) > 40.0


def test_bad_parameters_are_refused_before_simulation(bin_dir):
    cases = {
        ("--topology=rail", "--rails=6"): "rails 6 != 8 GPUs per server",
        ("--topology=ring",): "unknown topology 'ring'",
        ("--flowControl=xon",): "unknown flow control 'xon'",
        ("--leafSpineOptics=NOPE",): "NOPE",
        ("--load=1.5",): "--load must be in (0, 1]",
    }
    for args, message in cases.items():
        result = run(bin_dir, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ")
        assert message in result.stderr, (args, result.stderr)
        assert "Traffic:" not in result.stdout


def test_pfc_incast_pcap_decodes_as_class_based_pause(bin_dir, tmp_path):
    prefix = tmp_path / "incast"
    result = run(
        bin_dir,
        "--pattern=incast",
        "--flowControl=pfc",
        "--load=1",
        "--duration=20",
        "--bufferMB=6",
        f"--pcap={prefix}",
    )
    assert result.returncode == 0, result.stderr
    delivered = re.search(r"delivered\s+(\d+) of (\d+) datagrams", result.stdout)
    assert delivered and delivered.group(1) == delivered.group(2)
    assert "switch drops" not in result.stdout
    # GPU 1 (node 1, device 1 = its NIC) is one of the senders its leaf pauses.
    decoded = subprocess.run(
        ["tshark", "-r", str(tmp_path / "incast-1-1.pcap"), "-Y", "macc",
         "-T", "fields", "-e", "macc.opcode", "-e", "macc.cbfc.enbv"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split("\n")
    frames = [line.split("\t") for line in decoded if line]
    assert frames, "no PFC frames captured"
    assert all(f == ["0x0101", "0x0008"] for f in frames), frames


def test_buffer_too_small_for_headroom_is_refused(bin_dir):
    result = run(bin_dir, "--flowControl=pfc", "--bufferMB=1")
    assert result.returncode == 2
    assert "cannot hold its reserves" in result.stderr
    assert "Traffic:" not in result.stdout
