#!/usr/bin/env bash
# Builds the fuzz targets with clang, AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer in
# build-fuzz/, then fuzzes each target in turn (docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     default: 60 seconds, every target
#
# New corpus inputs go to build-fuzz/corpus/TARGET; an input that fails is written to
# build-fuzz/artifacts/ and stops the run with libFuzzer's report. Add it to fuzz/corpus/TARGET/
# once fixed, so that the tests replay it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_csv fuzz_jsonl fuzz_compressed fuzz_partial fuzz_schema fuzz_pattern fuzz_cache_entry fuzz_values)

./scripts/install-packages.sh
./scripts/install-packages.sh clang-14 libclang-rt-14-dev

build_dir="${ROWGUARD_FUZZ_BUILD_DIR:-build-fuzz}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  -DROWGUARD_BUILD_FUZZERS=ON -DROWGUARD_FUZZ_LINKMAIN=OFF -DROWGUARD_FUZZ_LDFLAGS=-fsanitize=fuzzer \
  -DROWGUARD_BUILD_TESTS=OFF -DROWGUARD_BUILD_BENCHMARKS=OFF -DROWGUARD_BUILD_EXAMPLES=OFF \
  -DROWGUARD_BUILD_CLI=OFF -DROWGUARD_INSTALL=OFF
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"

# The CSV and JSONL targets read option bytes before the text: seeds made of files written for
# other tools get the option bytes the test replay gives them (fuzz/CMakeLists.txt).
prefixed_seeds() {  # TARGET HEX DIR...: copies of the DIRs' files, HEX's bytes first
  local target=$1 hex=$2 dir file
  shift 2
  local out="$build_dir/seeds/$target"
  rm -rf "$out"
  mkdir -p "$out"
  for dir in "$@"; do
    [ -d "$dir" ] || continue
    for file in "$dir"/*; do
      [ -f "$file" ] || continue
      { printf "$(sed 's/../\\x&/g' <<<"$hex")"; cat "$file"; } >"$out/$(basename "$dir")-$(basename "$file")"
    done
  done
  echo "$out"
}

conformance=../shared/conformance
for target in "${targets[@]}"; do
  seeds=("fuzz/corpus/$target")
  case "$target" in
    fuzz_csv) seeds+=("$(prefixed_seeds "$target" 000000273f0f0040 "$conformance/csv-spectrum/csvs" "$conformance/frictionless")") ;;
    fuzz_jsonl) seeds+=("$(prefixed_seeds "$target" 0000273f0f0040 "$conformance/json-test-suite/test_parsing")") ;;
    fuzz_schema) seeds+=("$conformance/frictionless") ;;
  esac
  existing=()
  for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
  mkdir -p "$build_dir/corpus/$target" "$build_dir/artifacts"
  echo "fuzz: $target for ${seconds} s" >&2
  "$build_dir/fuzz/$target" "$build_dir/corpus/$target" "${existing[@]}" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/$target-"
done
