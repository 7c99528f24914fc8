"""NNGP + NTK recursion of a depth-L ReLU MLP on P inputs, vectorised numpy (benchmark only).
Same inputs as tp.bench.KernelBenchmark: cov(a, b) = s_a s_b exp(-|a-b|/10), s_a = 1 + 0.5 sin a.
Given the engine's time in ms as a third argument, also prints the engine's time over numpy's."""
import sys
import time
import numpy as np

P = int(sys.argv[1]) if len(sys.argv) > 1 else 64
L = int(sys.argv[2]) if len(sys.argv) > 2 else 10
a = np.arange(1, P + 1)
s = 1 + 0.5 * np.sin(a)
K0 = np.outer(s, s) * np.exp(-np.abs(a[:, None] - a[None, :]) / 10.0)

def run():
    K = K0.copy()
    T = K0.copy()
    for _ in range(L):
        d = np.sqrt(np.diag(K))
        q = np.outer(d, d)
        th = np.arccos(np.clip(K / q, -1, 1))
        S = q * (np.sin(th) + (np.pi - th) * np.cos(th)) / (2 * np.pi)
        Sd = (np.pi - th) / (2 * np.pi)
        K, T = 2 * S, 2 * S + 2 * Sd * T
    return K, T

best = float("inf")
for _ in range(20):
    t = time.perf_counter()
    K, T = run()
    best = min(best, time.perf_counter() - t)
iu = np.triu_indices(P)
print(f"numpy {np.__version__}: recursion {1000 * best:.3f} ms (best of 20); sum of NTK entries (a <= b) {T[iu].sum():.12f}")
if len(sys.argv) > 3:
    print(f"engine / numpy                 {float(sys.argv[3]) / (1000 * best):10.1f}×")
