#!/usr/bin/env bash
# shilu set-up and go. Idempotent: installs only missing Debian packages, rebuilds only
# what changed.
#
#   bash scripts/setup.sh run    install what is missing, build (Release), annotate a bundled text
#   bash scripts/setup.sh test   install what is missing, build (Release), run the whole test suite
#
# Environment: BUILD_DIR (default build), JOBS (default: all cores).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode="${1:-run}"
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

PACKAGES=(g++ cmake ninja-build pkg-config python3 libicu-dev libre2-dev
          libboost-program-options-dev nlohmann-json3-dev doctest-dev libsqlite3-dev sqlite3)

say() { printf '[shilu setup] %s\n' "$*" >&2; }

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all packages present"
    return
  fi
  say "installing: ${missing[*]}"
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      say "error: need root (or sudo) to install: ${missing[*]}"; exit 2; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    say "configuring $BUILD_DIR (Release)"
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  say "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS" >&2
}

case "$mode" in
  run)
    install_missing
    build
    sample="$(ls corpus/texts/*.txt | head -n 1)"
    say "annotating $sample"
    "$BUILD_DIR/shilu" annotate --pretty "$sample"
    ;;
  test)
    install_missing
    build
    say "running the test suite"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"
    ;;
  *)
    echo "usage: bash scripts/setup.sh run|test" >&2
    exit 2
    ;;
esac
