#!/usr/bin/env bash
# Benchmark of the exact tier at scale: the limit of programs/bordelon2025_deep_linear.tp (residual,
# β/√L branches, μP, full-batch GD) for L ∈ {4, 8, 16} layers × T ∈ {8, 32, 100} steps on D data
# points (default 2; D=8 rows for L=16 too). One JVM per configuration: time of the check and of the
# limit, the JVM's peak heap and the process's peak resident set (/usr/bin/time), and loss[T].
# The previous release (commit c74f520, built once in a worktree) is run on the T = 8 rows beside it
# (PREVIOUS=0 leaves it out). LS, TS, DS choose the grid; LR the learning rate (default 0.02).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
. bench/baseline.sh
build -pl bench -am
baseline
heap="${HEAP:--Xmx6g}"
row() {  # row JAR L T D
  local jar="$1"; shift
  local t rss out
  t="$(mktemp)"
  if command -v /usr/bin/time >/dev/null; then
    out="$(/usr/bin/time -f '%M' -o "$t" java "$heap" -cp "$jar:bench/target/classes" tp.bench.DeepLinearBenchmark "$@" "${LR:-0.02}" 2>&1)" || true
    rss="$(tail -1 "$t")"
  else
    out="$(java "$heap" -cp "$jar:bench/target/classes" tp.bench.DeepLinearBenchmark "$@" "${LR:-0.02}" 2>&1)" || true
    rss=""
  fi
  rm -f "$t"
  printf '%s  %8s\n' "$(echo "$out" | tail -1)" "${rss:+$((rss / 1024))}"
}
echo "deep linear network (bordelon2025_deep_linear.tp, res = 1, μP, lr = ${LR:-0.02}): limit by the exact tier"
echo "  L    T  D     steps  check s  chk cpu  limit s  lim cpu  heap MB  loss[T]                method   RSS MB"
for d in ${DS:-2}; do
  for l in ${LS:-4 8 16}; do
    for t in ${TS:-8 32 100}; do
      printf '  '; row interpreter/target/tp.jar "$l" "$t" "$d"
      if [ -n "$baseline_jar" ] && [ "$t" = 8 ]; then
        printf '  previous release (c74f520):\n  '; row "$baseline_jar" "$l" "$t" "$d"
      fi
    done
  done
done
if [ -z "${DS:-}" ]; then
  echo "eight data points (D = 8):"
  for t in ${TS8:-8 32}; do printf '  '; row interpreter/target/tp.jar 16 "$t" 8; done
fi
