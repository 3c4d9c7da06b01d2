#!/usr/bin/env bash
# Sets up everything CareMatch needs on a Debian machine, then runs the program or the tests.
#   bash scripts/dev.sh run    # install, then open the window (demo county on first start)
#   bash scripts/dev.sh test   # install, then ruff, mypy and the whole test suite offscreen
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  # Qt offscreen and under a real X server (DESIGN §8)
  libgl1 libegl1 libglib2.0-0 libxkbcommon0 libx11-6 libfontconfig1 libdbus-1-3
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # reading PDFs back in tests, decoding QR codes
  poppler-utils zbar-tools
  # PostgreSQL server for the server-mode tests
  postgresql
  # PyInstaller reads libraries with objdump; the bundle's libpython is stripped with strip
  binutils
  # icupkg: packaging/slim_icu.py trims the bundled ICU data to Chinese and English
  icu-devtools
  # packaging/lean_numpy.py compiles numpy (no BLAS) for the Linux bundle
  gcc g++ python3-dev
  # desktop-file-validate checks the launcher packaging/linux/install.sh writes
  desktop-file-utils
)

install_system_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  local python="${PYTHON:-python3}"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
}

install_system_packages
install_python_packages

case "${1:-run}" in
  run)
    shift || true
    exec .venv/bin/carematch "$@"
    ;;
  test)
    shift || true
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh [run|test]" >&2
    exit 2
    ;;
esac
