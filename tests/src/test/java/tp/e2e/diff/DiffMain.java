package tp.e2e.diff;

/**
 * The differential tester from the command line (bench/difftest.sh): {@code DiffMain [cases] [seed]
 * [first-case]}; system properties {@code difftest.particleEvery}, {@code difftest.particles},
 * {@code difftest.mc}, {@code difftest.timeout}, {@code difftest.workers}, {@code difftest.show}.
 * Exits 1 when there are disagreements.
 */
public final class DiffMain {
    private DiffMain() {}

    public static void main(String[] args) {
        Judge.Config ci = Judge.Config.ci();
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : ci.seed();
        int from = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Judge.Config config = new Judge.Config(cases, seed,
                Integer.getInteger("difftest.particleEvery", ci.particleEvery()),
                Integer.getInteger("difftest.particles", ci.particles()),
                Integer.getInteger("difftest.mc", 1 << 20),
                Double.parseDouble(System.getProperty("difftest.timeout", "60")),
                Integer.getInteger("difftest.workers", ci.workers()),
                Double.parseDouble(System.getProperty("difftest.budget", "0")));
        Report r = new Judge(config).run(from, System.err);
        System.out.println(r.summary());
        System.out.println(r.failureList(Integer.getInteger("difftest.show", 40)));
        System.exit(r.passed() ? 0 : 1);
    }
}
