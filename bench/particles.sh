#!/usr/bin/env bash
# Benchmark of the particle tier.
#  1. programs/mup_deep_tanh.tp (f_test): the standard error and its efficiency 1/(s.e.²·s) with
#     variance reduction off (plain Monte Carlo) and on (randomised QMC + Richardson), in one run,
#     beside a finite-width simulation in numpy (bench/mup_deep_tanh_numpy.py).
#  2. stdlib/mlp-train.tp (μP, 3 tanh layers, 3 data points): `tp limit` time and peak memory
#     (maximum resident set size, heap capped at 4 GB) for T = 8, 16, 32 SGD steps, each beside the
#     previous release's figure (13.6 s, 54 s, > 300 s; ~5 GB). T=100 as well with LONG=1 (minutes).
#  3. stdlib/mlp-train.tp at T=8 with --sampling mc and rqmc: loss[8] ± s.e., the wall time and the
#     efficiency 1/(s.e.²·s) of each (VR=0 to skip).
# Environment: BUDGETS (seconds, default 10), STEPS (default "8 16 32"), LONG=1, NUMPY=0 to skip numpy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/build.sh
build -pl bench -am
java -XX:MaxRAMPercentage=75 -cp "$bench_cp" tp.bench.ParticleBenchmark programs/mup_deep_tanh.tp f_test ${BUDGETS:-10}
if [ "${NUMPY:-1}" = 1 ] && command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/mup_deep_tanh_numpy.py "${TARGET:-2.5e-4}" "${SEEDS:-6}" \
    || echo "particles.sh: the numpy reference failed (SEEDS must be at least 2)" >&2
fi

steps="${STEPS:-8 16 32}"
if [ "${LONG:-0}" = 1 ]; then steps="$steps 100"; fi
declare -A before=([8]=13.6 [16]=54 [32]=300)
echo
echo "stdlib/mlp-train.tp, tp limit (-Xmx4g), $(nproc) cores; previous release: 13.6 s (T=8), 54 s (T=16), > 300 s (T=32), ~5 GB"
printf '%5s %9s %9s %12s %22s %s\n' T wall_s cpu_s peak_MB "vs previous (time)" "loss[T] ± s.e."
for T in $steps; do
  log="$(mktemp)"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f 'TIME %e %U %S %M' java -Xss1g -Xmx4g -cp "$bench_cp" tp.cli.Main limit stdlib/mlp-train.tp --set T="$T" >"$log" 2>&1 || true
    read -r _ wall user sys rss < <(grep '^TIME' "$log")
    cpu="$(echo "$user + $sys" | bc)"
    mb=$((rss / 1024))
  else
    start=$(date +%s.%N)
    java -Xss1g -Xmx4g -cp "$bench_cp" tp.cli.Main limit stdlib/mlp-train.tp --set T="$T" >"$log" 2>&1 || true
    wall="$(echo "$(date +%s.%N) - $start" | bc)"; cpu=-; mb=-
  fi
  loss="$(grep -E "^loss\[$T\]" "$log" | awk '{print $3, "±", $6}')"
  [ -n "$loss" ] || loss="$(grep -m1 error "$log" || echo failed)"
  ref="${before[$T]:-}"
  if [ -n "$ref" ]; then cmp="$(printf '%.2f× of %s s' "$(echo "$wall / $ref" | bc -l)" "$ref")"; else cmp="(no reference)"; fi
  printf '%5s %9s %9s %12s %22s %s\n' "$T" "$wall" "$cpu" "$mb" "$cmp" "$loss"
  rm -f "$log"
done

if [ "${VR:-1}" = 1 ]; then
  echo
  echo "stdlib/mlp-train.tp T=8, tp limit, variance reduction off (mc) and on (rqmc), default particles"
  printf '%5s %9s %28s %22s\n' sampling wall_s "loss[8] ± s.e." "efficiency 1/(se²·s)"
  for s in mc rqmc; do
    log="$(mktemp)"
    start=$(date +%s.%N)
    java -Xss1g -Xmx4g -cp "$bench_cp" tp.cli.Main limit stdlib/mlp-train.tp --set T=8 --sampling "$s" >"$log" 2>&1 || true
    wall="$(echo "$(date +%s.%N) - $start" | bc)"
    read -r value se < <(grep -E '^loss\[8\]' "$log" | awk '{print $3, $6}')
    if [ -n "${se:-}" ]; then
      eff="$(echo "$se" | awk -v w="$wall" '{printf "%.3e", 1 / ($1 * $1 * w)}')"
      printf '%5s %9.1f %28s %22s\n' "$s" "$wall" "$value ± $se" "$eff"
    else
      printf '%5s %9.1f %28s\n' "$s" "$wall" "$(grep -m1 error "$log" || echo failed)"
    fi
    rm -f "$log"
  done
fi
