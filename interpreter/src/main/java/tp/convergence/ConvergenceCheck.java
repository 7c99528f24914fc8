package tp.convergence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitResult;
import tp.numerics.Numbers;
import tp.numerics.SampleMean;

/**
 * {@code tp check}: does the program behave as the Master Theorem predicts? For every output
 * (every component of a vector or Gram output): the limit; at each width the mean, standard error
 * and seed spread; the fitted exponent of the spread (n^-1/2 expected) and of |mean − limit|;
 * and a verdict. Every claim is checked against the limit and at the largest width.
 */
public final class ConvergenceCheck {
    /** Statistics at one width. */
    public record AtWidth(int width, double mean, double stderr, double std) {}

    /** One output component and its verdict. */
    public record Component(String name, Estimate limit, List<AtWidth> widths, Fit spread, Fit gap, double z,
                            boolean consistent, String verdict) {}

    /** A claim: against the limit, and at the largest width. */
    public record Claim(Program.Expect expect, boolean limitPassed, double limitValue, int width, double finiteMean,
                        double finiteStderr, boolean finitePassed, String verdict) {}

    public record Result(Program program, int seeds, List<Component> components, List<Claim> claims) {
        /** The Master-Theorem verdict: every output converges to its limit at the predicted rate (claims aside). */
        public boolean consistent() {
            for (Component c : components) if (!c.consistent()) return false;
            return true;
        }

        /** The program's own claims, in the limit and at the largest width. */
        public int failedClaims() {
            int failed = 0;
            for (Claim c : claims) if (!c.limitPassed() || !c.finitePassed()) failed++;
            return failed;
        }

        /** Exit status 0: converges and every claim holds. */
        public boolean ok() {
            return consistent() && failedClaims() == 0;
        }
    }

    private ConvergenceCheck() {}

    public static Result of(LimitResult limit, FiniteRun.Result finite) {
        return of(limit, finite, finite.program());
    }

    /** Without a limit ({@code limit == null}): the finite-width statistics and rates only. */
    public static Result of(LimitResult limit, FiniteRun.Result finite, Program program) {
        List<Component> components = new ArrayList<>();
        int seeds = finite.seeds();
        for (Program.Output out : program.outputs()) {
            int k = out.size();
            int count = out.kind() == Program.OutputKind.SCALAR ? 1 : out.kind() == Program.OutputKind.VECTOR ? 2 : k * k;
            for (int c = 0; c < count; c++) {
                String name = out.name();
                if (out.kind() == Program.OutputKind.VECTOR) name += c == 0 ? " (mean)" : " (variance)";
                if (out.kind() == Program.OutputKind.GRAM) {
                    int i = c / k;
                    int j = c % k;
                    if (j < i) continue;
                    name += "[" + (i + 1) + "," + (j + 1) + "]";
                }
                List<AtWidth> ws = new ArrayList<>();
                for (FiniteRun.WidthResult w : finite.widths()) {
                    FiniteRun.Stat s = w.outputs().get(out.name());
                    ws.add(new AtWidth(w.width(), s.mean()[c], s.stderr()[c], s.stderr()[c] * Math.sqrt(seeds)));
                }
                Estimate lim = limit == null ? null : limit.outputs().get(program.outputs().indexOf(out)).values().get(c);
                components.add(component(name, lim, ws, seeds));
            }
        }
        List<Claim> claims = new ArrayList<>();
        FiniteRun.WidthResult largest = finite.widths().get(finite.widths().size() - 1);
        if (limit != null) for (LimitResult.ExpectValue e : limit.expects()) claims.add(claim(e, largest));
        return new Result(program, seeds, components, claims);
    }

    static Component component(String name, Estimate limit, List<AtWidth> ws, int seeds) {
        if (limit == null) return finiteOnly(name, ws, seeds);
        int[] widths = new int[ws.size()];
        double[] spread = new double[ws.size()];
        double[] gap = new double[ws.size()];
        double scale = 1e-12 * (1 + Math.abs(limit.value()));
        boolean deterministic = true;
        for (int i = 0; i < ws.size(); i++) {
            widths[i] = ws.get(i).width();
            spread[i] = ws.get(i).std();
            gap[i] = Math.abs(ws.get(i).mean() - limit.value());
            deterministic &= !(spread[i] > scale);
        }
        double sigma = seeds > 1 ? 1 / Math.sqrt(2.0 * (seeds - 1)) : Double.NaN;
        Fit spreadFit = deterministic ? null : Fit.powerLaw(widths, spread, sigma);
        Fit gapFit = Fit.powerLaw(widths, gap, Double.NaN);
        AtWidth last = ws.get(ws.size() - 1);
        double limitUncertainty = limit.error() + limit.stderr();
        double se = Math.hypot(Double.isNaN(last.stderr()) ? 0 : last.stderr(), limitUncertainty);
        double z = se > 0 ? (last.mean() - limit.value()) / se : (last.mean() == limit.value() ? 0 : Double.POSITIVE_INFINITY);
        // a gap of many standard errors is still the theorem's when it is a finite width's bias, not a wrong
        // limit: it must shrink, at least like n^-1/2, over three or more widths (seeds average out noise, not bias)
        int gapPoints = 0;
        for (double g : gap) if (g > 0) gapPoints++;
        boolean gapShrinks = gapPoints >= 3 && gapFit != null && gapFit.hi() < 0 && gapFit.slope() <= -0.5;
        boolean limitOk = Math.abs(z) <= 4 || Math.abs(last.mean() - limit.value()) <= scale || gapShrinks;
        String verdict;
        boolean consistent;
        if (deterministic) {
            consistent = limitOk;
            verdict = limitOk ? "consistent: no spread across seeds; the means equal the limit"
                    : String.format(Locale.ROOT, "INCONSISTENT: no spread across seeds, but n = %d gives %s, not the limit",
                    last.width(), num(last.mean()));
        } else if (spreadFit == null) {
            consistent = limitOk;
            verdict = "no rate: give at least two widths and two seeds";
        } else {
            // the printed interval is the test: slower when all of it lies above -1/2
            boolean slower = spreadFit.lo() > -0.5;
            boolean faster = spreadFit.hi() < -0.5;
            consistent = limitOk && !slower;
            String rate = String.format(Locale.ROOT, "spread ∝ n^%.2f [%.2f, %.2f]", spreadFit.slope(), spreadFit.lo(), spreadFit.hi());
            String at = String.format(Locale.ROOT, "n = %d is %.1f s.e. from the limit", last.width(), Math.abs(z))
                    + (Math.abs(z) > 4 && gapShrinks ? String.format(Locale.ROOT, ", a gap that shrinks ∝ n^%.2f [%.2f, %.2f]",
                    gapFit.slope(), gapFit.lo(), gapFit.hi()) : "");
            if (!limitOk) verdict = "INCONSISTENT: " + at + " (" + rate + ")";
            else if (slower) verdict = "INCONSISTENT: " + rate + " shrinks slower than n^-1/2";
            else verdict = "consistent: " + rate + (faster ? ", faster than n^-1/2" : "") + "; " + at;
        }
        return new Component(name, limit, ws, spreadFit, gapFit, z, consistent, verdict);
    }

    private static Component finiteOnly(String name, List<AtWidth> ws, int seeds) {
        int[] widths = new int[ws.size()];
        double[] spread = new double[ws.size()];
        for (int i = 0; i < ws.size(); i++) {
            widths[i] = ws.get(i).width();
            spread[i] = ws.get(i).std();
        }
        Fit fit = Fit.powerLaw(widths, spread, seeds > 1 ? 1 / Math.sqrt(2.0 * (seeds - 1)) : Double.NaN);
        String verdict = fit == null ? "finite widths only" : String.format(Locale.ROOT,
                "finite widths only: spread ∝ n^%.2f [%.2f, %.2f]", fit.slope(), fit.lo(), fit.hi());
        return new Component(name, new Estimate(Double.NaN, 0, 0, Estimate.Method.EXACT), ws, fit, null, Double.NaN, true, verdict);
    }

    static Claim claim(LimitResult.ExpectValue e, FiniteRun.WidthResult w) {
        Program.Expect x = e.expect();
        int seeds = w.scalars().length;
        double[] d = new double[seeds];
        double[] lefts = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            lefts[s] = w.scalars()[s][x.left()];
            d[s] = lefts[s] - w.scalars()[s][x.right()];
        }
        SampleMean difference = SampleMean.of(d);
        double mean = difference.mean();
        double left = SampleMean.of(lefts).mean();
        double se = seeds > 1 ? difference.standardError() : 0;
        boolean ok = switch (x.comparison()) {
            case EQ -> Math.abs(mean) <= e.tolerance() + 4 * se;
            case LT, LE -> mean <= 4 * se;
            case GT, GE -> mean >= -4 * se;
        };
        String verdict;
        if (e.passed() && ok) {
            verdict = "holds in the limit and at n = " + w.width();
        } else {
            verdict = String.format(Locale.ROOT, "FAILS: the limit is %s%s; at n = %d the mean is %s ± %s (%.1f s.e. from the claim)",
                    num(e.left().value()), e.passed() ? " (holds)" : "", w.width(), num(left), num(se),
                    se > 0 ? Math.abs(mean) / se : Double.POSITIVE_INFINITY);
        }
        return new Claim(x, e.passed(), e.left().value(), w.width(), left, se, ok, verdict);
    }


    static String num(double v) {
        return Numbers.brief(v);
    }
}
