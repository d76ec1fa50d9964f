"""The transport-compare example as a user runs it: result rows, captures, refusals."""

import pathlib
import re
import struct
import subprocess
import zlib


def run(bin_dir: pathlib.Path, *args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "transport-compare"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )


def rows(stdout: str) -> dict:
    """Result rows by (transport, pattern): done, posted and the counters after them."""
    table = {}
    for line in stdout.splitlines():
        m = re.match(r"^(\w+)\s+(incast|permutation)\s+(\d+)/(\d+)\s+(.*)$", line)
        if m:
            numbers = [float(x) for x in m.group(5).split()]
            names = ["mean", "p50", "p99", "max", "drops", "pauses", "trims", "marks", "retx",
                     "nack", "cnp", "rto"]
            table[(m.group(1), m.group(2))] = dict(
                done=int(m.group(3)), posted=int(m.group(4)), **dict(zip(names, numbers)))
    return table


def test_roce_and_ib_complete_losslessly(bin_dir):
    result = run(bin_dir, "--transports=roce,ib", "--leaves=4", "--incastSenders=8",
                 "--incastKiB=256", "--permutationKiB=256")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert set(table) == {(t, p) for t in ("roce", "ib") for p in ("incast", "permutation")}
    for row in table.values():
        assert row["done"] == row["posted"] > 0
        assert row["drops"] == 0
        assert row["p50"] <= row["p99"] <= row["max"]
    # An 8-to-1 incast of 256 KiB each needs at least 8 x 256 KiB at 800 Gb/s = 21 us.
    assert table[("roce", "incast")]["max"] > 21.0
    assert table[("roce", "incast")]["pauses"] > 0 or table[("roce", "incast")]["cnp"] > 0


def pcap_frames(path: pathlib.Path):
    """The frames of a classic little-endian pcap file."""
    data = path.read_bytes()
    assert struct.unpack_from("<I", data, 0)[0] == 0xA1B2C3D4
    offset = 24
    while offset < len(data):
        _, _, incl, _ = struct.unpack_from("<IIII", data, offset)
        offset += 16
        yield data[offset:offset + incl]
        offset += incl


def roce_icrc(ip_packet: bytes) -> int:
    """RoCEv2 ICRC (IBA annex A17.3.3): CRC-32 over 8 bytes of ones and the IP packet with
    TOS, TTL, IP checksum, UDP checksum and the BTH reserved byte set to ones."""
    b = bytearray(ip_packet)
    for i in (1, 8, 10, 11, 20 + 6, 20 + 7, 28 + 4):
        b[i] = 0xFF
    return zlib.crc32(b"\xff" * 8 + bytes(b)) & 0xFFFFFFFF


def test_roce_capture_decodes_as_infiniband_bth(bin_dir, tmp_path):
    result = run(bin_dir, "--transports=roce", "--pattern=incast", "--incastSenders=2",
                 "--incastKiB=64", "--leaves=2", "--pcap=" + str(tmp_path / "cap"))
    assert result.returncode == 0, result.stderr
    # GPU 1's NIC: the node of GPU 1 is topology node 1, its first device its NIC.
    capture = tmp_path / "cap-roce-incast-1-1.pcap"
    assert capture.exists(), list(tmp_path.iterdir())
    decoded = subprocess.run(
        ["tshark", "-r", str(capture), "-Y", "infiniband", "-T", "fields",
         "-e", "ip.src", "-e", "udp.dstport", "-e", "infiniband.bth.opcode",
         "-e", "infiniband.bth.psn", "-e", "infiniband.bth.destqp"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split("\n")
    fields = [line.split("\t") for line in decoded if line]
    data = [f for f in fields if f[0] == "10.0.0.2"]
    acks = [f for f in fields if f[0] == "10.0.0.1"]
    # 64 KiB = 16 packets of 4096 B: WRITE FIRST (6), 14 x MIDDLE (7), LAST (8), PSN 0..15,
    # to GPU 0's QP for GPU 1 (QPN 1 x 1 + 0 + 1 = 2).
    assert [int(f[2]) for f in data] == [6] + [7] * 14 + [8]
    assert [int(f[3]) for f in data] == list(range(16))
    assert {f[4] for f in data} == {"0x000002"}
    assert {f[1] for f in fields} == {"4791"}
    # ACKs (opcode 17) come back to GPU 1's QP for GPU 0 (QPN 1); the last names PSN 15.
    assert acks and {int(f[2]) for f in acks} == {17}
    assert {f[4] for f in acks} == {"0x000001"}
    assert int(acks[-1][3]) == 15
    # Every frame's ICRC equals an independent computation.
    frames = list(pcap_frames(capture))
    assert len(frames) == len(fields)
    for frame in frames:
        ip = frame[14:]
        assert struct.unpack("<I", ip[-4:])[0] == roce_icrc(ip[:-4])


def test_unknown_names_are_refused(bin_dir):
    result = run(bin_dir, "--transports=roce,tcp")
    assert result.returncode == 2
    assert "unknown transport 'tcp'" in result.stderr
    assert "done" not in result.stdout
    result = run(bin_dir, "--transports=roce", "--cc=ns3::NoSuchControl")
    assert result.returncode == 2
    assert "ns3::NoSuchControl" in result.stderr


def test_uet_sprays_and_completes(bin_dir, tmp_path):
    result = run(bin_dir, "--transports=uet", "--leaves=4", "--incastSenders=8",
                 "--incastKiB=256", "--permutationKiB=256", "--pcap=" + str(tmp_path / "cap"))
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert set(table) == {("uet", "incast"), ("uet", "permutation")}
    for row in table.values():
        assert row["done"] == row["posted"] > 0
    # GPU 1's data to GPU 0 in the incast: UDP to 4793, one source port (entropy) per packet
    # in turn, 64 of them.
    decoded = subprocess.run(
        ["tshark", "-r", str(tmp_path / "cap-uet-incast-1-1.pcap"), "-Y",
         "ip.src==10.0.0.2 && udp.dstport==4793", "-T", "fields", "-e", "udp.srcport"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split()
    assert len(decoded) >= 64
    assert len(set(decoded)) == 64
