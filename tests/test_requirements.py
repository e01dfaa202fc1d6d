"""The locked requirements: the runtime alone in requirements.txt, the tools in
requirements-dev.txt, every package pinned with hashes, and what the sources ask for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
DEV_TOOLS = {"pytest", "pytest-django", "playwright", "pytest-playwright", "hypothesis", "ruff", "pip-tools"}


def name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def locked(filename: str) -> dict[str, str]:
    """Package → version; asserts that every entry carries at least one hash."""
    text = (ROOT / filename).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    pins: dict[str, str] = {}
    for entry in entries:
        match = PIN.match(entry.strip())
        if match:
            assert "--hash=sha256:" in entry, f"{filename}: {match.group(1)} has no hash"
            pins[name(match.group(1))] = match.group(2)
    return pins


def wanted(filename: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / filename).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[name(match.group(1))] = match.group(2)
    return pins


def test_every_locked_package_is_pinned_with_hashes_and_the_sources_are_honoured():
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    assert runtime and dev
    for source, lock in [("requirements.in", runtime), ("requirements-dev.in", dev)]:
        for package, version in wanted(source).items():
            assert lock.get(package) == version, (
                f"{source} wants {package}=={version}, locked {lock.get(package)}"
            )


def test_the_runtime_holds_no_test_or_development_tool():
    assert not DEV_TOOLS & set(locked("requirements.txt"))
    assert set(locked("requirements-dev.txt")) >= DEV_TOOLS


def test_a_package_in_both_files_has_one_version():
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    assert {p: (runtime[p], dev[p]) for p in runtime.keys() & dev.keys() if runtime[p] != dev[p]} == {}


def test_the_runtime_has_what_the_app_declares_and_its_security_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {name(r) for r in project["dependencies"] + project["optional-dependencies"]["security"]}
    assert declared - set(locked("requirements.txt")) == set()
