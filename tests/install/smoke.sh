#!/usr/bin/env bash
# Installs the built tree into a temporary prefix and builds a consumer with find_package(shilu).
set -euo pipefail
build_dir="$1"; src_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$src_dir/tests/install/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
out="$("$work/build/consumer")"
echo "$out" | grep -q '"schema":"shilu.annotation/1"' || { echo "unexpected output: $out"; exit 1; }
echo "find_package(shilu) consumer built and ran"
