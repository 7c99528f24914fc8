package tp.cli;

import picocli.CommandLine.Option;
import tp.limit.LimitOptions;
import tp.pipeline.Pipeline;

/** The flags that choose how a limit is computed, shared by {@code tp limit} and {@code tp check}. */
final class LimitFlags {
    @Option(names = "--tol", paramLabel = "TOL", description = "Target error of each quadrature (default 1e-10).")
    double tol = 1e-10;

    @Option(names = "--method", paramLabel = "M",
            description = "auto, exact, quadrature or particles (default auto: exact where possible, then quadrature, then particles).")
    String method = "auto";

    @Option(names = "--particles", paramLabel = "N", description = "Particles in all (default 262144), when particles are used.")
    int particles = LimitOptions.DEFAULT_PARTICLES;

    @Option(names = "--sampling", paramLabel = "S",
            description = "mc or rqmc: the particles' noises all pseudo-random, or the first from a randomly shifted Sobol net (default mc).")
    String sampling = "mc";

    /** The options these flags choose, with particles split into {@code replicates} seeded by {@code seed}. */
    LimitOptions options(int replicates, long seed, int threads) {
        if (particles < 32) throw new Main.UsageError("--particles must be at least 32");
        if (replicates < 2) throw new Main.UsageError("--replicates must be at least 2");
        tp.pipeline.RunOptions.checkThreads(threads);
        LimitOptions.Sampling how = switch (sampling) {
            case "rqmc" -> LimitOptions.Sampling.RQMC;
            case "mc" -> LimitOptions.Sampling.MC;
            default -> throw new Main.UsageError("--sampling must be rqmc or mc, not " + sampling);
        };
        return LimitOptions.defaults().with(how).withTol(Pipeline.tol(tol)).with(Pipeline.method(method))
                .withParticles(particles, replicates, seed).withThreads(threads);
    }
}
