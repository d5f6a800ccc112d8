package nms.reference;

import java.util.stream.IntStream;

import nms.config.Metric;

/** Quality measures of a 2-D embedding: the t-SNE objective and neighbourhood trustworthiness. */
public final class EmbeddingQuality {

    private EmbeddingQuality() {
    }

    // ------------------------------------------------------------------------------------------
    // KL(P || Q)

    /**
     * {@code KL(P || Q) = sum_{i != j, P_ij > 0} P_ij ln(P_ij / Q_ij)} in nats, with the
     * Student-t {@code Q_ij = (1 + |y_i - y_j|^2)^-1 / Z} of the embedding over all pairs.
     */
    public static double klDivergence(double[][] jointP, double[][] embedding) {
        int n = jointP.length;
        double z = kernelSum(embedding);
        double[] rowKl = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                double p = jointP[i][j];
                if (j != i && p > 0) {
                    s += p * Math.log(p / (kernel(embedding, i, j) / z));
                }
            }
            rowKl[i] = s;
        });
        return sumInOrder(rowKl);
    }

    /** {@link #klDivergence(double[][], double[][])} for a sparse P (absent entries are zero). */
    public static double klDivergence(SparseMatrix jointP, double[][] embedding) {
        int n = jointP.n();
        double z = kernelSum(embedding);
        double[] rowKl = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double s = 0.0;
            for (int k = jointP.rowStart()[i]; k < jointP.rowStart()[i + 1]; k++) {
                int j = jointP.columns()[k];
                double p = jointP.values()[k];
                if (j != i && p > 0) {
                    s += p * Math.log(p / (kernel(embedding, i, j) / z));
                }
            }
            rowKl[i] = s;
        });
        return sumInOrder(rowKl);
    }

    /** The joint Q of an embedding, dense (zero diagonal); for tests and small n. */
    public static double[][] studentTJoint(double[][] embedding) {
        int n = embedding.length;
        double z = kernelSum(embedding);
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = i == j ? 0.0 : kernel(embedding, i, j) / z;
            }
        }
        return q;
    }

    private static double kernel(double[][] y, int i, int j) {
        double dx = y[i][0] - y[j][0];
        double dy = y[i][1] - y[j][1];
        return 1.0 / (1.0 + dx * dx + dy * dy);
    }

    private static double kernelSum(double[][] y) {
        int n = y.length;
        double[] rowSum = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    s += kernel(y, i, j);
                }
            }
            rowSum[i] = s;
        });
        return sumInOrder(rowSum);
    }

    private static double sumInOrder(double[] values) {
        double s = 0.0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------
    // Trustworthiness

    /**
     * Trustworthiness of an embedding of pixel rows, as scikit-learn's
     * {@code sklearn.manifold.trustworthiness} with squared Euclidean input distances.
     */
    public static double trustworthiness(int[][] pixels, double[][] embedding, int k) {
        return trustworthiness(PairwiseDistances.compute(pixels, Metric.L2), embedding, k);
    }

    /**
     * Trustworthiness from precomputed input distances:
     * <pre>
     *   T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_i(k)} max(0, r(i, j) - k)
     * </pre>
     * where {@code U_i(k)} are the k nearest neighbours of i in the embedding (squared Euclidean)
     * and {@code r(i, j)} is the rank of j among i's neighbours in input space (1 = nearest).
     * Ties in either space go to the lower index. Requires {@code k < n / 2}.
     */
    public static double trustworthiness(long[][] inputDistances, double[][] embedding, int k) {
        int n = embedding.length;
        if (inputDistances.length != n) {
            throw new IllegalArgumentException("distances and embedding differ in size");
        }
        if (k < 1 || k >= n / 2.0) {
            throw new IllegalArgumentException("need 1 <= k < n/2, got k=" + k + ", n=" + n);
        }
        long[] rowPenalty = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] embeddedNeighbours = nearestInEmbedding(embedding, i, k);
            long[] di = inputDistances[i];
            long penalty = 0;
            for (int j : embeddedNeighbours) {
                // rank of j: 1 + number of rows closer to i than j in input space (ties by index)
                long dj = di[j];
                int rank = 1;
                for (int m = 0; m < n; m++) {
                    if (m != i && (di[m] < dj || (di[m] == dj && m < j))) {
                        rank++;
                    }
                }
                penalty += Math.max(0, rank - k);
            }
            rowPenalty[i] = penalty;
        });
        long sum = 0;
        for (long p : rowPenalty) {
            sum += p;
        }
        return 1.0 - sum * (2.0 / (n * (double) k * (2.0 * n - 3.0 * k - 1.0)));
    }

    private static int[] nearestInEmbedding(double[][] y, int i, int k) {
        int[] best = new int[k];
        double[] bestDistance = new double[k];
        int size = 0;
        for (int j = 0; j < y.length; j++) {
            if (j == i) {
                continue;
            }
            double dx = y[i][0] - y[j][0];
            double dy = y[i][1] - y[j][1];
            double d = dx * dx + dy * dy;
            if (size == k && d >= bestDistance[k - 1]) {
                continue;
            }
            int at = size == k ? k - 1 : size++;
            while (at > 0 && bestDistance[at - 1] > d) {
                best[at] = best[at - 1];
                bestDistance[at] = bestDistance[at - 1];
                at--;
            }
            best[at] = j;
            bestDistance[at] = d;
        }
        return best;
    }
}
