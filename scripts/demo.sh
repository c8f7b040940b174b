#!/usr/bin/env bash
# Sets everything up and runs rowguard's main job: the billion-record demo, which generates a file
# of financial transactions (about 1% of them invalid), validates it with the serial, streaming,
# distributed and cached executors, checks that they all agree, and prints the report, each
# executor's rows/s, the peak memory, the cache speedup and the projected time for a billion rows.
#
#   scripts/demo.sh [ROWS] [DIR]      (default 500000 rows, in <temporary directory>/rowguard-demo)
#
# The smaller quickstart example (one Validator, one report) is build/examples/quickstart.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir="${ROWGUARD_BUILD_DIR:-build}"
"$build_dir/examples/billion_record_demo" "$@"
