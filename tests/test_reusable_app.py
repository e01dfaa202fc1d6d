"""triggerfinder installs into any Django project: INSTALLED_APPS + include() + migrate."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "triggerfinder"


def test_app_serves_its_pages_in_a_project_without_clinic():
    result = subprocess.run(
        [sys.executable, "-m", "tests.standalone.smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "anonymous /clients/ 302 /login/?next=/clients/" in lines
    assert "therapist / 200" in lines
    assert "therapist /clients/ 200" in lines
    assert "therapist /clients/new/ 200" in lines
    assert any(line.startswith("create 302 /clients/") for line in lines), lines
    assert "detail 200" in lines


def test_app_never_imports_the_host_project():
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name == "clinic" or name.startswith("clinic.") for name in names), path


def test_wheel_contains_the_app_and_its_data_only(tmp_path):
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
            str(ROOT),
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
