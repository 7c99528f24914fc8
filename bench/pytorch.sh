#!/usr/bin/env bash
# PyTorch against tp's limit on programs/pytorch_mlp.tp (docs/from-pytorch.md): the μP MLP trained by
# PyTorch at finite widths (bench/pytorch_mlp.py, Debian's python3-torch) beside the limit, each
# PyTorch mean's distance to the limit in combined standard errors.
# WIDTHS, SEEDS, PARTICLES and VARIANT (mup | musgd) choose the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
variant="${VARIANT:-mup}"
sets=()
[[ "$variant" == musgd ]] && sets=(--set lr=0.1 --set lr_in=0.25 --set lr_out=4)
limit="$(./tp limit programs/pytorch_mlp.tp --particles "${PARTICLES:-262144}" --format csv "${sets[@]}")"
if [[ "$variant" == musgd ]]; then args=(musgd "${WIDTHS:-256,1024,4096}" "${SEEDS:-30}" 0.1 2 4); else args=(mup "${WIDTHS:-256,1024,4096}" "${SEEDS:-30}"); fi
torch="$(/usr/bin/python3 bench/pytorch_mlp.py "${args[@]}")"
echo "$torch" | head -1
python3 - "$limit" "$torch" <<'PY'
import sys, csv, io, math
lim = {r['output']: (float(r['value']), float(r['stderr'] or 0)) for r in csv.DictReader(io.StringIO(sys.argv[1]))}
print(f"{'width':<6} {'output':<8} {'PyTorch':<22} {'tp limit':<22} {'distance'}")
for line in sys.argv[2].splitlines()[2:]:
    w, k, m, se = line.split()
    v, s = lim[k]
    d = abs(float(m) - v) / math.hypot(float(se), s) if math.hypot(float(se), s) > 0 else float('nan')
    print(f"{w:<6} {k:<8} {float(m):.6f} ± {float(se):.1e}   {v:.6f} ± {s:.1e}   {d:.2f} s.e.")
PY
