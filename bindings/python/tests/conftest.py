"""Shared fixtures: where the built example programs are."""

import os
import pathlib

import pytest


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
