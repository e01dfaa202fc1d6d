#!/usr/bin/env bash
# The wheel tested as a wheel: build it, install it into a fresh virtual environment with only its
# declared dependencies (plus pytest and pytest-django), and run tests/wheel_host/ there, a copy of
# a minimal host project that knows nothing of clinic or of the repository's source tree.
#   BUILD_PYTHON  builds the wheel (default .venv/bin/python, which has setuptools and wheel)
#   VENV_PYTHON   creates the fresh virtual environment (default python3, 3.11 or newer)
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build_python=${BUILD_PYTHON:-$root/.venv/bin/python}
venv_python=${VENV_PYTHON:-python3}
SECONDS=0

work=$(mktemp -d -t triggerfinder-wheel.XXXXXX)  # in $TMPDIR, default /tmp
trap 'rm -rf "$work"' EXIT

# Build from a copy of the files git knows (committed or new, not ignored): a stale build/ or
# *.egg-info in the checkout cannot slip anything into the wheel.
mkdir "$work/src" "$work/dist"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' name; do
      if [ -e "$name" ]; then printf '%s\0' "$name"; fi
    done |
    tar --null -T - -cf - | tar -C "$work/src" -xf -
else
  tar --exclude=./.venv --exclude=./build --exclude='*.egg-info' -cf - . | tar -C "$work/src" -xf -
fi
"$build_python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
  -w "$work/dist" "$work/src"
wheel=$(ls "$work/dist"/triggerfinder-*.whl)
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) kB) in ${SECONDS}s"

# The test tools at the versions the development environment pins; nothing else from there.
mapfile -t pins < <(grep -oE '^(pytest|pytest-django)==[^ ]+' requirements-dev.txt)
[ ${#pins[@]} = 2 ] || { echo "requirements-dev.txt must pin pytest and pytest-django" >&2; exit 1; }
"$venv_python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" "${pins[@]}"
echo "installed in a fresh virtual environment ($("$work/venv/bin/python" --version)) by ${SECONDS}s:"
"$work/venv/bin/python" -m pip freeze --disable-pip-version-check | sed 's/^/  /'

cp -R tests/wheel_host "$work/host"
rm -rf "$work/host/db.sqlite3" "$work/host/__pycache__" "$work/host/host/__pycache__"
cd "$work/host"
env -u PYTHONPATH -u DJANGO_SETTINGS_MODULE "$work/venv/bin/python" -m pytest \
  --rootdir "$work/host" -c "$work/host/pytest.ini" -q "$@"
echo "wheel test passed in ${SECONDS}s in all"
