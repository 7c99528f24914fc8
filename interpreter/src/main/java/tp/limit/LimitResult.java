package tp.limit;

import java.util.ArrayList;
import java.util.List;

import tp.fn.Fns;
import tp.ir.Program;

/** The limit of every output, and every claim checked against it. */
public record LimitResult(Program program, List<OutputValue> outputs, List<ExpectValue> expects, Derivation derivation,
                          Reruns reruns) {

    /**
     * How far the program carries its steps' own errors (each step's rounding, a quadrature's
     * error): {@code runs} re-runs, each step's result moved at random within its own error, moved
     * the reported values by at most {@code largest}; each value's error includes {@link #MARGIN}
     * times its own largest move. Null when nothing was re-run (see docs/limit.md, "Accuracy
     * bookkeeping").
     */
    public record Reruns(int runs, double largest) {}

    /** A value's error includes this many times the most a re-run moved it. */
    public static final double MARGIN = 3;

    /**
     * An output's limit: a scalar's estimate; a vector's law (Gaussian with exact mean and variance,
     * or its mean and variance); a Gram matrix's entries row by row.
     */
    public record OutputValue(Program.Output output, List<Estimate> values, boolean gaussian) {}

    /** A vector output whose law has no limit (a moment of it does not exist). */
    static final class UndefinedOutput extends RuntimeException {
        private final Program.Output output;

        UndefinedOutput(Program.Output output, String message) {
            super(message, null, false, false);
            this.output = output;
        }

        Program.Output output() {
            return output;
        }
    }

    /** A claim: both sides' limits and whether the claim holds. */
    public record ExpectValue(Program.Expect expect, Estimate left, Estimate right, boolean passed, double tolerance) {}

    /** A vector output's law is out of reach of the deterministic tiers. */
    static final class OutputUnavailable extends RuntimeException {
        private final Program.Output output;

        OutputUnavailable(Program.Output output, String message) {
            super(message, null, false, false);
            this.output = output;
        }

        Program.Output output() { return output; }
    }

    static LimitResult of(Program p, ZGraph graph, Expectations ex, Derivation derivation, java.util.function.ToDoubleFunction<java.util.BitSet> error,
                          java.util.Map<Integer, Estimate[]> particleLaws) {
        List<OutputValue> outs = new ArrayList<>(p.outputs().size());
        for (Program.Output o : p.outputs()) {
            switch (o.kind()) {
                case SCALAR:
                    outs.add(new OutputValue(o, List.of(graph.scalar(o.ids().get(0))), false));
                    break;
                case VECTOR: {
                    Estimate[] law = particleLaws.get(o.ids().get(0));
                    if (law != null) {
                        outs.add(new OutputValue(o, List.of(law[0], law[1]), false));
                        break;
                    }
                    ZGraph.VectorInfo v = graph.vector(o.ids().get(0));
                    Estimate mean;
                    Estimate second;
                    try {
                        mean = ex.expect(v.z());
                        second = ex.expect(Fns.mul(v.z(), v.z()));
                    } catch (Expectations.Undefined e) {
                        throw new UndefinedOutput(o, e.getMessage());
                    } catch (Expectations.Unavailable e) {
                        throw new OutputUnavailable(o, e.getMessage());
                    } catch (Expectations.Unresolved e) {
                        throw new OutputUnavailable(o, e.getMessage());
                    }
                    Estimate var = new Estimate(second.value() - mean.value() * mean.value(),
                            second.error() + 2 * Math.abs(mean.value()) * mean.error(), 0, second.method().worst(mean.method()));
                    double inherited = error.applyAsDouble(v.sources());
                    mean = new Estimate(mean.value(), mean.error() + inherited, 0, mean.method().worst(v.method()));
                    var = new Estimate(Math.max(0, var.value()), var.error() + inherited, 0, var.method().worst(v.method()));
                    outs.add(new OutputValue(o, List.of(mean, var), v.affine() != null || Linear.of(v.z()) != null));
                    break;
                }
                default: {
                    List<Estimate> g = new ArrayList<>();
                    for (int id : o.ids()) g.add(graph.scalar(id));
                    outs.add(new OutputValue(o, g, false));
                }
            }
        }
        List<ExpectValue> expects = new ArrayList<>();
        for (Program.Expect e : p.expects()) {
            Estimate l = graph.scalar(e.left());
            Estimate r = graph.scalar(e.right());
            double tol = Double.isNaN(e.tolerance()) ? 1e-9 * Math.max(1, Math.abs(r.value())) : e.tolerance();
            expects.add(new ExpectValue(e, l, r, e.comparison().holds(l.value(), r.value(), tol), tol));
        }
        return new LimitResult(p, outs, expects, derivation, null);
    }
}
