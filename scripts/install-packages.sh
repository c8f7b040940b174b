#!/usr/bin/env bash
# Installs with apt-get those of the given Debian 12 packages that are missing; with no arguments,
# the packages rowguard builds and tests with. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=("$@")
if ((${#packages[@]} == 0)); then
  packages=(
    g++ cmake ninja-build pkg-config
    libsimdjson-dev libfast-float-dev libre2-dev libxxhash-dev libtbb-dev
    catch2 libbenchmark-dev zlib1g-dev libzstd-dev
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-packages: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
