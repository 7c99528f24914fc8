package tp.limit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The pseudo-inverse, or NaN everywhere when there is none (an entry that is NaN or infinite): NaN then reaches a result, where it is reported with its line. */
final class Pinv {
    private Pinv() {}

    static void of(DMatrixRMaj a, DMatrixRMaj out) {
        for (double v : a.getData()) {
            if (!Double.isFinite(v)) {
                java.util.Arrays.fill(out.getData(), Double.NaN);
                return;
            }
        }
        try {
            CommonOps_DDRM.pinv(a, out);
        } catch (IllegalArgumentException e) {
            java.util.Arrays.fill(out.getData(), Double.NaN);
        }
    }
}
