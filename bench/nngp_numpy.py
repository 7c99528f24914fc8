"""The NNGP program of programs/nngp.tp in numpy, timed like tp's finite backend (benchmark only)."""
import sys
import time
import numpy as np

def run(n, seed, rho=0.6):
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    z = rng.standard_normal((n, 2))
    x1 = z[:, 0]
    x2 = rho * z[:, 0] + np.sqrt(1 - rho * rho) * z[:, 1]
    W = rng.standard_normal((n, n)) * np.sqrt(2.0 / n)
    t1 = time.perf_counter()
    G = W @ np.stack([np.maximum(x1, 0), np.maximum(x2, 0)], axis=1)
    t2 = time.perf_counter()
    k = np.mean(np.maximum(G[:, 0], 0) * np.maximum(G[:, 1], 0))
    t3 = time.perf_counter()
    return k, t1 - t0, t2 - t1, t3 - t2

seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
try:
    from threadpoolctl import threadpool_info
    blas = ", ".join(f"{i.get('internal_api')} {i.get('num_threads')} threads {i.get('architecture', '')}" for i in threadpool_info())
except Exception:
    blas = "unknown BLAS"
print(f"numpy {np.__version__} ({blas}), {seeds} seeds after 2 warm-up seeds")
print(f"{'n':>6} {'ms/seed':>12} {'sampling':>12} {'multiplying':>12} {'other':>12}")
for n in (2048, 4096):
    for s in range(2):
        run(n, 1000 + s)
    tot = np.zeros(3)
    t_all = 0.0
    for s in range(seeds):
        t = time.perf_counter()
        _, a, b, c = run(n, s)
        t_all += time.perf_counter() - t
        tot += (a, b, c)
    tot /= seeds
    print(f"{n:>6} {1000 * t_all / seeds:>12.1f} {1000 * tot[0]:>12.1f} {1000 * tot[1]:>12.1f} {1000 * tot[2]:>12.1f}")
