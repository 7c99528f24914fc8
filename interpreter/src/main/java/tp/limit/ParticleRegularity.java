package tp.limit;

import java.util.function.BiFunction;
import java.util.function.IntFunction;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Regularity;
import tp.ir.Program;
import tp.ir.Step;
import tp.syntax.ProgramError;

/**
 * Before the particles run: the function table's verdict on every expectation they will
 * estimate, from the core program (a MatMul's output is a Gaussian plus earlier vectors, so it
 * is continuous with a simple zero set). Particles cannot tell a divergent integral from a
 * noisy one, so what does not exist is refused here.
 */
final class ParticleRegularity {
    private final Program program;
    private final IntFunction<Regularity.Profile> before;
    private final BiFunction<Step, String, ProgramError> refuse;

    /** {@code before}: the profile of a vector computed before the particles (null if none). */
    ParticleRegularity(Program program, IntFunction<Regularity.Profile> before, BiFunction<Step, String, ProgramError> refuse) {
        this.program = program;
        this.before = before;
        this.refuse = refuse;
    }

    void check(int start) {
        Regularity.Profile[] profiles = new Regularity.Profile[program.values().size()];
        Regularity analysis = new Regularity(f -> {
            if (!(f instanceof Fn.Ref r)) return null;
            if (r.kind() == Fn.Kind.SCALAR) return Regularity.Profile.SCALAR;
            if (profiles[r.id()] == null) {
                Regularity.Profile p = before.apply(r.id());
                profiles[r.id()] = p == null ? Regularity.Profile.CONTINUOUS : p;
            }
            return profiles[r.id()];
        });
        for (int i = start; i < program.steps().size(); i++) {
            Step s = program.steps().get(i);
            if (s instanceof Step.InitVectors v) {
                for (int k = 0; k < v.ids().size(); k++) profiles[v.ids().get(k)] = Regularity.Profile.gaussian(v.mean()[k], v.cov()[k][k]);
            } else if (s instanceof Step.MatMul m) {
                Fn in = new Fn.Ref(m.input(), Fn.Kind.VECTOR);
                String problem = analysis.of(Fns.mul(in, in)).problem();
                if (problem != null) throw refuse.apply(s, problem);
                profiles[m.id()] = Regularity.Profile.CONTINUOUS;
            } else if (s instanceof Step.Nonlin x) {
                profiles[x.id()] = analysis.of(x.fn());
            } else if (s instanceof Step.Moment x) {
                String problem = analysis.of(x.fn()).problem();
                if (problem != null) throw refuse.apply(s, problem);
            }
        }
        for (Program.Output o : program.outputs()) {
            if (o.kind() != Program.OutputKind.VECTOR) continue;
            Fn v = new Fn.Ref(o.ids().get(0), Fn.Kind.VECTOR);
            String problem = analysis.of(Fns.mul(v, v)).problem();
            if (problem != null) {
                throw new ProgramError(o.span(), "the limit of output `" + o.name() + "` is undefined: " + problem);
            }
        }
    }
}
