package tp.limit;

import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Globally adaptive Gauss–Kronrod (7/15 points, QUADPACK's constants) on a finite interval:
 * the interval with the largest error is split until the summed error meets the tolerance.
 * Kinks cost a few extra splits instead of spoiling the convergence.
 */
final class Kronrod {
    private static final double[] XGK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0};
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

    record Result(double value, double error, int evaluations) {}

    private record Piece(double a, double b, double value, double error) {}

    private Kronrod() {}

    static Result integrate(DoubleUnaryOperator f, double a, double b, double tol, int maxPieces) {
        return integrate(f, new double[] {a, b}, Double.POSITIVE_INFINITY, tol, maxPieces);
    }

    /**
     * ∫ f over [points[0], points[last]], split first at every given point (where f has a kink,
     * a jump or a singularity) and into pieces no wider than {@code maxWidth}, then adaptively.
     * The error is the sum of the pieces' |Kronrod − Gauss| estimates.
     */
    static Result integrate(DoubleUnaryOperator f, double[] points, double maxWidth, double tol, int maxPieces) {
        PriorityQueue<Piece> queue = new PriorityQueue<>((p, q) -> Double.compare(q.error(), p.error()));
        double value = 0;
        double error = 0;
        int evals = 0;
        for (int k = 0; k + 1 < points.length; k++) {
            double a = points[k];
            double b = points[k + 1];
            if (!(b > a)) continue;
            int parts = (int) Math.min(1 << 12, Math.max(1, Math.ceil((b - a) / maxWidth)));
            for (int j = 0; j < parts; j++) {
                double lo = j == 0 ? a : a + (b - a) * j / parts;
                double hi = j == parts - 1 ? b : a + (b - a) * (j + 1) / parts;
                Piece p = piece(f, lo, hi);
                queue.add(p);
                value += p.value();
                error += p.error();
                evals += 15;
            }
        }
        while (error > tol && queue.size() < maxPieces && !queue.isEmpty()) {
            tp.ir.Cancellation.check();
            Piece worst = queue.poll();
            double mid = 0.5 * (worst.a() + worst.b());
            if (!(mid > worst.a() && mid < worst.b())) {
                queue.add(worst);
                break;
            }
            Piece left = piece(f, worst.a(), mid);
            Piece right = piece(f, mid, worst.b());
            evals += 30;
            value += left.value() + right.value() - worst.value();
            error += left.error() + right.error() - worst.error();
            queue.add(left);
            queue.add(right);
        }
        double v = 0;
        double e = 0;
        for (Piece p : queue) {
            v += p.value();
            e += p.error();
        }
        return new Result(v, e, evals);
    }

    private static Piece piece(DoubleUnaryOperator f, double a, double b) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        double fc = f.applyAsDouble(c);
        double kronrod = fc * WGK[7];
        double gauss = fc * WG[3];
        for (int j = 0; j < 7; j++) {
            double x = h * XGK[j];
            double sum = f.applyAsDouble(c - x) + f.applyAsDouble(c + x);
            kronrod += WGK[j] * sum;
            if (j % 2 == 1) gauss += WG[j / 2] * sum;
        }
        return new Piece(a, b, kronrod * h, Math.abs((kronrod - gauss) * h));
    }
}
