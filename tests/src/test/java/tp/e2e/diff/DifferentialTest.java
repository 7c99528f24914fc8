package tp.e2e.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The limit engine against an independent reference on a fixed seed of generated programs (see
 * {@link Judge}). Fails with the first disagreements: program, tier, value, claimed error,
 * reference and difference. {@code bench/difftest.sh} runs more cases, with any seed.
 */
class DifferentialTest {
    @Test
    void everyTierAgreesWithTheReferenceWithinItsOwnClaim() {
        Judge.Config ci = Judge.Config.ci();
        Judge.Config config = new Judge.Config(Integer.getInteger("difftest.cases", ci.cases()),
                Long.getLong("difftest.seed", ci.seed()), ci.particleEvery(), ci.particles(), ci.mcSamples(),
                ci.timeoutSeconds(), ci.workers(), ci.budgetSeconds());
        Report r = new Judge(config).run(0, null);
        String summary = r.summary();
        String failures = r.failureList(20);
        System.out.println(summary);
        System.out.println(failures);
        assertTrue(r.passed(), "\n" + summary + "\n" + failures);
    }

    @Test
    void generationIsDeterministic() {
        Generator a = new Generator(7, 8);
        Generator b = new Generator(7, 8);
        for (int i = 0; i < 300; i++) {
            Generator.Case x = a.generate(i);
            Generator.Case y = b.generate(i);
            assertEquals(x.decls(), y.decls());
            assertEquals(x.outputs().size(), y.outputs().size());
            for (int k = 0; k < x.outputs().size(); k++) assertEquals(x.program(k), y.program(k));
        }
        // and a case does not depend on which cases were generated before it
        assertEquals(new Generator(7, 8).generate(250).program(0), a.generate(250).program(0));
    }
}
