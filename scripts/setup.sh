#!/usr/bin/env bash
# Installs the Debian 12 packages rowguard needs (only those missing), then configures and builds
# a Release tree in build/. Safe to run again. Needs root (or sudo) only when packages are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-packages.sh

build_dir="${ROWGUARD_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
