package nms.reference;

import java.util.Arrays;
import java.util.stream.IntStream;

import nms.config.EmbeddingArithmetic;
import nms.config.EmbeddingSchedule;
import nms.golden.NegativeSampler;
import nms.golden.NmsEmbedding;
import nms.golden.PairBlocks;

/**
 * Double-precision 2-D t-SNE by exact gradient descent, the reference for the integer
 * {@link NmsEmbedding}.
 *
 * <p>Per iteration {@code t} (from 0), with {@code E = exaggeration} while
 * {@code t < exaggerationIterations} and 1 afterwards:
 * <pre>
 *   w_ij = 1 / (1 + |y_i - y_j|^2),   Z = sum_{i != j} w_ij,   q_ij = w_ij / Z
 *   g_i  = 4 * sum_j (E p_ij - q_ij) w_ij (y_i - y_j)
 *        = 4 * (E * sum_j p_ij w_ij (y_i - y_j)  -  sum_j w_ij^2 (y_i - y_j) / Z)
 *   gain = sign(g) != sign(u) ? gain + 0.2 : gain * 0.8,  then at least 0.01   (per coordinate)
 *   u    = momentum * u - eta * gain * g,   y += u,   then y is re-centred to zero mean
 * </pre>
 * as in bhtsne's exact path with scikit-learn's gradient factor 4 (so scikit-learn's learning
 * rate applies): momentum 0.5 before {@code momentumSwitchIteration}, 0.8 from it on;
 * {@code eta = max(n / 48, 50)} as a real number. {@code sign} is the three-valued signum, so the
 * first step (u = 0) always takes the {@code +0.2} branch, as in bhtsne.
 *
 * <p>The attractive sum runs over the stored entries of P (all pairs for a dense P); the
 * repulsive sum and Z are always exact over all pairs. Each unordered pair is evaluated once and
 * its force applied to both points; rows are split into a fixed number of blocks that depends on
 * {@code n} only, each block accumulating into its own buffers and the buffers being added in
 * block order, so the result is bit-identical whatever the number of threads.
 *
 * <p>Initialisation, see {@link #initialEmbedding}: the integers {@code v} of
 * {@link NmsEmbedding#initialIntegers} scaled by {@code 2^-19 * 1e-4}.
 *
 * <p>With an {@link EmbeddingArithmetic} whose {@code exactMaxRows} is below n, the repulsion is
 * the hardware's sampled one (docs/arithmetic-embedding.md section 11.1) with the very same
 * negatives ({@link NegativeSampler} from the same seed), in doubles:
 * {@code rep_i = sum_k w_ik^2 (y_i - y_k) / sum_{all sampled} w}. The kernel stays the exact
 * {@code 1 / (1 + d^2)}: the reference measures what sampling costs, not what the ROM costs.
 */
public final class ReferenceTsne {

    public static final double INITIAL_MOMENTUM = 0.5;
    public static final double FINAL_MOMENTUM = 0.8;
    public static final double GAIN_INCREMENT = 0.2;
    public static final double GAIN_DECAY = 0.8;
    public static final double MIN_GAIN = 0.01;

    private final EmbeddingSchedule schedule;
    private final EmbeddingArithmetic arithmetic;

    public ReferenceTsne(EmbeddingSchedule schedule) {
        this(schedule, EmbeddingArithmetic.EXACT);
    }

    public ReferenceTsne(EmbeddingSchedule schedule, EmbeddingArithmetic arithmetic) {
        this.schedule = schedule;
        this.arithmetic = arithmetic;
    }

    public ReferenceTsne() {
        this(EmbeddingSchedule.STANDARD);
    }

    public EmbeddingSchedule schedule() {
        return schedule;
    }

    /** scikit-learn's automatic learning rate {@code max(n / 48, 50)} (no flooring). */
    public static double learningRate(int n) {
        return Math.max(n / 48.0, 50.0);
    }

    /**
     * The seeded start: {@code y[i][c] = v[i][c] * 2^-19 * 1e-4} (evaluated left to right in
     * double), where {@code v} are the 20-bit signed integers of
     * {@link NmsEmbedding#initialIntegers(int, long)}: the {@code nextLong()} values {@code r} of
     * {@code new SplittableRandom(seed)}, drawn in the order y[0][0], y[0][1], y[1][0], ..., each
     * mapped to {@code v = (r >>> 44) - 2^19}. So every coordinate is uniform on [-1e-4, 1e-4).
     */
    public static double[][] initialEmbedding(int n, long seed) {
        int[][] v = NmsEmbedding.initialIntegers(n, seed);
        double[][] y = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                y[i][c] = v[i][c] * 0x1p-19 * 1e-4;
            }
        }
        return y;
    }

    /** Embeds a dense joint P (n x n, zero diagonal, sums to 1). */
    public double[][] embed(double[][] jointP, long seed) {
        int n = jointP.length;
        for (double[] row : jointP) {
            if (row.length != n) {
                throw new IllegalArgumentException("P must be square");
            }
        }
        return new Optimiser(n, jointP, null).run(initialEmbedding(n, seed), seed);
    }

    /** Embeds a sparse joint P: attraction over its stored entries, repulsion over all pairs. */
    public double[][] embed(SparseMatrix jointP, long seed) {
        return new Optimiser(jointP.n(), null, jointP).run(initialEmbedding(jointP.n(), seed), seed);
    }

    /**
     * Embeds a sparse joint P from a given start (n x 2), e.g. to measure sensitivity to the
     * start; sampled repulsion, if any, draws from seed 0.
     */
    public double[][] embedFrom(SparseMatrix jointP, double[][] start) {
        return new Optimiser(jointP.n(), null, jointP).run(start, 0);
    }

    /**
     * The gradient of {@code KL(P || Q)} at {@code y} (no exaggeration), as the optimiser
     * computes it; for checking against finite differences.
     */
    static double[][] klGradient(double[][] jointP, double[][] y) {
        Optimiser optimiser = new ReferenceTsne().new Optimiser(y.length, jointP, null);
        return optimiser.gradientAt(y);
    }

    /** {@link #klGradient(double[][], double[][])} for a sparse P. */
    static double[][] klGradient(SparseMatrix jointP, double[][] y) {
        Optimiser optimiser = new ReferenceTsne().new Optimiser(y.length, null, jointP);
        return optimiser.gradientAt(y);
    }

    /** The state of one run. Coordinates live in separate x and y arrays for a tight pair loop. */
    private final class Optimiser {
        private final int n;
        private final double[][] denseP;
        private final SparseMatrix sparseP;
        private final int[] blockStart;

        private final double[] x;
        private final double[] y;
        private final double[] updateX;
        private final double[] updateY;
        private final double[] gainX;
        private final double[] gainY;
        private final double[] gradX;
        private final double[] gradY;

        /** Per block: repulsion x/y, attraction x/y (dense P only) for every row. */
        private final double[][] blockRepX;
        private final double[][] blockRepY;
        private final double[][] blockAttX;
        private final double[][] blockAttY;
        private final double[] blockZ;
        private final double[] attX;
        private final double[] attY;
        /** Sampled repulsion only: this iteration's negatives, per-point Z parts, the stream. */
        private final int[] negatives;
        private final double[] pointZ;
        private NegativeSampler sampler;

        Optimiser(int n, double[][] denseP, SparseMatrix sparseP) {
            if (n < 2) {
                throw new IllegalArgumentException("t-SNE needs at least two points, got " + n);
            }
            this.n = n;
            this.denseP = denseP;
            this.sparseP = sparseP;
            this.blockStart = PairBlocks.balanced(n);
            int blocks = blockStart.length - 1;
            x = new double[n];
            y = new double[n];
            updateX = new double[n];
            updateY = new double[n];
            gainX = new double[n];
            gainY = new double[n];
            gradX = new double[n];
            gradY = new double[n];
            Arrays.fill(gainX, 1.0);
            Arrays.fill(gainY, 1.0);
            blockRepX = new double[blocks][n];
            blockRepY = new double[blocks][n];
            blockAttX = denseP != null ? new double[blocks][n] : null;
            blockAttY = denseP != null ? new double[blocks][n] : null;
            blockZ = new double[blocks];
            attX = new double[n];
            attY = new double[n];
            boolean sampled = arithmetic.sampled(n);
            negatives = sampled ? new int[Math.multiplyExact(n, arithmetic.negatives())] : null;
            pointZ = sampled ? new double[n] : null;
        }

        double[][] run(double[][] start, long seed) {
            if (start.length != n) {
                throw new IllegalArgumentException("start has " + start.length + " points, expected " + n);
            }
            for (int i = 0; i < n; i++) {
                x[i] = start[i][0];
                y[i] = start[i][1];
            }
            sampler = negatives != null ? new NegativeSampler(seed) : null;
            double eta = learningRate(n);
            for (int t = 0; t < schedule.iterations(); t++) {
                double exaggeration = t < schedule.exaggerationIterations() ? schedule.exaggeration() : 1.0;
                double momentum = t < schedule.momentumSwitchIteration() ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
                gradient(exaggeration);
                step(gradX, updateX, gainX, x, momentum, eta);
                step(gradY, updateY, gainY, y, momentum, eta);
                recentre(x);
                recentre(y);
            }
            double[][] out = new double[n][2];
            for (int i = 0; i < n; i++) {
                out[i][0] = x[i];
                out[i][1] = y[i];
            }
            return out;
        }

        double[][] gradientAt(double[][] start) {
            for (int i = 0; i < n; i++) {
                x[i] = start[i][0];
                y[i] = start[i][1];
            }
            sampler = negatives != null ? new NegativeSampler(0) : null;
            gradient(1.0);
            double[][] out = new double[n][2];
            for (int i = 0; i < n; i++) {
                out[i][0] = gradX[i];
                out[i][1] = gradY[i];
            }
            return out;
        }

        private void gradient(double exaggeration) {
            int blocks = blockStart.length - 1;
            double z = 0.0;
            if (negatives != null) {
                sampler.fill(n, arithmetic.negatives(), negatives);
                for (int b = 1; b < blocks; b++) { // block 0 is overwritten by sampledRepulsion
                    Arrays.fill(blockRepX[b], 0.0);
                    Arrays.fill(blockRepY[b], 0.0);
                }
                IntStream.range(0, n).parallel().forEach(this::sampledRepulsion);
                for (int i = 0; i < n; i++) {
                    z += pointZ[i];
                }
            } else {
                IntStream.range(0, blocks).parallel().forEach(this::pairBlock);
                for (int b = 0; b < blocks; b++) {
                    z += blockZ[b];
                }
                z *= 2.0; // every unordered pair was counted once
            }
            if (sparseP != null || negatives != null) {
                IntStream.range(0, n).parallel().forEach(this::sparseAttraction);
            } else {
                for (int i = 0; i < n; i++) {
                    double ax = 0.0;
                    double ay = 0.0;
                    for (int b = 0; b < blocks; b++) {
                        ax += blockAttX[b][i];
                        ay += blockAttY[b][i];
                    }
                    attX[i] = ax;
                    attY[i] = ay;
                }
            }
            for (int i = 0; i < n; i++) {
                double rx = 0.0;
                double ry = 0.0;
                for (int b = 0; b < blocks; b++) {
                    rx += blockRepX[b][i];
                    ry += blockRepY[b][i];
                }
                gradX[i] = 4.0 * (exaggeration * attX[i] - rx / z);
                gradY[i] = 4.0 * (exaggeration * attY[i] - ry / z);
            }
        }

        /** All pairs (i, j > i) with i in block b: kernel sum, repulsion, and dense attraction. */
        private void pairBlock(int b) {
            double[] repX = blockRepX[b];
            double[] repY = blockRepY[b];
            double[] attBX = denseP != null ? blockAttX[b] : null;
            double[] attBY = denseP != null ? blockAttY[b] : null;
            Arrays.fill(repX, 0.0);
            Arrays.fill(repY, 0.0);
            if (denseP != null) {
                Arrays.fill(attBX, 0.0);
                Arrays.fill(attBY, 0.0);
            }
            double z = 0.0;
            for (int i = blockStart[b]; i < blockStart[b + 1]; i++) {
                double xi = x[i];
                double yi = y[i];
                double rxi = 0.0;
                double ryi = 0.0;
                double axi = 0.0;
                double ayi = 0.0;
                double[] pRow = denseP != null ? denseP[i] : null;
                for (int j = i + 1; j < n; j++) {
                    double dx = xi - x[j];
                    double dy = yi - y[j];
                    double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    z += w;
                    double w2 = w * w;
                    rxi += w2 * dx;
                    ryi += w2 * dy;
                    repX[j] -= w2 * dx;
                    repY[j] -= w2 * dy;
                    if (pRow != null) {
                        double pij = pRow[j] * w;
                        double pji = denseP[j][i] * w;
                        axi += pij * dx;
                        ayi += pij * dy;
                        attBX[j] -= pji * dx;
                        attBY[j] -= pji * dy;
                    }
                }
                repX[i] += rxi;
                repY[i] += ryi;
                if (pRow != null) {
                    attBX[i] += axi;
                    attBY[i] += ayi;
                }
            }
            blockZ[b] = z;
        }

        /** Point i against its sampled negatives, applied to i only. */
        private void sampledRepulsion(int i) {
            double xi = x[i];
            double yi = y[i];
            double rx = 0.0;
            double ry = 0.0;
            double z = 0.0;
            int m = arithmetic.negatives();
            for (int k = i * m; k < (i + 1) * m; k++) {
                int j = negatives[k];
                double dx = xi - x[j];
                double dy = yi - y[j];
                double w = 1.0 / (1.0 + dx * dx + dy * dy);
                z += w;
                rx += w * w * dx;
                ry += w * w * dy;
            }
            blockRepX[0][i] = rx;
            blockRepY[0][i] = ry;
            pointZ[i] = z;
        }

        private void sparseAttraction(int i) {
            double xi = x[i];
            double yi = y[i];
            double ax = 0.0;
            double ay = 0.0;
            if (denseP != null) {
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double dx = xi - x[j];
                        double dy = yi - y[j];
                        double pw = denseP[i][j] / (1.0 + dx * dx + dy * dy);
                        ax += pw * dx;
                        ay += pw * dy;
                    }
                }
                attX[i] = ax;
                attY[i] = ay;
                return;
            }
            for (int k = sparseP.rowStart()[i]; k < sparseP.rowStart()[i + 1]; k++) {
                int j = sparseP.columns()[k];
                double dx = xi - x[j];
                double dy = yi - y[j];
                double pw = sparseP.values()[k] / (1.0 + dx * dx + dy * dy);
                ax += pw * dx;
                ay += pw * dy;
            }
            attX[i] = ax;
            attY[i] = ay;
        }
    }

    private static void step(double[] grad, double[] update, double[] gain, double[] coord,
                             double momentum, double eta) {
        for (int i = 0; i < coord.length; i++) {
            double g = grad[i];
            double gi = Math.signum(g) != Math.signum(update[i]) ? gain[i] + GAIN_INCREMENT : gain[i] * GAIN_DECAY;
            gi = Math.max(gi, MIN_GAIN);
            gain[i] = gi;
            update[i] = momentum * update[i] - eta * gi * g;
            coord[i] += update[i];
        }
    }

    private static void recentre(double[] coord) {
        double sum = 0.0;
        for (double c : coord) {
            sum += c;
        }
        double mean = sum / coord.length;
        for (int i = 0; i < coord.length; i++) {
            coord[i] -= mean;
        }
    }
}
