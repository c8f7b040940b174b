#!/usr/bin/env bash
# How much faster 2 workers validate than 1: the DistributedValidator on the benchmark CSV file in
# the page cache (bench_executors' distributed benchmarks, 1 MiB chunks), in alternating rounds.
#
#   bench/scaling.sh [ROUNDS] [ROWS]     (defaults: 5 rounds, 2,000,000 rows)
#
# On a virtual machine one CPU can slow down by tens of percent for a while (a busy neighbour), so
# each round times 1 worker pinned to CPU 0, 1 worker pinned to CPU 1 and then 2 workers, one after
# the other (medians of 5 repetitions each), and compares 2 workers with the mean of the two
# 1-worker times. A round whose two 1-worker times differ by more than 10% is marked "uneven": one
# CPU was slowed, and 2 workers wait on the slow one. The last line gives the median speedup of
# the even rounds.
#
# Environment: ROWGUARD_BUILD_DIR (default build) holds bench/bench_executors (scripts/setup.sh
# builds it when missing); CHUNK_KIB (default 1024) sets the chunk size.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
rows="${2:-2000000}"
chunk="${CHUNK_KIB:-1024}"
build_dir="${ROWGUARD_BUILD_DIR:-build}"
bench="$build_dir/bench/bench_executors"
[ -x "$bench" ] || ./scripts/setup.sh >/dev/null
[ "$(nproc)" -ge 2 ] || { echo "needs 2 CPUs" >&2; exit 1; }
export ROWGUARD_BENCH_ROWS="$rows"

# Median wall time in ms of `distributed/workers:W/chunk_kib:$chunk`, run under "$@".
median_ms() {
  local workers=$1
  shift
  "$@" "$bench" --benchmark_filter="^distributed/workers:$workers/chunk_kib:$chunk/" \
    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, '/_median"/ { printf "%.2f\n", $3 * ($5 == "ms" ? 1 : $5 == "us" ? 0.001 : 1e-6) }'
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $rows rows, $chunk KiB chunks"
printf '%-6s %-19s %-10s %-10s %-10s %-8s %s\n' round time "1w CPU 0" "1w CPU 1" "2 workers" speedup note
speedups=()
for ((r = 1; r <= rounds; r++)); do
  when=$(date +%H:%M:%S)
  one0=$(median_ms 1 taskset -c 0)
  one1=$(median_ms 1 taskset -c 1)
  two=$(median_ms 2)
  speedup=$(awk -v a="$one0" -v b="$one1" -v t="$two" 'BEGIN { printf "%.3f", (a + b) / 2 / t }')
  uneven=$(awk -v a="$one0" -v b="$one1" 'BEGIN { r = a > b ? a / b : b / a; u = r > 1.10; print u }')
  note=""
  if [ "$uneven" = 1 ]; then note="uneven"; else speedups+=("$speedup"); fi
  printf '%-6s %-19s %-10s %-10s %-10s %-8s %s\n' "$r" "$when load $(cut -d' ' -f1 /proc/loadavg)" \
    "$one0 ms" "$one1 ms" "$two ms" "${speedup}x" "$note"
done
if [ "${#speedups[@]}" -gt 0 ]; then
  printf '%s\n' "${speedups[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "median speedup of %d even rounds: %.3fx (range %.3f-%.3f)\n", NR, m, v[1], v[NR] }'
else
  echo "no even round: every round had one CPU slowed; run again later"
fi
