package nms.lrt;

/**
 * An independent best rank-r approximation of a dense n x m matrix for the tests: the
 * eigenvectors of {@code M^T M} by cyclic two-sided Jacobi (not the one-sided SVD under test),
 * then {@code M V_r V_r^T}.
 */
final class DenseTruncation {
    private DenseTruncation() {
    }

    static double[] truncate(double[] mat, int n, int m, int r) {
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < n; k++) {
                    g[i][j] += mat[k * m + i] * mat[k * m + j];
                }
            }
        }
        double[][] vec = new double[m][m];
        for (int i = 0; i < m; i++) {
            vec[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < m; p++) {
                for (int q = p + 1; q < m; q++) {
                    off += g[p][q] * g[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < m; p++) {
                for (int q = p + 1; q < m; q++) {
                    if (g[p][q] == 0) {
                        continue;
                    }
                    double theta = (g[q][q] - g[p][p]) / (2 * g[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < m; k++) { // G := G J
                        double gkp = g[k][p];
                        double gkq = g[k][q];
                        g[k][p] = c * gkp - s * gkq;
                        g[k][q] = s * gkp + c * gkq;
                    }
                    for (int k = 0; k < m; k++) { // G := J^T G
                        double gpk = g[p][k];
                        double gqk = g[q][k];
                        g[p][k] = c * gpk - s * gqk;
                        g[q][k] = s * gpk + c * gqk;
                    }
                    for (int k = 0; k < m; k++) {
                        double vkp = vec[k][p];
                        double vkq = vec[k][q];
                        vec[k][p] = c * vkp - s * vkq;
                        vec[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(g[y][y], g[x][x]));
        double[][] proj = new double[m][m];
        for (int l = 0; l < r; l++) {
            int c = order[l];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    proj[i][j] += vec[i][c] * vec[j][c];
                }
            }
        }
        double[] out = new double[n * m];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += mat[k * m + i] * proj[i][j];
                }
                out[k * m + j] = s;
            }
        }
        return out;
    }
}
