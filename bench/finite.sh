#!/usr/bin/env bash
# Benchmark of the finite-width backend on the NNGP program at n = 2048 and 4096, beside numpy
# doing the same computation on the same machine. Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
build -pl bench -am
java -XX:MaxRAMPercentage=75 -cp "$bench_cp" tp.bench.FiniteBenchmark programs/nngp.tp "${SEEDS:-5}"
if command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null; then
  # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine for old OpenBLAS builds; they slow a current numpy
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/nngp_numpy.py "${SEEDS:-5}"
else
  echo "numpy not found: skipping the comparison"
fi
