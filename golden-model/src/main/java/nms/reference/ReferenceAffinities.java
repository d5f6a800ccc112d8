package nms.reference;

import java.util.Arrays;
import java.util.stream.IntStream;

import nms.config.Metric;

/**
 * Double-precision Gaussian affinities of one class, calibrated to a target perplexity with the
 * bhtsne / scikit-learn bisection. This is the numerical reference the integer model is judged
 * against, so it follows the published procedure literally rather than improving on it.
 *
 * <p>For row {@code i} with precision {@code beta}:
 * <pre>
 *   d'_ij = d_ij - min_{j != i} d_ij            (shift: leaves p_j|i unchanged, avoids underflow)
 *   a_ij  = exp(-beta * d'_ij),   j != i
 *   S_i   = sum_j a_ij
 *   H_i   = log2(S_i) + beta * log2(e) * sum_j(d'_ij a_ij) / S_i      (entropy in bits)
 * </pre>
 * The search starts at {@code beta = 1}, {@code lo = -inf}, {@code hi = +inf} and, for at most
 * {@code maxIterations} evaluations, stops when {@code |H - log2(perplexity)| < tolerance};
 * otherwise if {@code H} is too high it sets {@code lo = beta} and doubles beta (or bisects
 * towards {@code hi}), else it sets {@code hi = beta} and halves beta (or bisects towards
 * {@code lo}). The conditional row {@code p_j|i = a_ij / S_i} is the one of the last evaluated
 * beta, which is also the beta reported.
 *
 * <p>The joint matrix is {@code P = (P_cond + P_cond^T) / sum(P_cond + P_cond^T)}.
 */
public final class ReferenceAffinities {

    public static final double DEFAULT_TOLERANCE = 1e-5;
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private static final double LN2 = Math.log(2.0);
    private static final double LOG2E = 1.0 / LN2;

    private final Metric metric;
    private final double perplexity;
    private final double tolerance;
    private final int maxIterations;

    public ReferenceAffinities(Metric metric, double perplexity, double tolerance, int maxIterations) {
        if (!(perplexity > 0) || Double.isInfinite(perplexity)) {
            throw new IllegalArgumentException("perplexity must be positive, got " + perplexity);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        this.metric = metric;
        this.perplexity = perplexity;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Default tolerance {@value #DEFAULT_TOLERANCE} and {@value #DEFAULT_MAX_ITERATIONS} iterations. */
    public ReferenceAffinities(Metric metric, double perplexity) {
        this(metric, perplexity, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public Metric metric() {
        return metric;
    }

    public double perplexity() {
        return perplexity;
    }

    /** The entropy the search aims at, {@code log2(perplexity)} bits. */
    public double targetEntropyBits() {
        return Math.log(perplexity) / LN2;
    }

    /** Neighbours kept per row by the sparse variant: {@code min(n - 1, floor(3 * perplexity))}. */
    public int neighbourCount(int n) {
        return (int) Math.min(n - 1L, (long) Math.floor(3.0 * perplexity));
    }

    // ------------------------------------------------------------------------------------------
    // Results

    /** The outcome of the search for one row. {@code conditional} is {@code p_j|i} over the row's candidates. */
    public record RowSearch(double beta, double entropyBits, int iterations, boolean withinTolerance,
                            double[] conditional) {
    }

    /** Per-row search outcomes of a whole class. */
    public record Calibration(double[] beta, double[] entropyBits, int[] iterations,
                              boolean[] withinTolerance) {

        public int rows() {
            return beta.length;
        }

        public int rowsOutsideTolerance() {
            int count = 0;
            for (boolean within : withinTolerance) {
                count += within ? 0 : 1;
            }
            return count;
        }

        private static Calibration of(RowSearch[] rows) {
            int n = rows.length;
            double[] beta = new double[n];
            double[] entropy = new double[n];
            int[] iterations = new int[n];
            boolean[] within = new boolean[n];
            for (int i = 0; i < n; i++) {
                beta[i] = rows[i].beta();
                entropy[i] = rows[i].entropyBits();
                iterations[i] = rows[i].iterations();
                within[i] = rows[i].withinTolerance();
            }
            return new Calibration(beta, entropy, iterations, within);
        }
    }

    /** Dense result: {@code conditional[i][j] = p_j|i} (zero diagonal) and the joint P. */
    public record Dense(Calibration calibration, double[][] conditional, double[][] joint) {
    }

    /** Sparse kNN result; both matrices are CSR with increasing columns per row. */
    public record Sparse(Calibration calibration, SparseMatrix conditional, SparseMatrix joint) {
    }

    // ------------------------------------------------------------------------------------------
    // The search of one row

    /**
     * Calibrates one row from its candidates' distances (the row itself excluded).
     *
     * @param distances distances {@code d_ij} to the row's candidates, at least one
     */
    public RowSearch searchRow(long[] distances) {
        if (distances.length == 0) {
            throw new IllegalArgumentException("a row needs at least one candidate neighbour");
        }
        long min = Long.MAX_VALUE;
        for (long d : distances) {
            min = Math.min(min, d);
        }
        double[] shifted = new double[distances.length];
        for (int j = 0; j < distances.length; j++) {
            shifted[j] = (double) (distances[j] - min);
        }
        return searchShifted(shifted);
    }

    /** The search over already shifted distances {@code d'} (non-negative, smallest zero). */
    RowSearch searchShifted(double[] shifted) {
        double target = targetEntropyBits();
        double[] affinity = new double[shifted.length];
        double beta = 1.0;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double evaluatedBeta = beta;
        double entropy = Double.NaN;
        double sum = Double.NaN;
        int iterations = 0;
        boolean within = false;
        while (iterations < maxIterations) {
            iterations++;
            evaluatedBeta = beta;
            sum = 0.0;
            double weightedDistance = 0.0;
            for (int j = 0; j < shifted.length; j++) {
                double a = Math.exp(-beta * shifted[j]);
                affinity[j] = a;
                sum += a;
                weightedDistance += shifted[j] * a;
            }
            entropy = Math.log(sum) / LN2 + beta * LOG2E * weightedDistance / sum;
            if (Math.abs(entropy - target) < tolerance) {
                within = true;
                break;
            }
            if (entropy > target) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2.0 : (beta + hi) / 2.0;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2.0 : (beta + lo) / 2.0;
            }
        }
        for (int j = 0; j < affinity.length; j++) {
            affinity[j] /= sum;
        }
        return new RowSearch(evaluatedBeta, entropy, iterations, within, affinity);
    }

    // ------------------------------------------------------------------------------------------
    // Dense

    public Dense dense(int[][] rows) {
        return dense(PairwiseDistances.compute(rows, metric));
    }

    /** Dense affinities from a precomputed symmetric distance matrix. */
    public Dense dense(long[][] distances) {
        int n = distances.length;
        requireAtLeastTwo(n);
        double[][] conditional = new double[n][n];
        RowSearch[] searches = new RowSearch[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            long[] candidates = new long[n - 1];
            for (int j = 0, c = 0; j < n; j++) {
                if (j != i) {
                    candidates[c++] = distances[i][j];
                }
            }
            RowSearch search = searchRow(candidates);
            searches[i] = search;
            for (int j = 0, c = 0; j < n; j++) {
                if (j != i) {
                    conditional[i][j] = search.conditional()[c++];
                }
            }
        });
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                total += conditional[i][j] + conditional[j][i];
            }
        }
        double[][] joint = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                joint[i][j] = (conditional[i][j] + conditional[j][i]) / total;
            }
        }
        return new Dense(Calibration.of(searches), conditional, joint);
    }

    // ------------------------------------------------------------------------------------------
    // Sparse k nearest neighbours

    public Sparse sparse(int[][] rows) {
        return sparse(PairwiseDistances.compute(rows, metric));
    }

    /**
     * Sparse affinities over each row's {@code k = neighbourCount(n)} nearest rows (exact
     * distance, ties to the lower index). With {@code k = n - 1} this equals {@link #dense}.
     */
    public Sparse sparse(long[][] distances) {
        int n = distances.length;
        requireAtLeastTwo(n);
        int k = neighbourCount(n);
        if (k < 1) {
            throw new IllegalArgumentException("perplexity " + perplexity + " keeps no neighbour");
        }
        int[] rowStart = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            rowStart[i] = i * k;
        }
        int[] columns = new int[n * k];
        double[] values = new double[n * k];
        RowSearch[] searches = new RowSearch[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] neighbours = nearest(distances[i], i, k);
            // Increasing column order: CSR form, and the same summation order as the dense path.
            Arrays.sort(neighbours);
            long[] candidates = new long[k];
            for (int c = 0; c < k; c++) {
                candidates[c] = distances[i][neighbours[c]];
            }
            RowSearch search = searchRow(candidates);
            searches[i] = search;
            System.arraycopy(neighbours, 0, columns, i * k, k);
            System.arraycopy(search.conditional(), 0, values, i * k, k);
        });
        SparseMatrix conditional = new SparseMatrix(n, rowStart, columns, values);
        return new Sparse(Calibration.of(searches), conditional, symmetrise(conditional));
    }

    /**
     * The indices of the {@code k} smallest entries of {@code row} other than {@code self},
     * ordered by (distance, index).
     */
    static int[] nearest(long[] row, int self, int k) {
        int[] best = new int[k];
        long[] bestDistance = new long[k];
        int size = 0;
        for (int j = 0; j < row.length; j++) {
            if (j == self) {
                continue;
            }
            long d = row[j];
            // j grows, so an equal distance never displaces an earlier (lower) index.
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

    /** {@code (C + C^T) / sum(C + C^T)} over the union of both sparsity patterns. */
    static SparseMatrix symmetrise(SparseMatrix conditional) {
        int n = conditional.n();
        SparseMatrix transposed = conditional.transpose();
        int[] start = new int[n + 1];
        int[][] rowColumns = new int[n][];
        double[][] rowValues = new double[n][];
        for (int i = 0; i < n; i++) {
            int a = conditional.rowStart()[i];
            int aEnd = conditional.rowStart()[i + 1];
            int b = transposed.rowStart()[i];
            int bEnd = transposed.rowStart()[i + 1];
            int[] cols = new int[(aEnd - a) + (bEnd - b)];
            double[] vals = new double[cols.length];
            int size = 0;
            while (a < aEnd || b < bEnd) {
                int ca = a < aEnd ? conditional.columns()[a] : Integer.MAX_VALUE;
                int cb = b < bEnd ? transposed.columns()[b] : Integer.MAX_VALUE;
                int c = Math.min(ca, cb);
                double v = 0.0;
                if (ca == c) {
                    v += conditional.values()[a++];
                }
                if (cb == c) {
                    v += transposed.values()[b++];
                }
                cols[size] = c;
                vals[size++] = v;
            }
            rowColumns[i] = Arrays.copyOf(cols, size);
            rowValues[i] = Arrays.copyOf(vals, size);
            start[i + 1] = start[i] + size;
        }
        double total = 0.0;
        for (double[] vals : rowValues) {
            for (double v : vals) {
                total += v;
            }
        }
        int[] columns = new int[start[n]];
        double[] values = new double[start[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rowColumns[i], 0, columns, start[i], rowColumns[i].length);
            for (int c = 0; c < rowValues[i].length; c++) {
                values[start[i] + c] = rowValues[i][c] / total;
            }
        }
        return new SparseMatrix(n, start, columns, values);
    }

    private static void requireAtLeastTwo(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("affinities need at least two rows, got " + n);
        }
    }
}
