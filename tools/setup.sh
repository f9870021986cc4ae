#!/usr/bin/env bash
# Set up clustersim on a Debian 12 machine: install the Debian packages it needs (only
# when one is missing), configure and build into build/. Safe to run again: it does only
# what is left to do. Run as root (or with sudo available) on a fresh machine.
#
#   bash tools/setup.sh            # install what is missing, configure, build
#   CSIM_BUILD_DIR=b bash tools/setup.sh   # another build folder
#   CSIM_CMAKE_ARGS="-DCSIM_SANITIZE=ON" bash tools/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${CSIM_BUILD_DIR:-$here/build}"

# Every Debian package the project uses: toolchain, the libraries of the design card,
# the HDF5 tools (h5dump, h5diff), MPI, Python readers for the tests, gnuplot for plots,
# valgrind, and clang with LLVM's OpenMP (libomp-dev: Archer) and its sanitizer runtimes
# (libclang-rt-dev: libclang_rt.tsan and libclang_rt.fuzzer, which clang only recommends)
# for the ThreadSanitizer check of tools/sanitize.sh and the fuzzers of tools/fuzz.sh.
# tools/fresh_machine.sh proves this list on a bare Debian 12 (docs/RELIABILITY.md).
packages=(
    build-essential cmake pkg-config git
    libigraph-dev libgsl-dev libhdf5-dev zlib1g-dev hdf5-tools libcriterion-dev librandom123-dev
    libyaml-dev libopenmpi-dev openmpi-bin
    python3 python3-h5py python3-numpy python3-pandas python3-networkx
    gnuplot-nox valgrind
    clang libomp-dev libclang-rt-dev
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs="$(nproc 2>/dev/null || echo 2)"
mkdir -p "$build_dir"
log="$build_dir/setup.log"
# Quiet on success; the whole log on failure, so a broken build is never silent.
# shellcheck disable=SC2086
if ! { cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CSIM_CMAKE_ARGS:-} &&
       cmake --build "$build_dir" -j "$jobs"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: the build failed (log: $log)" >&2
    exit 1
fi
echo "setup: built $build_dir/clustersim" >&2
