#!/usr/bin/env bash
# Benchmark of the limit engine: NNGP and NTK of a depth-10 ReLU MLP on 64 inputs (2080 pairs),
# from a .tp program, against the closed-form recursion in Java and in numpy. Prints figures.
# P, L and REPEATS choose the inputs, the depth and the repeats (P=256: 32896 pairs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
build -pl bench -am
out="$(java -XX:MaxRAMPercentage=75 -cp "$bench_cp" tp.bench.KernelBenchmark "${P:-64}" "${L:-10}" "${REPEATS:-15}")"
echo "$out"
engine_ms="$(echo "$out" | sed -n 's/^limit engine .* \([0-9.]*\) ms$/\1/p')"
if command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/kernels_numpy.py "${P:-64}" "${L:-10}" $engine_ms
fi
