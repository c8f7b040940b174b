#!/usr/bin/env bash
# Sets everything up and runs the whole test suite with CTest. Expects ../shared/conformance beside
# the checkout (the external conformance suites the tests read).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir="${ROWGUARD_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" "$@"
