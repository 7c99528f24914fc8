package tp.e2e;

import java.util.HashMap;
import java.util.Map;
import tp.check.Checker;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.SourceFile;

/** Runs the limit backend on program text; outputs by name. */
final class Limits {
    private Limits() {}

    static Program program(String text) {
        return Checker.check(new SourceFile("test.tp", text), Map.of());
    }

    static Map<String, Estimate> scalars(String text) {
        return scalars(text, LimitOptions.defaults());
    }

    static Map<String, Estimate> scalars(String text, LimitOptions options) {
        return scalars(program(text), options);
    }

    static Map<String, Estimate> scalars(Program p, LimitOptions options) {
        LimitResult r = new LimitBackend(p, options).run();
        Map<String, Estimate> out = new HashMap<>();
        for (LimitResult.OutputValue o : r.outputs()) {
            if (o.output().kind() == Program.OutputKind.SCALAR) out.put(o.output().name(), o.values().get(0));
        }
        return out;
    }
}
