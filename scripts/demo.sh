#!/usr/bin/env bash
# Sets everything up and runs rowguard's main job: the quickstart example, which generates a file
# of financial transactions (about 1% of them invalid) and validates it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir="${ROWGUARD_BUILD_DIR:-build}"
"$build_dir/examples/quickstart" "$@"
