#!/usr/bin/env bash
# Benchmark of the limit engine: NNGP and NTK of a depth-10 ReLU MLP on 64 inputs (2080 pairs),
# from a .tp program, against the closed-form recursion in Java and in numpy, and against the
# previous release (commit c74f520, built once in a worktree; PREVIOUS=0 leaves it out), all in
# this run. Prints figures: wall times, and the thread CPU time of the check and of the engine (the
# steadier figure on a shared machine). P, L and REPEATS choose the inputs, the depth and the
# repeats (default 50: the engine reaches its steady speed after a few dozen programs; P=256: 32896
# pairs, REPEATS=3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
. bench/baseline.sh
build -pl bench -am
baseline
args=("${P:-64}" "${L:-10}" "${REPEATS:-50}")
out="$(java -XX:MaxRAMPercentage=75 -cp "$bench_cp" tp.bench.KernelBenchmark "${args[@]}")"
echo "$out"
figure() { echo "$2" | sed -n "s/^$1 .* \([0-9.]*\) ms$/\1/p"; }
engine_ms="$(figure 'limit engine' "$out")"
check_ms="$(figure 'check (parse,' "$out")"
if [ -n "$baseline_jar" ]; then
  prev="$(java -XX:MaxRAMPercentage=75 -cp "$baseline_jar:bench/target/classes" tp.bench.KernelBenchmark "${args[@]}")"
  prev_engine="$(figure 'limit engine' "$prev")"
  prev_check="$(figure 'check (parse,' "$prev")"
  prev_direct="$(figure 'direct Java' "$prev")"
  echo "previous release (c74f520), same run:"
  if [ -n "$prev_engine" ]; then
    echo "$prev" | grep -E '^(check|limit engine|direct|engine /)' | sed 's/^/  /'
    awk -v a="$engine_ms" -v b="$prev_engine" -v c="$check_ms" -v d="$prev_check" 'BEGIN {
      printf "limit engine, previous / now     %8.1f×\n", b / a;
      printf "check, previous / now            %8.1f×\n", d / c }'
  else
    echo "$prev" | sed 's/^/  /'
  fi
fi
if command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/kernels_numpy.py "${P:-64}" "${L:-10}" $engine_ms
fi
