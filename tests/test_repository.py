"""The repository stands alone: what the tests and the wheel need is in it, as plain files."""

from __future__ import annotations

import os
from pathlib import Path

import source_text

ROOT = Path(__file__).resolve().parents[1]
NOT_OURS = {".git", ".venv", ".hypothesis", ".pytest_cache", ".ruff_cache", "build", "dist"}


def test_no_symbolic_links_a_windows_checkout_would_lose():
    links = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in NOT_OURS]
        links += [Path(folder, name) for name in subfolders + files if Path(folder, name).is_symlink()]
    assert links == []


def test_the_source_documents_are_in_the_repository():
    assert source_text.SOURCES == ROOT / "sources"
    assert source_text.NATIONAL_SOURCE.is_file()
    assert source_text.WUHAN_SOURCE.is_file()
