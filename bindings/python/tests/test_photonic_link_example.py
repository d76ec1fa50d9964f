"""The photonic-link example as a user runs it: refusals, help, and pcap that tshark decodes."""

import pathlib
import shutil
import subprocess


def run(bin_dir: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "photonic-link"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_healthy_link_prints_its_figures(bin_dir):
    result = run(bin_dir, "--transceiver=DR8", "--length=100", "--duration=0.1")
    assert result.returncode == 0, result.stderr
    for field in ("propagation delay  490 ns", "goodput", "energy", "pJ per delivered bit"):
        assert field in result.stdout


def test_beyond_reach_is_refused_with_status_2(bin_dir):
    result = run(bin_dir, "--transceiver=DR8", "--length=2000")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "2000 m exceeds the 500 m reach of 'DR8'" in result.stderr
    assert "goodput" not in result.stdout


def test_copper_beyond_reach_is_refused(bin_dir):
    result = run(bin_dir, "--transceiver=DAC", "--medium=copper", "--length=4")
    assert result.returncode == 2
    assert "copper at 100G per lane" in result.stderr


def test_negative_margin_is_refused(bin_dir):
    result = run(bin_dir, "--transceiver=DR8", "--length=100", "--insertionLoss=4")
    assert result.returncode == 2
    assert "optical margin -1.43 dB is negative" in result.stderr


def test_negative_length_is_refused_not_crashed(bin_dir):
    result = run(bin_dir, "--length=-1")
    assert result.returncode == 2, result.stderr
    assert "length (m) -1 must not be negative" in result.stderr


def test_unknown_preset_and_medium_are_refused(bin_dir):
    result = run(bin_dir, "--transceiver=QSFP-NOPE")
    assert result.returncode == 2
    assert "unknown transceiver preset 'QSFP-NOPE'" in result.stderr
    result = run(bin_dir, "--medium=glass")
    assert result.returncode == 2
    assert "unknown medium 'glass'" in result.stderr


def test_unwritable_pcap_path_is_refused_before_running(bin_dir, tmp_path):
    result = run(bin_dir, f"--pcap={tmp_path}/no/such/dir/trace")
    assert result.returncode == 2
    assert "cannot write pcap trace" in result.stderr
    assert "goodput" not in result.stdout


def test_attributes_are_documented_with_units(bin_dir):
    result = run(bin_dir, "--PrintAttributes=ns3::PhotonicChannel")
    assert result.returncode == 0
    assert "--ns3::PhotonicChannel::Length" in result.stdout
    assert "metres" in result.stdout
    result = run(bin_dir, "--PrintAttributes=ns3::PhotonicNetDevice")
    assert "RxPowerPenalty" in result.stdout and "dB" in result.stdout


def test_degraded_receiver_loses_frames(bin_dir):
    result = run(bin_dir, "--transceiver=DR8", "--length=100", "--rxPenalty=3.4", "--duration=0.1")
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if "lost to FEC" in l)
    lost = int(line.split(",")[1].split()[0])
    assert lost > 0


def test_pcap_decodes_in_tshark_as_ethernet_ipv4(bin_dir, tmp_path):
    tshark = shutil.which("tshark")
    assert tshark, "tshark (Debian package tshark) is required"
    prefix = tmp_path / "link"
    result = run(bin_dir, "--length=10", "--duration=0.01", f"--pcap={prefix}")
    assert result.returncode == 0, result.stderr
    pcaps = sorted(tmp_path.glob("link-*.pcap"))
    assert len(pcaps) == 2
    decoded = subprocess.run(
        [tshark, "-r", str(pcaps[0]), "-c", "20", "-T", "fields", "-e", "frame.protocols",
         "-e", "ip.dst", "-e", "udp.dstport"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [r.split("\t") for r in decoded.stdout.strip().splitlines()]
    assert rows, "tshark decoded no frames"
    assert all(r[0].startswith("eth:ethertype:ip:udp") for r in rows), rows[:3]
    assert all(r[1] == "10.0.0.2" and r[2] == "9000" for r in rows), rows[:3]
