"""Shared fixtures: where the built example programs are; the ai_fabric package on the path."""

import os
import pathlib
import sys

import pytest

#: bindings/python, which holds the ai_fabric package.
PACKAGE_ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(PACKAGE_ROOT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_ROOT))


@pytest.fixture(scope="session")
def bin_dir() -> pathlib.Path:
    """The directory of the built programs (AI_FABRIC_BIN, set by ./fabric test)."""
    path = os.environ.get("AI_FABRIC_BIN")
    if not path:
        root = pathlib.Path(__file__).resolve().parents[3]
        path = str(root / "build" / "bin")
    directory = pathlib.Path(path)
    if not (directory / "photonic-link").exists():
        pytest.fail(f"photonic-link is not built in {directory}; run ./fabric build")
    return directory


@pytest.fixture(scope="session")
def cli_env(bin_dir) -> dict:
    """Environment for running ``python3 -m ai_fabric`` in a subprocess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p
    )
    env["AI_FABRIC_BIN"] = str(bin_dir.resolve())
    return env
