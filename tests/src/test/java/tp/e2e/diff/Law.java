package tp.e2e.diff;

/**
 * A Gaussian law of named base variables: mean and covariance, and how well the covariance is
 * known ({@code covError}: a bound on each entry's error, zero when it is exact as written).
 */
record Law(String[] names, double[] mean, double[][] cov, double[][] covError) {
    Law(String[] names, double[] mean, double[][] cov) {
        this(names, mean, cov, new double[mean.length][mean.length]);
    }

    int size() {
        return mean.length;
    }

    boolean exact() {
        for (double[] row : covError) for (double v : row) if (v != 0) return false;
        return true;
    }

    /** The same law with entry (i, j) and (j, i) of the covariance moved by d. */
    Law perturbed(int i, int j, double d) {
        double[][] c = new double[size()][];
        for (int k = 0; k < size(); k++) c[k] = cov[k].clone();
        c[i][j] += d;
        if (i != j) c[j][i] += d;
        return new Law(names, mean, c, covError);
    }

    /** The same law with the mean of variable i moved by d. */
    Law shifted(int i, double d) {
        double[] m = mean.clone();
        m[i] += d;
        return new Law(names, m, cov, covError);
    }

    int index(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalArgumentException(name);
    }

    /** The affine form 1·v_i. */
    Expr.Aff var(int i) {
        double[] a = new double[size()];
        a[i] = 1;
        return new Expr.Aff(a, 0);
    }
}
