#!/usr/bin/env bash
# Differential test of the limit engine (tests/src/test/java/tp/e2e/diff): seeded random programs,
# every tier (exact, quadrature, auto, particles), each result held against an independent reference
# and against its own claimed error. Prints counts per tier and category and the disagreements;
# exits 1 when there are any.
#
#   bench/difftest.sh [cases] [seed] [first-case]          (defaults: 10000 cases, the CI seed, 0)
#
# Environment: WORKERS (threads, default all cores), TIMEOUT (seconds per engine run, 60),
# PARTICLE_EVERY (particles on every k-th case, 8), PARTICLES (65536), MC (Monte Carlo samples of
# the reference for more than two Gaussian directions, 1048576), SHOW (disagreements listed, 40),
# BUDGET (seconds after which no new case starts, 0 = none).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
build
props=(-Ddifftest.progress=500 -Ddifftest.timeout="${TIMEOUT:-60}" -Ddifftest.particleEvery="${PARTICLE_EVERY:-8}"
       -Ddifftest.particles="${PARTICLES:-65536}" -Ddifftest.mc="${MC:-1048576}" -Ddifftest.show="${SHOW:-40}"
       -Ddifftest.budget="${BUDGET:-0}")
if [[ -n "${WORKERS:-}" ]]; then props+=(-Ddifftest.workers="$WORKERS"); fi
exec java -XX:MaxRAMPercentage=75 "${props[@]}" -cp interpreter/target/tp.jar:tests/target/test-classes \
  tp.e2e.diff.DiffMain "${1:-10000}" "${2:-20240611}" "${3:-0}"
