"""triggerfinder installs into any Django project: INSTALLED_APPS + include() + migrate."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "triggerfinder"
WHEEL_HOST = ROOT / "tests" / "wheel_host"


def imported_modules(path: Path) -> list[str]:
    """Every module a source file imports, wherever the import statement stands."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def test_app_never_imports_the_host_project():
    for path in APP.rglob("*.py"):
        assert not any(name.split(".")[0] == "clinic" for name in imported_modules(path)), path


def test_the_wheel_host_knows_nothing_of_the_repository():
    """tests/wheel_host/ runs against the installed wheel (scripts/test-wheel.sh): it may use the
    app's public API only, never the host project or the main suite's helpers."""
    sources = sorted(WHEEL_HOST.rglob("*.py"))
    assert WHEEL_HOST / "test_installed_app.py" in sources
    for path in sources:
        for name in imported_modules(path):
            assert name.split(".")[0] not in {"clinic", "tests"}, (path, name)


def test_main_suite_leaves_the_wheel_host_to_its_script():
    """Collected here, its tests would import the source tree's app, not the wheel's."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "tests/test_reusable_app.py::test_main_suite_leaves_the_wheel_host_to_its_script" in result.stdout
    assert "test_installed_app" not in result.stdout


def tracked_copy(target: Path) -> Path:
    """The files git knows, copied: a build in place would also pack a stale ``build/`` from an
    older checkout (a module since moved away, say). Without git, the tree as it is."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", ".git"))
        return target
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_wheel_contains_the_app_and_its_data_only(tmp_path):
    source = tracked_copy(tmp_path / "src")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("triggerfinder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"triggerfinder"}
    for required in [
        "triggerfinder/templates/triggerfinder/base.html",
        "triggerfinder/static/triggerfinder/css/triggerfinder.css",
        "triggerfinder/locale/de/LC_MESSAGES/django.mo",
        "triggerfinder/locale/en/LC_MESSAGES/django.mo",
        "triggerfinder/migrations/0001_initial.py",
    ]:
        assert required in names, required
    # Demo data and whole-database backups belong to the host project (clinic/ops/), not the app.
    modules = {name.removesuffix(".py").rsplit("/", 1)[-1] for name in names if name.endswith(".py")}
    for host_only in ("demo", "seed_demo", "backup", "restore"):
        assert host_only not in modules, host_only
    assert not any("dbbackup" in name or "gnupg" in name for name in names)
