package tp.e2e.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seeded random .tp programs whose limits the {@link Reference} knows: Gaussian laws (random means
 * and covariances, correlations near ±1, exactly singular covariances, zero variances), used
 * directly or through a matrix ({@code u = W @ h}), integrands built from the built-ins on one,
 * two or more affine forms, Ż through {@code W.T @ g(W x1, W x2)}, and expectations that do not
 * exist. Case i depends only on (seed, i).
 */
final class Generator {
    /**
     * One output of a case: the expression after {@code output}, how to compute its reference, and
     * (when it is a plain expectation over a known law) the integrand and the law.
     */
    record Output(String expr, Function<Reference, Ref> reference, Expr integrand, Law law) {
        Output(String expr, Function<Reference, Ref> reference) {
            this(expr, reference, null, null);
        }
    }

    /** A program prefix (declarations and steps) with its outputs; each output is run as its own program. */
    record Case(int id, String category, String decls, List<Output> outputs, boolean particles) {
        String program(int k) {
            return decls + "output " + outputs.get(k).expr() + " as o\n";
        }
    }

    enum Category { ONE_D, TWO_D, RANK2_OF_3, MATMUL, ZDOT, HIGH_DIM, UNDEFINED, SINGULAR, QUOTED;
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final long seed;
    private final int particleEvery;

    Generator(long seed, int particleEvery) {
        this.seed = seed;
        this.particleEvery = particleEvery;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    Case generate(int id) {
        if (id < QUOTED_COUNT) return quoted(id);
        SplittableRandom rng = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + id));
        double u = rng.nextDouble();
        Category c;
        if (u < 0.24) c = Category.ONE_D;
        else if (u < 0.52) c = Category.TWO_D;
        else if (u < 0.59) c = Category.RANK2_OF_3;
        else if (u < 0.67) c = Category.MATMUL;
        else if (u < 0.78) c = Category.ZDOT;
        else if (u < 0.93) c = Category.HIGH_DIM;
        else if (u < 0.955) c = Category.UNDEFINED;
        else c = Category.SINGULAR;
        boolean particles = particleEvery > 0 && (id % particleEvery == 0
                || (c == Category.HIGH_DIM || c == Category.ZDOT) && id % particleEvery == 1);
        for (int attempt = 0; ; attempt++) {
            Case k = new Builder(rng, id, c, particles).build();
            if (k != null) return k;
            if (attempt > 200) throw new IllegalStateException("generator stuck on case " + id);
        }
    }

    // ------------------------------------------------------------------------------------------ quoted

    static final int QUOTED_COUNT = 3;

    /** The three programs of the brief, always cases 0–2. */
    private Case quoted(int id) {
        switch (id) {
            case 0: {
                Law l = new Law(new String[] {"u"}, new double[] {0}, new double[][] {{1}});
                Expr e = new Expr.Bin(Expr.Op.MUL, new Expr.Un(Fn1.STEP, l.var(0)), new Expr.Un(Fn1.SIGMOID, l.var(0)));
                return single(id, "vector u ~ N(0, 1)\n", l, e, false);
            }
            case 1: {
                Law l = new Law(new String[] {"p", "q"}, new double[] {0.3, -0.2}, new double[][] {{1, 0.5}, {0.5, 1}});
                Expr e = new Expr.Bin(Expr.Op.MUL, new Expr.Un(Fn1.RELU, l.var(0)), new Expr.Un(Fn1.RELU, l.var(1)));
                return single(id, "vector p, q ~ N([0.3, -0.2], [[1, .5], [.5, 1]])\n", l, e, false);
            }
            default: {
                Law l = new Law(new String[] {"x"}, new double[] {0}, new double[][] {{1}});
                return new Case(id, Category.QUOTED.label(), "vector x ~ N(0, 1)\n",
                        List.of(new Output("mean(1 / x)", r -> Ref.undefined(1))), true);
            }
        }
    }

    private Case single(int id, String decls, Law l, Expr e, boolean particles) {
        return new Case(id, Category.QUOTED.label(), decls,
                List.of(new Output("mean(" + Expr.strip(e.render(l.names())) + ")", r -> r.expect(e, l, id), e, l)), particles);
    }

    // ------------------------------------------------------------------------------------------ builder

    private final class Builder {
        final SplittableRandom rng;
        final int id;
        final Category category;
        final boolean particles;

        Builder(SplittableRandom rng, int id, Category category, boolean particles) {
            this.rng = rng;
            this.id = id;
            this.category = category;
            this.particles = particles;
        }

        Case build() {
            switch (category) {
                case ONE_D: return oneD(false);
                case SINGULAR: return oneD(true);
                case TWO_D: return twoD();
                case RANK2_OF_3: return rank2of3();
                case MATMUL: return matmul();
                case ZDOT: return zdot();
                case HIGH_DIM: return highDim();
                default: return undefined();
            }
        }

        Case make(String decls, List<Output> outs) {
            return new Case(id, category.label(), decls, outs, particles);
        }

        Output out(Expr e, Law l) {
            String text = "mean(" + Expr.strip(e.render(l.names())) + ")";
            long s = seed * 31 + id;
            return new Output(text, r -> r.expect(e, l, s), e, l);
        }

        // -------------------------------------------------------------- numbers

        double round(double v, double step) {
            return Math.rint(v / step) * step == 0 ? 0 : Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6f",
                    Math.rint(v / step) * step));
        }

        double pick(double... options) {
            return options[rng.nextInt(options.length)];
        }

        double mean() {
            double u = rng.nextDouble();
            if (u < 0.2) return 0;
            if (u < 0.5) return pick(0.3, -0.3, 0.5, -0.5, 1, -1, 0.1, -0.2);
            return round(rng.nextDouble(-1.5, 1.5), 0.01);
        }

        double variance() {
            double u = rng.nextDouble();
            if (u < 0.35) return 1;
            if (u < 0.6) return pick(0.5, 2, 0.25, 1.5, 3);
            if (u < 0.65) return pick(0.01, 0.04);
            return round(rng.nextDouble(0.2, 2.5), 0.01);
        }

        double rho() {
            double u = rng.nextDouble();
            if (u < 0.45) return round(rng.nextDouble(-0.95, 0.95), 0.01);
            if (u < 0.75) return pick(0.99, -0.99, 0.999, -0.999, 0.99999, -0.99999, 0.999999, -0.999999, 0.9, -0.9);
            if (u < 0.9) return pick(1, -1);
            return 0;
        }

        /** A 2×2 law: variances, correlation (exactly ±1 only with dyadic variance ratios), sometimes a zero variance. */
        Law law2(String a, String b) {
            double q1 = variance();
            double q2 = variance();
            double r = rho();
            double c;
            if (Math.abs(r) == 1) {
                q2 = pick(1, 4, 0.25) * q1;
                c = r * Math.sqrt(q1 * q2);
                if (c * c != q1 * q2) c = r * q1;
                if (c * c != q1 * q2) {
                    q2 = q1;
                    c = r * q1;
                }
            } else {
                c = round(r * Math.sqrt(q1 * q2), 1e-6);
                if (c * c > q1 * q2) c = r * Math.sqrt(q1 * q2);
                if (c * c >= q1 * q2) c = 0;
            }
            if (rng.nextDouble() < 0.07) {
                // a zero variance (then no covariance either)
                if (rng.nextBoolean()) q1 = 0;
                else q2 = 0;
                c = 0;
            }
            return new Law(new String[] {a, b}, new double[] {mean(), mean()}, new double[][] {{q1, c}, {c, q2}});
        }

        String declare(Law l, int from, int to) {
            StringBuilder sb = new StringBuilder("vector ");
            for (int i = from; i < to; i++) sb.append(i > from ? ", " : "").append(l.names()[i]);
            if (to - from == 1) {
                return sb + " ~ N(" + Expr.num(l.mean()[from]) + ", " + Expr.num(l.cov()[from][from]) + ")\n";
            }
            sb.append(" ~ N([");
            for (int i = from; i < to; i++) sb.append(i > from ? ", " : "").append(Expr.num(l.mean()[i]));
            sb.append("], [");
            for (int i = from; i < to; i++) {
                sb.append(i > from ? ", [" : "[");
                for (int j = from; j < to; j++) sb.append(j > from ? ", " : "").append(Expr.num(l.cov()[i][j]));
                sb.append(']');
            }
            return sb + "])\n";
        }

        // -------------------------------------------------------------- affine forms

        double coef() {
            double u = rng.nextDouble();
            if (u < 0.45) return pick(1, 1, -1, 0.5, -0.5, 2, -2, 1.5);
            return round(rng.nextDouble(-2, 2), 0.05) == 0 ? 0.25 : round(rng.nextDouble(-2, 2), 0.05);
        }

        double offset() {
            double u = rng.nextDouble();
            if (u < 0.3) return 0;
            if (u < 0.55) return pick(0.3, -0.3, 0.5, -0.5, 1, -1, 0.2, -0.7);
            return round(rng.nextDouble(-1.5, 1.5), 0.01);
        }

        /** A form over the variables in vars (each used with probability p, at least one). */
        Expr.Aff form(Law l, int[] vars, double p) {
            double[] a = new double[l.size()];
            int used = 0;
            for (int v : vars) {
                if (rng.nextDouble() < p) {
                    a[v] = coef();
                    if (a[v] != 0) used++;
                }
            }
            if (used == 0) a[vars[rng.nextInt(vars.length)]] = pick(1, 1, -1, 0.5, 2);
            // keep the standard deviation moderate
            double var = Linalg.quad(a, l.cov());
            if (var > 6) {
                double k = Math.sqrt(6 / var);
                for (int i = 0; i < a.length; i++) a[i] = round(a[i] * k, 0.01);
            }
            return new Expr.Aff(a, offset());
        }

        // -------------------------------------------------------------- expressions

        final Fn1[] leafFns = {Fn1.RELU, Fn1.RELU, Fn1.RELU, Fn1.STEP, Fn1.STEP, Fn1.STEP, Fn1.SIGN, Fn1.SIGN, Fn1.ABS,
            Fn1.ABS, Fn1.TANH, Fn1.TANH, Fn1.SIGMOID, Fn1.SIGMOID, Fn1.ERF, Fn1.ERF, Fn1.GELU, Fn1.SILU, Fn1.SOFTPLUS,
            Fn1.SIN, Fn1.COS, Fn1.EXP, Fn1.ID, Fn1.ID, Fn1.ID, Fn1.DRELU, Fn1.DABS, Fn1.DTANH, Fn1.D2TANH, Fn1.DSIGMOID,
            Fn1.DERF, Fn1.DGELU, Fn1.DSILU, Fn1.DSOFTPLUS, Fn1.D2GELU, Fn1.D2SILU, Fn1.D2SIGMOID, Fn1.D2ERF, Fn1.DSIN,
            Fn1.DCOS, Fn1.DEXP};

        final Fn1[] kinkFns = {Fn1.RELU, Fn1.STEP, Fn1.SIGN, Fn1.ABS, Fn1.DRELU, Fn1.DABS};
        final Fn1[] smoothFns = {Fn1.TANH, Fn1.SIGMOID, Fn1.ERF, Fn1.GELU, Fn1.SILU, Fn1.SOFTPLUS, Fn1.SIN, Fn1.COS,
            Fn1.DTANH, Fn1.DSIGMOID, Fn1.DERF, Fn1.DGELU, Fn1.ID, Fn1.EXP};
        final Fn1[] bounded = {Fn1.TANH, Fn1.SIGMOID, Fn1.ERF, Fn1.SIN, Fn1.COS, Fn1.STEP, Fn1.SIGN, Fn1.DTANH};

        Fn1 any(Fn1[] fs) {
            return fs[rng.nextInt(fs.length)];
        }

        /** exp only of small arguments: the form scaled to standard deviation ≤ 0.6 and |mean| ≤ 1. */
        Expr.Aff small(Expr.Aff a, Law l) {
            double sd = Math.sqrt(Linalg.quad(a.a(), l.cov()));
            double m = a.c() + Linalg.dot(a.a(), l.mean());
            double k = Math.min(1, Math.min(sd > 0 ? 0.6 / sd : 1, Math.abs(m) > 0 ? 1 / Math.abs(m) : 1));
            if (k >= 1) return a;
            k = round(k, 0.01);
            if (k == 0) k = 0.01;
            return Expr.scale(a, k);
        }

        Expr apply(Fn1 f, Expr.Aff a, Law l) {
            if (f == Fn1.ID) return a;
            if (f == Fn1.EXP || f == Fn1.DEXP) return new Expr.Un(f, small(a, l));
            return new Expr.Un(f, a);
        }

        Expr leaf(List<Expr.Aff> pool, Law l) {
            return apply(any(leafFns), pool.get(rng.nextInt(pool.size())), l);
        }

        Expr.Aff pickForm(List<Expr.Aff> pool) {
            return pool.get(rng.nextInt(pool.size()));
        }

        Expr positive(List<Expr.Aff> pool, Law l) {
            Expr.Aff a = pickForm(pool);
            switch (rng.nextInt(5)) {
                case 0: return new Expr.Bin(Expr.Op.ADD, new Expr.Num(1), new Expr.Pow(a, 2));
                case 1: return new Expr.Bin(Expr.Op.ADD, new Expr.Num(2), new Expr.Un(Fn1.COS, a));
                case 2: return new Expr.Bin(Expr.Op.ADD, new Expr.Num(0.5), new Expr.Un(Fn1.SIGMOID, a));
                case 3: return new Expr.Bin(Expr.Op.ADD, new Expr.Num(1.5), new Expr.Un(Fn1.TANH, a));
                default: return new Expr.Bin(Expr.Op.ADD, new Expr.Num(0.5), new Expr.Un(Fn1.SOFTPLUS, a));
            }
        }

        /** A random tree over the pool. */
        Expr tree(List<Expr.Aff> pool, Law l, int depth) {
            if (depth <= 0 || rng.nextDouble() < 0.25) return leaf(pool, l);
            double u = rng.nextDouble() * 10;
            if (u < 3.2) return new Expr.Bin(Expr.Op.MUL, tree(pool, l, depth - 1), tree(pool, l, depth - 1));
            if (u < 4.6) {
                return new Expr.Bin(rng.nextBoolean() ? Expr.Op.ADD : Expr.Op.SUB, tree(pool, l, depth - 1), tree(pool, l, depth - 1));
            }
            if (u < 5.1) return new Expr.Bin(Expr.Op.MUL, new Expr.Num(pick(0.5, 2, -1, 1.5, -0.3)), tree(pool, l, depth - 1));
            if (u < 6.6) {
                // composition: a kink of a piecewise-linear or sign-preserving inside, or a smooth function of anything bounded
                Expr inner = rng.nextDouble() < 0.5 ? plTree(pool, depth - 1) : tree(pool, l, depth - 1);
                Fn1 f = rng.nextDouble() < 0.6 ? any(kinkFns) : any(bounded);
                return new Expr.Un(f, inner);
            }
            if (u < 7.8) return minMax(pool, l);
            if (u < 8.6) return new Expr.Pow(rng.nextDouble() < 0.7 ? leaf(pool, l) : tree(pool, l, depth - 1), rng.nextDouble() < 0.7 ? 2 : 3);
            if (u < 9.2) return new Expr.Bin(Expr.Op.DIV, tree(pool, l, depth - 1), positive(pool, l));
            if (u < 9.6) {
                Fn1 f = any(bounded);
                Expr b = new Expr.Un(f, rng.nextDouble() < 0.5 ? pickForm(pool) : plTree(pool, 1));
                return new Expr.Un(Fn1.EXP, new Expr.Bin(Expr.Op.MUL, new Expr.Num(0.5), b));
            }
            return leaf(pool, l);
        }

        /** A piecewise-linear tree: relu/abs/min/max/sums of forms. */
        Expr plTree(List<Expr.Aff> pool, int depth) {
            if (depth <= 0 || rng.nextDouble() < 0.4) return pickForm(pool);
            switch (rng.nextInt(5)) {
                case 0: return new Expr.Un(Fn1.RELU, plTree(pool, depth - 1));
                case 1: return new Expr.Un(Fn1.ABS, plTree(pool, depth - 1));
                case 2: return new Expr.Bin(Expr.Op.SUB, plTree(pool, depth - 1), plTree(pool, depth - 1));
                case 3: return new Expr.Bin(rng.nextBoolean() ? Expr.Op.MIN : Expr.Op.MAX, plTree(pool, depth - 1), plTree(pool, depth - 1));
                default: return new Expr.Bin(Expr.Op.ADD, new Expr.Un(Fn1.RELU, pickForm(pool)), new Expr.Num(offset()));
            }
        }

        Expr minMax(List<Expr.Aff> pool, Law l) {
            Expr.Op op = rng.nextBoolean() ? Expr.Op.MIN : Expr.Op.MAX;
            switch (rng.nextInt(4)) {
                case 0: return new Expr.Bin(op, pickForm(pool), pickForm(pool));
                case 1: return new Expr.Bin(op, pickForm(pool), new Expr.Num(offset()));
                case 2: {
                    Fn1 f = any(new Fn1[] {Fn1.TANH, Fn1.SIGMOID, Fn1.ERF, Fn1.SOFTPLUS});
                    return new Expr.Bin(op, new Expr.Un(f, pickForm(pool)), new Expr.Un(f, pickForm(pool)));
                }
                default: return new Expr.Bin(op, plTree(pool, 1), plTree(pool, 1));
            }
        }

        /** Shapes that matter most, then random trees. */
        Expr integrand(List<Expr.Aff> pool, Law l) {
            double u = rng.nextDouble();
            Expr.Aff a = pickForm(pool);
            Expr.Aff b = pickForm(pool);
            if (u < 0.18) return new Expr.Bin(Expr.Op.MUL, new Expr.Un(any(kinkFns), a), apply(any(smoothFns), b, l));
            if (u < 0.30) return new Expr.Bin(Expr.Op.MUL, new Expr.Un(any(kinkFns), a), new Expr.Un(any(kinkFns), b));
            if (u < 0.36) return new Expr.Bin(Expr.Op.MUL, new Expr.Pow(a, rng.nextInt(1, 3)), new Expr.Un(any(kinkFns), b));
            if (u < 0.40) return new Expr.Bin(Expr.Op.MUL, apply(any(smoothFns), a, l), apply(any(smoothFns), b, l));
            if (u < 0.44) return new Expr.Bin(Expr.Op.ADD, new Expr.Un(any(kinkFns), a), apply(any(smoothFns), b, l));
            if (u < 0.50) return new Expr.Bin(Expr.Op.MUL, minMax(pool, l), rng.nextBoolean() ? leaf(pool, l) : new Expr.Num(1));
            return tree(pool, l, rng.nextInt(1, 4));
        }

        /** Accepts an integrand whose kinks are known, of moderate size and magnitude. */
        boolean acceptable(Expr e, Law l) {
            if (e.size() > 18 || e.kinks(l.size()) == null) return false;
            java.util.Set<Integer> vars = new java.util.TreeSet<>();
            e.vars(vars);
            if (vars.isEmpty()) return false;
            Compiled c = new Compiled(e, l, null);
            double[] z = new double[c.rank];
            for (int k = 0; k < 200; k++) {
                for (int j = 0; j < z.length; j++) z[j] = 3.5 * rng.nextGaussian();
                double v = c.eval(z);
                if (!Double.isFinite(v) || Math.abs(v) > 300) return false;
            }
            return true;
        }

        Expr integrandFor(List<Expr.Aff> pool, Law l) {
            for (int k = 0; k < 100; k++) {
                Expr e = integrand(pool, l);
                if (acceptable(e, l)) return e;
            }
            return null;
        }

        // -------------------------------------------------------------- categories

        Case oneD(boolean singular) {
            Law l = new Law(new String[] {"x"}, new double[] {mean()},
                    new double[][] {{rng.nextDouble() < 0.04 ? 0 : variance()}});
            if (l.cov()[0][0] == 0 && singular) l = new Law(l.names(), l.mean(), new double[][] {{1}});
            List<Expr.Aff> pool = new ArrayList<>();
            int k = rng.nextInt(1, 4);
            for (int i = 0; i < k; i++) pool.add(form(l, new int[] {0}, 1));
            Expr e;
            if (singular) {
                // integrable singularities: sqrt|L|, log|L| (times something smooth)
                Expr.Aff a = pickForm(pool);
                Expr s = rng.nextBoolean() ? new Expr.Un(Fn1.SQRT, new Expr.Un(Fn1.ABS, a))
                        : new Expr.Un(Fn1.LOG, new Expr.Un(Fn1.ABS, a));
                e = rng.nextBoolean() ? s : new Expr.Bin(Expr.Op.MUL, s, apply(any(smoothFns), pickForm(pool), l));
                if (e.kinks(1) == null) return null;
            } else {
                e = integrandFor(pool, l);
                if (e == null) return null;
            }
            return make(declare(l, 0, 1), List.of(out(e, l)));
        }

        Case twoD() {
            Law l = law2(rng.nextBoolean() ? "p" : "x1", "q");
            if (l.names()[0].equals("x1")) l = new Law(new String[] {"x1", "x2"}, l.mean(), l.cov());
            List<Expr.Aff> pool = new ArrayList<>();
            int k = rng.nextInt(2, 5);
            for (int i = 0; i < k; i++) pool.add(form(l, new int[] {0, 1}, i < 2 ? 0.5 : 0.8));
            // make sure both variables are read
            pool.set(0, new Expr.Aff(new double[] {pick(1, 1, 0.5, -1, 2), 0}, offset()));
            pool.set(1, new Expr.Aff(new double[] {0, pick(1, 1, 0.5, -1, 2)}, offset()));
            Expr e = integrandFor(pool, l);
            if (e == null) return null;
            return make(declare(l, 0, 2), List.of(out(e, l)));
        }

        /** Three vectors of a rank-two law with dyadic factor (so the covariance is exactly singular as written). */
        Case rank2of3() {
            double[][] f = new double[3][2];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) f[i][j] = rng.nextInt(-8, 9) / 4.0;
            if (rng.nextDouble() < 0.3) f[2] = new double[] {f[0][0] - f[1][0], f[0][1] - f[1][1]};
            double[][] k = new double[3][3];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) k[i][j] = f[i][0] * f[j][0] + f[i][1] * f[j][1];
            for (int i = 0; i < 3; i++) if (k[i][i] == 0 || k[i][i] > 6) return null;
            Law l = new Law(new String[] {"a", "b", "c"}, new double[] {mean(), mean(), mean()}, k);
            List<Expr.Aff> pool = new ArrayList<>();
            int n = rng.nextInt(2, 5);
            for (int i = 0; i < n; i++) pool.add(form(l, new int[] {0, 1, 2}, 0.6));
            Expr e = integrandFor(pool, l);
            if (e == null) return null;
            return make(declare(l, 0, 3), List.of(out(e, l)));
        }

        String sigma2(double s) {
            return Expr.num(s) + "/n";
        }

        /** u_j = W @ h_j; integrands over the u's (and sometimes an x, an independent family). */
        Case matmul() {
            Law x = law2("x1", "x2");
            if (Math.abs(x.cov()[0][1]) > 0.99 * Math.sqrt(x.cov()[0][0] * x.cov()[1][1])) return null;
            double s = pick(1, 2, 0.5, 1.5);
            StringBuilder decls = new StringBuilder(declare(x, 0, 2));
            decls.append("matrix W ~ N(0, ").append(sigma2(s)).append(")\n");
            boolean linear = rng.nextDouble() < 0.5;
            Expr[] h = new Expr[2];
            String[] hn = new String[2];
            for (int i = 0; i < 2; i++) {
                if (linear) {
                    h[i] = x.var(i);
                    hn[i] = x.names()[i];
                } else {
                    List<Expr.Aff> pool = List.of(form(x, new int[] {0, 1}, 0.6), form(x, new int[] {0, 1}, 0.6));
                    Expr e = null;
                    for (int t = 0; t < 50 && e == null; t++) {
                        Expr cand = rng.nextDouble() < 0.6 ? leaf(pool, x) : tree(pool, x, 2);
                        if (acceptable(cand, x)) e = cand;
                    }
                    if (e == null) return null;
                    h[i] = e;
                    hn[i] = "h" + (i + 1);
                    decls.append(hn[i]).append(" = ").append(Expr.strip(e.render(x.names()))).append('\n');
                }
            }
            decls.append("u1 = W @ ").append(hn[0]).append('\n').append("u2 = W @ ").append(hn[1]).append('\n');
            boolean withX = rng.nextDouble() < 0.3;
            Expr[] hh = h;
            Function<Reference, Law> lawOf = r -> {
                double[][] cov = new double[4][4];
                double[][] err = new double[4][4];
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        cov[i][j] = x.cov()[i][j];
                        if (linear) {
                            // E[x_i x_j] = K_ij + m_i m_j, as exact as the engine's
                            cov[2 + i][2 + j] = s * (x.cov()[i][j] + x.mean()[i] * x.mean()[j]);
                            continue;
                        }
                        Ref e = r.expect(new Expr.Bin(Expr.Op.MUL, hh[i], hh[j]), x, id);
                        cov[2 + i][2 + j] = s * e.value();
                        err[2 + i][2 + j] = s * (e.error() + 5 * e.stderr()) + 1e-16 * Math.abs(cov[2 + i][2 + j]);
                    }
                }
                return new Law(new String[] {"x1", "x2", "u1", "u2"}, new double[] {x.mean()[0], x.mean()[1], 0, 0}, cov, err);
            };
            // forms over the u's (and x1 when mixing families), built on a provisional law for scaling
            Law provisional = new Law(new String[] {"x1", "x2", "u1", "u2"}, new double[] {x.mean()[0], x.mean()[1], 0, 0},
                    new double[][] {{x.cov()[0][0], x.cov()[0][1], 0, 0}, {x.cov()[1][0], x.cov()[1][1], 0, 0},
                        {0, 0, s * 1.5, 0}, {0, 0, 0, s * 1.5}});
            List<Expr.Aff> pool = new ArrayList<>();
            int n = rng.nextInt(2, 4);
            for (int i = 0; i < n; i++) pool.add(form(provisional, withX && i == 0 ? new int[] {0} : new int[] {2, 3}, 0.6));
            Expr e = integrandFor(pool, provisional);
            if (e == null) return null;
            String text = "mean(" + Expr.strip(e.render(provisional.names())) + ")";
            return make(decls.toString(), List.of(new Output(text, r -> r.expect(e, lawOf.apply(r), id))));
        }

        /**
         * y_j = W @ x_j, z = W.T @ g(y): Z^z = Ẑ^z + Σ_j a_j x_j with Var Ẑ^z = σ² E g², a = σ² C⁺ b,
         * C = Cov(Ẑ^y) = σ² E[x xᵀ], b_k = E[Ẑ^{y_k} g] (Stein's lemma: C E[∇g] = b).
         */
        Case zdot() {
            int k = rng.nextDouble() < 0.25 ? 1 : rng.nextDouble() < 0.85 ? 2 : 3;
            Law x;
            if (k == 1) {
                x = new Law(new String[] {"x1"}, new double[] {mean()}, new double[][] {{variance()}});
            } else if (k == 2) {
                Law l = law2("x1", "x2");
                if (l.cov()[0][0] == 0 && l.cov()[1][1] == 0) return null;
                x = l;
            } else {
                double[][] cov = {{1, 0.3, -0.2}, {0.3, 1.5, 0.4}, {-0.2, 0.4, 0.8}};
                x = new Law(new String[] {"x1", "x2", "x3"}, new double[] {mean(), mean(), mean()}, cov);
            }
            double s = pick(1, 2, 0.5);
            // the y law (for building g): zero mean, covariance s (K + m mᵀ)
            double[][] m2 = new double[k][k];
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) m2[i][j] = x.cov()[i][j] + x.mean()[i] * x.mean()[j];
            String[] yn = new String[k];
            double[][] cy = new double[k][k];
            for (int i = 0; i < k; i++) {
                yn[i] = "y" + (i + 1);
                for (int j = 0; j < k; j++) cy[i][j] = s * m2[i][j];
            }
            Law y = new Law(yn, new double[k], cy);
            int[] all = new int[k];
            for (int i = 0; i < k; i++) all[i] = i;
            List<Expr.Aff> pool = new ArrayList<>();
            int n = rng.nextInt(1, 4);
            for (int i = 0; i < n; i++) pool.add(form(y, all, 0.6));
            Expr g = null;
            for (int t = 0; t < 100 && g == null; t++) {
                Expr cand = rng.nextDouble() < 0.5
                        ? new Expr.Bin(Expr.Op.MUL, leaf(pool, y), leaf(pool, y))
                        : rng.nextDouble() < 0.3 ? leaf(pool, y) : tree(pool, y, 2);
                java.util.Set<Integer> used = new java.util.TreeSet<>();
                cand.vars(used);
                if (!used.isEmpty() && acceptable(cand, y)) g = cand;
            }
            if (g == null) return null;
            StringBuilder decls = new StringBuilder(declare(x, 0, k));
            decls.append("matrix W ~ N(0, ").append(sigma2(s)).append(")\n");
            for (int i = 0; i < k; i++) decls.append(yn[i]).append(" = W @ x").append(i + 1).append('\n');
            decls.append("z = W.T @ ").append(g.render(yn).startsWith("(") ? g.render(yn) : "(" + g.render(yn) + ")").append('\n');
            Expr gg = g;
            ZLaw[] memo = new ZLaw[1];
            Function<Reference, ZLaw> zlaw = r -> {
                synchronized (memo) {
                    if (memo[0] == null) memo[0] = ZLaw.of(r, x, y, m2, s, gg, id);
                    return memo[0];
                }
            };
            List<Output> outs = new ArrayList<>();
            outs.add(new Output("mean(z * z)", r -> zlaw.apply(r).zz()));
            outs.add(new Output("mean(z * x1)", r -> zlaw.apply(r).zx1()));
            outs.add(new Output("mean(z)", r -> zlaw.apply(r).zmean()));
            // a random integrand of z and x1
            Law provisional = ZLaw.provisional(x, s);
            List<Expr.Aff> hp = new ArrayList<>();
            hp.add(new Expr.Aff(unit(provisional.size(), 0, pick(1, 1, 0.5, -1)), offset()));
            hp.add(form(provisional, new int[] {0, 1}, 0.7));
            Expr h = integrandFor(hp, provisional);
            if (h != null) {
                String text = "mean(" + Expr.strip(h.render(provisional.names())) + ")";
                outs.add(new Output(text, r -> withMeanError(r, h, zlaw.apply(r), id)));
            }
            return make(decls.toString(), outs);
        }

        /**
         * E h(z, x) under the computed law of z, charged for an uncertain mean of z as well (the
         * law's own error covers its covariance only): the larger change of E h when the mean moves
         * by its error either way (5 standard errors when it was estimated by Monte Carlo).
         */
        static Ref withMeanError(Reference r, Expr h, ZLaw zl, long id) {
            Ref base = r.expect(h, zl.law(), id);
            Ref m = zl.zmean();
            double dm = m.statistical() ? 5 * m.stderr() : m.error();
            if (base.kind() != Ref.Kind.QUADRATURE || !(dm > 1e-13)) return base;
            double up = r.expect(h, zl.law().shifted(0, dm), id).value();
            double down = r.expect(h, zl.law().shifted(0, -dm), id).value();
            double extra = Math.max(Math.abs(up - base.value()), Math.abs(down - base.value()));
            return new Ref(base.value(), base.error() + 2 * extra, base.stderr(), base.dim(), base.kind());
        }

        double[] unit(int n, int i, double v) {
            double[] a = new double[n];
            a[i] = v;
            return a;
        }

        /** 3–6 vectors, integrands of as many forms: Monte Carlo references. */
        Case highDim() {
            int k = rng.nextInt(3, 7);
            int r = rng.nextDouble() < 0.2 ? k - 1 : k;
            double[][] f = new double[k][r];
            for (int i = 0; i < k; i++) for (int j = 0; j < r; j++) f[i][j] = rng.nextInt(-6, 7) / 4.0;
            double[][] cov = new double[k][k];
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) for (int t = 0; t < r; t++) cov[i][j] += f[i][t] * f[j][t];
            for (int i = 0; i < k; i++) {
                if (cov[i][i] == 0) return null;
                if (cov[i][i] > 5) {
                    // scale the row and column by a power of two (stays exact)
                    double sc = cov[i][i] > 20 ? 0.25 : 0.5;
                    for (int j = 0; j < k; j++) {
                        cov[i][j] *= sc;
                        cov[j][i] *= sc;
                    }
                }
            }
            String[] names = new String[k];
            double[] means = new double[k];
            for (int i = 0; i < k; i++) {
                names[i] = "x" + (i + 1);
                means[i] = mean();
            }
            Law l = new Law(names, means, cov);
            List<Expr.Aff> pool = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                double[] a = new double[k];
                a[i] = pick(1, 1, 1, 0.5, -1);
                if (rng.nextDouble() < 0.3) a[(i + 1) % k] = coef();
                pool.add(new Expr.Aff(a, offset()));
            }
            Expr e = null;
            for (int t = 0; t < 100 && e == null; t++) {
                Expr cand;
                double u = rng.nextDouble();
                if (u < 0.4) {
                    // a sum of products over all forms
                    cand = null;
                    for (int i = 0; i + 1 < k; i += 2) {
                        Expr term = new Expr.Bin(Expr.Op.MUL, leaf(List.of(pool.get(i)), l), leaf(List.of(pool.get(i + 1)), l));
                        cand = cand == null ? term : new Expr.Bin(Expr.Op.ADD, cand, term);
                    }
                    if (k % 2 == 1) cand = new Expr.Bin(Expr.Op.MUL, cand, leaf(List.of(pool.get(k - 1)), l));
                } else if (u < 0.7) {
                    // a product of three functions of different forms
                    cand = new Expr.Bin(Expr.Op.MUL, new Expr.Bin(Expr.Op.MUL, leaf(List.of(pool.get(0)), l),
                            leaf(List.of(pool.get(1)), l)), leaf(List.of(pool.get(2)), l));
                } else {
                    cand = tree(pool, l, 3);
                }
                java.util.Set<Integer> used = new java.util.TreeSet<>();
                cand.vars(used);
                if (used.size() >= 3 && acceptable(cand, l)) e = cand;
            }
            if (e == null) return null;
            return make(declare(l, 0, k), List.of(out(e, l)));
        }

        /** Expectations that do not exist: 1/L, L^-2, log of a form taking both signs, sqrt likewise. */
        Case undefined() {
            boolean two = rng.nextBoolean();
            Law l = two ? law2("p", "q") : new Law(new String[] {"x"}, new double[] {mean()}, new double[][] {{variance()}});
            int[] vars = two ? new int[] {0, 1} : new int[] {0};
            Expr.Aff a = form(l, vars, 0.7);
            double sd = Math.sqrt(Linalg.quad(a.a(), l.cov()));
            if (sd < 0.1 || Math.abs(a.c() + Linalg.dot(a.a(), l.mean())) > 3 * sd) return null;
            Expr e;
            switch (rng.nextInt(6)) {
                case 0: e = new Expr.Bin(Expr.Op.DIV, new Expr.Num(1), a); break;
                case 1: e = new Expr.Pow(a, -1); break;
                case 2: e = new Expr.Pow(a, -2); break;
                case 3: e = new Expr.Bin(Expr.Op.DIV, new Expr.Un(Fn1.COS, form(l, vars, 0.7)), a); break;
                case 4: e = new Expr.Un(Fn1.LOG, a); break;
                default: e = new Expr.Un(Fn1.SQRT, a); break;
            }
            int dim = two ? 2 : 1;
            String text = "mean(" + Expr.strip(e.render(l.names())) + ")";
            return make(declare(l, 0, l.size()), List.of(new Output(text, r -> Ref.undefined(dim))));
        }
    }
}
