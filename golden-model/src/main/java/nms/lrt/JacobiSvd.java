package nms.lrt;

/**
 * Singular value decomposition of a small square matrix by one-sided (Hestenes) Jacobi rotations,
 * so that results do not depend on a LAPACK. {@code A = U diag(s) V^T} with {@code s} descending,
 * {@code U} and {@code V} orthogonal. Each pair of singular vectors is sign-normalised: the entry
 * of largest magnitude of {@code u_k} (the first on ties) is positive. Columns whose singular
 * value is zero (below {@code 1e-14 * s_max}) get left vectors completed by Gram-Schmidt over the
 * unit vectors, so {@code U} stays orthogonal for a rank-deficient {@code A}.
 */
public final class JacobiSvd {
    /** A rotation is applied while {@code |a_i . a_j| > TOLERANCE * |a_i| |a_j|}. */
    static final double TOLERANCE = 1e-15;
    static final int MAX_SWEEPS = 60;
    static final double RANK_TOLERANCE = 1e-14;

    /** {@code u[i][k]}: row i of the k-th left singular vector; likewise {@code v}. */
    public record Svd(double[][] u, double[] s, double[][] v) {
        public int size() {
            return s.length;
        }
    }

    private JacobiSvd() {
    }

    public static Svd of(double[][] a) {
        int q = a.length;
        double[][] w = new double[q][];
        for (int i = 0; i < q; i++) {
            if (a[i].length != q) {
                throw new IllegalArgumentException("JacobiSvd: matrix must be square, row " + i + " has "
                        + a[i].length + " columns, expected " + q);
            }
            w[i] = a[i].clone();
        }
        double[][] v = identity(q);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < q - 1; i++) {
                for (int j = i + 1; j < q; j++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int k = 0; k < q; k++) {
                        alpha += w[k][i] * w[k][i];
                        beta += w[k][j] * w[k][j];
                        gamma += w[k][i] * w[k][j];
                    }
                    if (gamma == 0 || Math.abs(gamma) <= TOLERANCE * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    rotate(w, i, j, c, s);
                    rotate(v, i, j, c, s);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] norms = new double[q];
        for (int k = 0; k < q; k++) {
            double sum = 0;
            for (int i = 0; i < q; i++) {
                sum += w[i][k] * w[i][k];
            }
            norms[k] = Math.sqrt(sum);
        }
        // Order columns by descending singular value; stable on ties (index order).
        Integer[] order = new Integer[q];
        for (int k = 0; k < q; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        double[] s = new double[q];
        double[][] u = new double[q][q];
        double[][] vs = new double[q][q];
        double floor = RANK_TOLERANCE * norms[order[0]];
        int rank = 0;
        for (int k = 0; k < q; k++) {
            int col = order[k];
            s[k] = norms[col];
            for (int i = 0; i < q; i++) {
                vs[i][k] = v[i][col];
            }
            if (s[k] > floor && s[k] > 0) {
                for (int i = 0; i < q; i++) {
                    u[i][k] = w[i][col] / s[k];
                }
                rank++;
            }
        }
        for (int k = rank; k < q; k++) {
            s[k] = 0;
            completeColumn(u, k);
        }
        for (int k = 0; k < q; k++) {
            int big = 0;
            for (int i = 1; i < q; i++) {
                if (Math.abs(u[i][k]) > Math.abs(u[big][k])) {
                    big = i;
                }
            }
            if (u[big][k] < 0) {
                for (int i = 0; i < q; i++) {
                    u[i][k] = -u[i][k];
                    vs[i][k] = -vs[i][k];
                }
            }
        }
        return new Svd(u, s, vs);
    }

    /** Column k of u: the first unit vector, orthogonalised against columns 0..k-1, that survives. */
    private static void completeColumn(double[][] u, int k) {
        int q = u.length;
        double best = -1;
        double[] chosen = null;
        for (int e = 0; e < q; e++) {
            double[] x = new double[q];
            x[e] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (int c = 0; c < k; c++) {
                    double dot = 0;
                    for (int i = 0; i < q; i++) {
                        dot += u[i][c] * x[i];
                    }
                    for (int i = 0; i < q; i++) {
                        x[i] -= dot * u[i][c];
                    }
                }
            }
            double norm = 0;
            for (double xi : x) {
                norm += xi * xi;
            }
            if (norm > best + 1e-12) { // the best-conditioned candidate, lowest index on ties
                best = norm;
                chosen = x;
            }
        }
        double n = Math.sqrt(best);
        for (int i = 0; i < q; i++) {
            u[i][k] = chosen[i] / n;
        }
    }

    private static void rotate(double[][] m, int i, int j, double c, double s) {
        for (double[] row : m) {
            double a = row[i];
            double b = row[j];
            row[i] = c * a - s * b;
            row[j] = s * a + c * b;
        }
    }

    static double[][] identity(int q) {
        double[][] id = new double[q][q];
        for (int i = 0; i < q; i++) {
            id[i][i] = 1;
        }
        return id;
    }
}
