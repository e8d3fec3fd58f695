"""The distributions: the sdist can run the test command, the wheel is the package alone."""

from __future__ import annotations

import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from setuptools import build_meta

from tests.conftest import REPO_ROOT

# What the README's test command reads besides the package itself.
TEST_INPUTS = ("tests", "cassettes", "notebooks", "benchmarks", ".ci")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".hypothesis", ".pytest_cache"}


def _tree_files(top: str) -> set[str]:
    return {
        path.relative_to(REPO_ROOT).as_posix()
        for path in (REPO_ROOT / top).rglob("*")
        if path.is_file() and not SKIP_PARTS & set(path.parts) and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], Message]:
    out = tmp_path_factory.mktemp("sdist")
    name = build_meta.build_sdist(str(out))
    root = name.removesuffix(".tar.gz")
    with tarfile.open(out / name) as archive:
        files = {m.name.removeprefix(f"{root}/") for m in archive.getmembers() if m.isfile()}
        pkg_info = archive.extractfile(f"{root}/PKG-INFO")
        assert pkg_info is not None
        metadata = Parser().parsestr(pkg_info.read().decode("utf-8"))
    return files, metadata


def test_the_sdist_holds_everything_the_test_command_reads(
    sdist: tuple[set[str], Message],
) -> None:
    files, _ = sdist
    wanted = {"pyproject.toml", "README.md", "LICENSE"}
    for top in TEST_INPUTS:
        wanted |= _tree_files(top)
    assert wanted - files == set()


def test_the_license_is_an_spdx_expression_with_its_file(sdist: tuple[set[str], Message]) -> None:
    _, metadata = sdist
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert (REPO_ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")
    urls = metadata.get_all("Project-URL") or []
    assert urls and all(", https://" in url for url in urls)


def test_the_wheel_is_the_package_alone(tmp_path: Path) -> None:
    name = build_meta.build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        tops = {entry.split("/", 1)[0] for entry in wheel.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"langchain_billbee"}
