package tp.bench;

import java.util.Locale;
import java.util.Map;
import tp.check.Checker;
import tp.ir.Program;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/**
 * NNGP and NTK of a depth-L ReLU MLP on P inputs (all P(P+1)/2 pairs): the general limit engine
 * on a generated {@code .tp} program, against the closed-form recursion written directly in Java.
 * Prints figures; asserts nothing. Usage: {@code KernelBenchmark [P] [L] [REPEATS]}.
 */
public final class KernelBenchmark {
    private KernelBenchmark() {}

    /** The inputs' covariance: s_a s_b exp(-|a-b|/10), s_a = 1 + 0.5 sin a (positive definite). */
    static double cov(int a, int b) {
        double sa = 1 + 0.5 * Math.sin(a);
        double sb = 1 + 0.5 * Math.sin(b);
        return sa * sb * Math.exp(-Math.abs(a - b) / 10.0);
    }

    static String program(int p, int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append("program kernels\nparam P = ").append(p).append("\nparam L = ").append(depth).append("\n");
        sb.append("vector x[1..P] ~ N(0, [");
        for (int a = 1; a <= p; a++) {
            sb.append(a > 1 ? ",\n  [" : "[");
            for (int b = 1; b <= p; b++) sb.append(b > 1 ? ", " : "").append(Double.toString(cov(a, b)));
            sb.append("]");
        }
        sb.append("])\n");
        sb.append("matrix W[1..L] ~ N(0, 2/n)\n");
        sb.append("for a in 1..P { h[a][0] = x[a] }\n");
        sb.append("for a in 1..P { for b in a..P { theta[a][b][0] = mean(x[a] * x[b]) } }\n");
        sb.append("for l in 1..L {\n");
        sb.append("  for a in 1..P { h[a][l] = W[l] @ relu(h[a][l-1]) }\n");
        sb.append("  for a in 1..P { for b in a..P {\n");
        sb.append("    theta[a][b][l] = mean(h[a][l] * h[b][l]) + 2 * mean(step(h[a][l-1]) * step(h[b][l-1])) * theta[a][b][l-1]\n");
        sb.append("  } }\n}\n");
        sb.append("for a in 1..P { for b in a..P { output mean(h[a][L] * h[b][L]) as K[a][b], theta[a][b][L] as T[a][b] } }\n");
        return sb.toString();
    }

    /** The recursion, directly: returns {NNGP, NTK} as P×P arrays. */
    static double[][][] direct(int p, int depth) {
        double[][] k = new double[p][p];
        double[][] t = new double[p][p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) k[a][b] = t[a][b] = cov(a + 1, b + 1);
        for (int l = 0; l < depth; l++) {
            double[][] nk = new double[p][p];
            double[][] nt = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double q = Math.sqrt(k[a][a] * k[b][b]);
                    double th = Math.acos(Math.max(-1, Math.min(1, k[a][b] / q)));
                    double s = q * (Math.sin(th) + (Math.PI - th) * Math.cos(th)) / (2 * Math.PI);
                    double sdot = (Math.PI - th) / (2 * Math.PI);
                    nk[a][b] = nk[b][a] = 2 * s;
                    nt[a][b] = nt[b][a] = 2 * s + 2 * sdot * t[a][b];
                }
            }
            k = nk;
            t = nt;
        }
        return new double[][][] {k, t};
    }

    /** The program is refused (a checker's budget, say): says why, and times the direct recursion alone. */
    private static void refused(ProgramError e, int p, int depth, int repeats) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            direct(p, depth);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.println("the engine refuses the program: " + e.getMessage());
        System.out.printf(Locale.ROOT, "direct Java recursion          %10.3f ms%n", best / 1e6);
    }

    public static void main(String[] args) {
        int p = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String text = program(p, depth);
        System.out.printf(Locale.ROOT, "NNGP + NTK, depth-%d ReLU MLP, %d inputs (%d pairs), best of %d%n",
                depth, p, p * (p + 1) / 2, repeats);
        long bestCheck = Long.MAX_VALUE;
        long bestLimit = Long.MAX_VALUE;
        long bestDirect = Long.MAX_VALUE;
        // this thread's CPU time, beside the wall time: steadier on a shared machine (the collector's threads are not in it)
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuCheck = Long.MAX_VALUE;
        long cpuLimit = Long.MAX_VALUE;
        LimitResult result = null;
        double[][][] ref = null;
        for (int r = 0; r < repeats; r++) {
            // the previous repeat's result (its program, Z graph and derivation) is let go first, so
            // each repeat runs on the heap a single run has, not beside a copy of itself
            result = null;
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Program prog;
            try {
                prog = Checker.check(new SourceFile("kernels.tp", text), Map.of());
            } catch (ProgramError e) {
                refused(e, p, depth, repeats);
                return;
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            result = new LimitBackend(prog, LimitOptions.defaults()).run();
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            ref = direct(p, depth);
            long t3 = System.nanoTime();
            cpuCheck = Math.min(cpuCheck, c1 - c0);
            cpuLimit = Math.min(cpuLimit, c2 - c1);
            bestCheck = Math.min(bestCheck, t1 - t0);
            bestLimit = Math.min(bestLimit, t2 - t1);
            bestDirect = Math.min(bestDirect, t3 - t2);
        }
        double maxDiff = 0;
        double checksum = 0;
        for (LimitResult.OutputValue o : result.outputs()) {
            String n = o.output().name();
            int a = Integer.parseInt(n.substring(2, n.indexOf(']'))) - 1;
            int b = Integer.parseInt(n.substring(n.indexOf("][") + 2, n.length() - 1)) - 1;
            double v = o.values().get(0).value();
            double expected = n.startsWith("K") ? ref[0][a][b] : ref[1][a][b];
            maxDiff = Math.max(maxDiff, Math.abs(v - expected) / Math.max(1, Math.abs(expected)));
            if (n.startsWith("T")) checksum += v;
        }
        System.out.printf(Locale.ROOT, "program: %d lines, %d outputs%n", text.split("\n").length, result.outputs().size());
        System.out.printf(Locale.ROOT, "check (parse, expand, lower)   %10.1f ms%n", bestCheck / 1e6);
        System.out.printf(Locale.ROOT, "limit engine (Master Theorem)  %10.1f ms%n", bestLimit / 1e6);
        System.out.printf(Locale.ROOT, "direct Java recursion          %10.3f ms%n", bestDirect / 1e6);
        System.out.printf(Locale.ROOT, "engine / direct                %10.1f×%n", (double) bestLimit / bestDirect);
        System.out.printf(Locale.ROOT, "check + engine                 %10.1f ms%n", (bestCheck + bestLimit) / 1e6);
        System.out.printf(Locale.ROOT, "check, thread CPU time         %10.1f ms%n", cpuCheck / 1e6);
        System.out.printf(Locale.ROOT, "engine, thread CPU time        %10.1f ms%n", cpuLimit / 1e6);
        System.out.printf(Locale.ROOT, "max relative difference        %10.2e%n", maxDiff);
        System.out.printf(Locale.ROOT, "sum of NTK entries (a ≤ b)     %.12f%n", checksum);
    }
}
