#!/usr/bin/env bash
# Benchmark of the particle tier on programs/mup_deep_tanh.tp: particles per second and the
# standard error of f_test reached in 10 s and 60 s, beside a finite-width simulation in numpy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
build -pl bench -am
java -XX:MaxRAMPercentage=75 -cp "$bench_cp" tp.bench.ParticleBenchmark programs/mup_deep_tanh.tp f_test ${BUDGETS:-10 60}
if command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/mup_deep_tanh_numpy.py "${TARGET:-2.5e-4}" "${SEEDS:-6}"
fi
