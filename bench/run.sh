#!/usr/bin/env bash
# Runs rowguard's benchmarks and prints the medians of repeated runs, with the machine they ran on.
#
#   bench/run.sh [ROWS]            (default 2,000,000 rows; datasets go to the temporary directory)
#
# Builds Release through scripts/setup.sh first. bench_checks times each of the financial schema's
# checks on its own column of values; bench_executors compares the executors (serial,
# streaming, distributed with 1 and 2 workers, map-reduce), bench_cache a cache hit with a miss.
# Extra Google Benchmark flags can be passed in BENCH_FLAGS, e.g.
# BENCH_FLAGS=--benchmark_filter=csv bench/run.sh. ROWGUARD_BENCH_CPU=N runs the one-core
# benchmarks (bench_scan, bench_validate, bench_checks) on CPU N only (taskset): on a virtual machine whose
# CPUs are not equally fast, an unpinned run lands on either. See docs/benchmarks.md for measured
# figures.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-2000000}"
build_dir="${ROWGUARD_BUILD_DIR:-build}"
./scripts/setup.sh >/dev/null

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "kernels: $("$build_dir/src/cli/rowguard" --version | sed -n 's/^kernels supported here: //p')"
echo "rows: $rows${ROWGUARD_BENCH_CPU:+, one-core benchmarks on CPU $ROWGUARD_BENCH_CPU}"
export ROWGUARD_BENCH_ROWS="$rows"
flags=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_min_time=1 ${BENCH_FLAGS:-})
for bench in bench_scan bench_validate bench_checks bench_executors bench_cache; do
  [ -x "$build_dir/bench/$bench" ] || continue  # bench_cache is built only when its source exists
  pin=()
  if [ -n "${ROWGUARD_BENCH_CPU:-}" ] && [ "$bench" = bench_scan -o "$bench" = bench_validate -o "$bench" = bench_checks ]; then
    pin=(taskset -c "$ROWGUARD_BENCH_CPU")
  fi
  "${pin[@]}" "$build_dir/bench/$bench" "${flags[@]}" 2>/dev/null | grep -E "_median|^Benchmark|^-" || true
done
echo "peak memory of --mode stream and parallel on a large file: bench/rss.sh (writes 5 GB to /tmp)"
echo "1 vs 2 workers, in rounds that leave out minutes when one CPU is slowed: bench/scaling.sh"
