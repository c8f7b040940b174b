#!/usr/bin/env bash
# Peak memory (maximum resident set size) of `rowguard validate` on a large generated CSV file, per
# execution mode, measured with GNU time (/usr/bin/time -v). The issue's target for --mode stream
# is at most 64 MB on a 5 GB file.
#
#   bench/rss.sh [SIZE_GB] [--keep]
#
#   SIZE_GB   size of the generated file in GB (10^9 bytes; fractions allowed) [default: 5, about
#             85 million rows of the financial-transactions dataset, ~1% invalid]
#   --keep    keep the generated file and print where it is (it is deleted otherwise)
#
# Environment: ROWGUARD_BUILD_DIR (default build) holds src/cli/rowguard and
# tools/datagen/rowguard-gen (scripts/setup.sh builds them when missing); MODES (default
# "stream parallel") lists the --mode values to measure; TMPDIR (default /tmp) receives the file.
# Installs the Debian package "time" when /usr/bin/time is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

size_gb=5
keep=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) size_gb="$arg" ;;
  esac
done
if ! awk -v s="$size_gb" 'BEGIN { exit !(s + 0 > 0) }'; then
  echo "rss.sh: SIZE_GB must be a positive number of GB, got \"$size_gb\"" >&2
  exit 2
fi

build_dir="${ROWGUARD_BUILD_DIR:-build}"
rowguard="$build_dir/src/cli/rowguard"
gen="$build_dir/tools/datagen/rowguard-gen"
if [ ! -x "$rowguard" ] || [ ! -x "$gen" ]; then
  ./scripts/setup.sh >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
  echo "rss.sh: installing the Debian package \"time\" for /usr/bin/time" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >/dev/null
fi

# The generator writes about 59 bytes per row (header aside).
bytes=$(awk -v s="$size_gb" 'BEGIN { printf "%.0f", s * 1e9 }')
rows=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 58.8 }')
tmp_root="${TMPDIR:-/tmp}"
free_bytes=$(df -P -B1 "$tmp_root" | awk 'NR == 2 { print $4 }')
if [ "$free_bytes" -lt $((bytes + (1 << 30))) ]; then
  echo "rss.sh: $tmp_root has $((free_bytes >> 20)) MiB free; a ${size_gb} GB file needs $(((bytes >> 20) + 1024)) MiB (1 GiB spare)" >&2
  exit 2
fi

work=$(mktemp -d "$tmp_root/rowguard-rss.XXXXXX")
cleanup() {
  if [ "$keep" -eq 1 ]; then
    echo "kept: $work/transactions.csv and $work/schema.json"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB; load:$(uptime | sed 's/.*load average://')"
echo "generating $rows rows (~${size_gb} GB) into $work/transactions.csv"
gen_start=$(date +%s)
"$gen" --rows "$rows" --schema "$work/schema.json" "$work/transactions.csv"
echo "generated $(stat -c %s "$work/transactions.csv") bytes in $(($(date +%s) - gen_start)) s"

for mode in ${MODES:-stream parallel}; do
  # Exit code 1 only says that the file has invalid rows (it has, by design).
  status=0
  /usr/bin/time -v -o "$work/time-$mode.txt" \
    "$rowguard" validate --schema "$work/schema.json" --mode "$mode" --progress never \
    "$work/transactions.csv" >/dev/null 2>"$work/summary-$mode.txt" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "rss.sh: rowguard validate --mode $mode failed (exit $status):" >&2
    cat "$work/summary-$mode.txt" "$work/time-$mode.txt" >&2
    exit 2
  fi
  kbytes=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time-$mode.txt")
  wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$mode.txt")
  verdict=""
  if [ "$mode" = stream ]; then
    verdict=$(awk -v k="$kbytes" 'BEGIN { print (k * 1024 <= 64e6 ? "  (target <= 64 MB: met)" : "  (target <= 64 MB: MISSED)") }')
  fi
  awk -v m="$mode" -v k="$kbytes" -v w="$wall" -v v="$verdict" \
    'BEGIN { printf "--mode %-9s max RSS %7.1f MB (%.1f MiB), wall %s%s\n", m, k * 1024 / 1e6, k / 1024, w, v }'
  echo "  $(cat "$work/summary-$mode.txt")"
done
