"""programs/mup_deep_tanh.tp at finite width in numpy (benchmark only): time per seed, the seed
spread of f_test, and what it takes to reach a given standard error."""
import sys
import time
import numpy as np

def run(n, seed, T=2, lr=0.5):
    rng = np.random.default_rng(seed)
    U = rng.standard_normal(n)
    v = rng.standard_normal(n)
    A2 = rng.standard_normal((n, n)) / np.sqrt(n)
    A3 = rng.standard_normal((n, n)) / np.sqrt(n)
    xi = {1: 1.0, 2: -0.6, 3: 0.4}
    y = {1: 0.8, 2: -0.5}
    W2, W3 = A2, A3
    for t in range(T):
        cache = {}
        for a in (1, 2):
            h1 = U * xi[a]; x1 = np.tanh(h1)
            h2 = W2 @ x1; x2 = np.tanh(h2)
            h3 = W3 @ x2; x3 = np.tanh(h3)
            f = np.mean(v * x3)
            chi = lr * (f - y[a])
            dh3 = v * (1 - x3 ** 2)
            dh2 = (W3.T @ dh3) * (1 - x2 ** 2)
            dh1 = (W2.T @ dh2) * (1 - x1 ** 2)
            cache[a] = (chi, x1, x2, x3, dh1, dh2, dh3)
        (c1, a1, b1, d1, e1, g1, k1), (c2, a2, b2, d2, e2, g2, k2) = cache[1], cache[2]
        v = v - c1 * d1 - c2 * d2
        W3 = W3 - (c1 * np.outer(k1, b1) + c2 * np.outer(k2, b2)) / n
        W2 = W2 - (c1 * np.outer(g1, a1) + c2 * np.outer(g2, a2)) / n
        U = U - c1 * xi[1] * e1 - c2 * xi[2] * e2
    x = np.tanh(W3 @ np.tanh(W2 @ np.tanh(U * xi[3])))
    return np.mean(v * x)

target = float(sys.argv[1]) if len(sys.argv) > 1 else 2.5e-4
seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 6
print(f"numpy {np.__version__}: mup_deep_tanh at finite width, {seeds} seeds per width; target standard error {target:g}")
print(f"{'n':>6} {'s/seed':>8} {'mean f_test':>12} {'seed sd':>9} {'seeds for target':>17} {'time for target':>16}")
for n in (512, 1024, 2048, 4096):
    run(n, 999)
    t = time.perf_counter()
    vals = [run(n, s) for s in range(seeds)]
    per = (time.perf_counter() - t) / seeds
    sd = float(np.std(vals, ddof=1))
    need = int(np.ceil((sd / target) ** 2))
    print(f"{n:>6} {per:>8.3f} {np.mean(vals):>12.6f} {sd:>9.4f} {need:>17d} {need * per:>15.0f}s")
