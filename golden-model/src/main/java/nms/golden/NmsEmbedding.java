package nms.golden;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import nms.config.EmbeddingArithmetic;
import nms.config.EmbeddingSchedule;

/**
 * The integer-only 2-D t-SNE embedding: the schedule of the reference
 * ({@code nms.reference.ReferenceTsne}) in fixed point, every rounding specified, so hardware can
 * reproduce it bit for bit. The formats and their bounds are documented in
 * {@code docs/arithmetic-embedding.md}; in short:
 *
 * <pre>
 *   Y, update u       Q.20  signed, |y| &lt; 2^30 (1024.0) checked every iteration
 *   d^2               Q.30  = shiftHalfUp(dx^2 + dy^2, 10)
 *   w = 1/(1+d^2)     Q.30  = 2^60 / (2^30 + d^2) rounded half-up, in (0, 2^30]
 *   t = w * dx        Q.30  = shiftHalfAway(w * dx, 20)
 *   r = w^2 * dx      Q.30  = shiftHalfAway(w * t, 30)
 *   Z = sum_{i!=j} w  Q.30  exact sum
 *   A_i = sum_j W_ij t_ij   (units 2^-30 / total)
 *   R_i = sum_j r_ij        Q.30
 *   gradient g        Q.30  = 4 * (E * divHalfAway(A_i, total) - rep_i),
 *                           rep_i = divHalfAway(shiftHalfAway(R_i, s) &lt;&lt; 30, shiftHalfUp(Z, s)),
 *                           s = max(0, bitLength(Z) - 32)
 *   gain              Q.16  unsigned: start 65536, +13107, or * 52429 / 2^16 half-up, floor 655
 *   momentum          Q.16  32768 (0.5) then 52429 (0.800003)
 *   eta               integer max(floor(n / 48), 50)
 *   u                 = shiftHalfAway(momentum * u, 16) - mulShiftHalfAway(eta * gain, g, 26)
 *   y                 = y + u, then y -= divHalfAway(sum y, n)
 * </pre>
 *
 * <p>All sums are exact integer sums that provably cannot overflow within the stated bounds, so
 * the result does not depend on summation order or on the number of threads.
 *
 * <p>With an {@link EmbeddingArithmetic} it is the twin of the hardware unit {@code nms_embedding}
 * (section 11): sampled repulsion for classes above {@code exactMaxRows} rows (negatives from
 * {@link NegativeSampler}) and the kernel from an interpolated ROM instead of a division.
 */
@RtlTwin("nms_embedding")
public final class NmsEmbedding {

    /** Fractional bits of coordinates and updates. */
    public static final int Y_FRAC_BITS = 20;
    /** Coordinates must stay strictly inside +-2^Y_LIMIT_BITS units (+-1024.0). */
    public static final int Y_LIMIT_BITS = 30;
    /** Fractional bits of d^2, the kernel w, the pair terms, Z and the gradient. */
    public static final int KERNEL_FRAC_BITS = 30;
    /** Fractional bits of gains and momenta. */
    public static final int GAIN_FRAC_BITS = 16;

    public static final long ONE_KERNEL = 1L << KERNEL_FRAC_BITS;
    public static final long GAIN_ONE = 1L << GAIN_FRAC_BITS;
    /** 0.2 in Q.16, round(0.2 * 2^16) = 13107 (0.199997). */
    public static final long GAIN_INCREMENT = 13107;
    /** 0.8 in Q.16, round(0.8 * 2^16) = 52429 (0.800003). */
    public static final long GAIN_DECAY = 52429;
    /** 0.01 in Q.16, round(0.01 * 2^16) = 655 (0.009995). */
    public static final long MIN_GAIN = 655;
    /** 0.5 in Q.16, exact. */
    public static final long INITIAL_MOMENTUM = 32768;
    /** 0.8 in Q.16: 52429 / 2^16 = 0.80000305. */
    public static final long FINAL_MOMENTUM = 52429;

    /** Bits of the seeded initial integers v: 20-bit signed, in [-2^19, 2^19). */
    public static final int INIT_BITS = 20;
    /**
     * Scale from v to Q.20 coordinates: y = v * 2^-19 * 1e-4 is y_Q20 = v * 2e-4, done as
     * {@code shiftHalfUp(v * INIT_SCALE, 32)} with INIT_SCALE = round(2e-4 * 2^32) = 858993.
     */
    public static final long INIT_SCALE = 858993;
    public static final int INIT_SHIFT = 32;

    /** Largest n for which every bound in the spec holds (Z &lt; 2^62). */
    public static final int MAX_POINTS = 1 << 16;
    /** Largest allowed sum of the weights, so that |A_i| &lt; 2^63. */
    public static final long MAX_WEIGHT_SUM = 1L << 33;

    /** Remainder bits below the kernel ROM address that interpolate (section 11.2). */
    public static final int KERNEL_INTERP_BITS = 16;

    private final EmbeddingSchedule schedule;
    private final EmbeddingArithmetic arithmetic;
    /** The kernel ROM, or null for the exact division. */
    private final long[] kernelRom;

    public NmsEmbedding(EmbeddingSchedule schedule) {
        this(schedule, EmbeddingArithmetic.EXACT);
    }

    public NmsEmbedding(EmbeddingSchedule schedule, EmbeddingArithmetic arithmetic) {
        this.schedule = schedule;
        this.arithmetic = arithmetic;
        this.kernelRom = arithmetic.kernelLutBits() > 0 ? Luts.embeddingKernel(arithmetic.kernelLutBits()) : null;
    }

    public EmbeddingArithmetic arithmetic() {
        return arithmetic;
    }

    public NmsEmbedding() {
        this(EmbeddingSchedule.STANDARD);
    }

    public EmbeddingSchedule schedule() {
        return schedule;
    }

    /**
     * The seeded initial integers, shared with the reference: for
     * {@code r = new SplittableRandom(seed).nextLong()} drawn in the order v[0][0], v[0][1],
     * v[1][0], ..., {@code v = (r >>> 44) - 2^19}, a uniform 20-bit signed integer.
     */
    public static int[][] initialIntegers(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] v = new int[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                v[i][c] = (int) ((random.nextLong() >>> (64 - INIT_BITS)) - (1L << (INIT_BITS - 1)));
            }
        }
        return v;
    }

    /** The initial coordinates in Q.20: {@code shiftHalfUp(v * INIT_SCALE, INIT_SHIFT)}. */
    public static long[][] initialEmbedding(int n, long seed) {
        int[][] v = initialIntegers(n, seed);
        long[][] y = new long[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                y[i][c] = initialEmbeddingOf(v[i][c]);
            }
        }
        return y;
    }

    /** One initial coordinate in Q.20 from its integer v. */
    static long initialEmbeddingOf(int v) {
        return Rounding.shiftHalfUp(v * INIT_SCALE, INIT_SHIFT);
    }

    /**
     * Embeds a dense joint P given as integer weights: {@code P_ij = weights[i][j] / total}.
     *
     * @return {@code n x 2} coordinates in Q.20 ({@link #Y_FRAC_BITS} fractional bits)
     */
    public long[][] embed(long[][] weights, long total, long seed) {
        int n = weights.length;
        long sum = 0;
        for (long[] row : weights) {
            if (row.length != n) {
                throw new IllegalArgumentException("weights must be square");
            }
            for (long w : row) {
                if (w < 0) {
                    throw new IllegalArgumentException("weights must be non-negative");
                }
                sum = Math.addExact(sum, w);
            }
        }
        checkWeights(sum, total);
        return new Optimiser(n, weights, null, total).run(seed);
    }

    /** Embeds a sparse joint P given as integer weights: {@code P_ij = weights(i, j) / total}. */
    public long[][] embed(SparseWeights weights, long total, long seed) {
        checkWeights(weights.sum(), total);
        return new Optimiser(weights.n(), null, weights, total).run(seed);
    }

    private static void checkWeights(long sum, long total) {
        if (total <= 0) {
            throw new IllegalArgumentException("total must be positive, got " + total);
        }
        if (sum > MAX_WEIGHT_SUM) {
            throw new IllegalArgumentException("weights sum to " + sum + ", above 2^33");
        }
    }

    /** The squared distance in Q.30 from coordinate differences in Q.20, |dx|, |dy| &lt; 2^31. */
    static long squaredDistance(long dx, long dy) {
        return Rounding.shiftHalfUp(dx * dx + dy * dy, 2 * Y_FRAC_BITS - KERNEL_FRAC_BITS);
    }

    /** The Student-t kernel {@code 1 / (1 + d^2)} in Q.30, rounded half-up, from d^2 in Q.30. */
    static long kernel(long squaredDistance) {
        long den = ONE_KERNEL + squaredDistance;
        // round(2^60 / den) half-up = floor((2^61 + den) / (2 den)); den <= 2^54, no overflow.
        return ((1L << (2 * KERNEL_FRAC_BITS + 1)) + den) / (2 * den);
    }

    /**
     * The kernel from the ROM (section 11.2): {@code den = 2^30 + d2} with bit length b; its top
     * {@code L + 16} bits below the leading one give the address k (top L) and the interpolation
     * remainder (16 bits, lower bits dropped by floor); {@code v = rom[k] - shiftHalfUp((rom[k] -
     * rom[k+1]) * rem, 16)} is {@code 1/m} in Q.30 for the mantissa m in [1, 2), and
     * {@code w = shiftHalfUp(v, b - 31)}.
     */
    static long kernelRom(long squaredDistance, long[] rom, int lutBits) {
        long den = ONE_KERNEL + squaredDistance;
        int b = 64 - Long.numberOfLeadingZeros(den);
        int mantissaBits = lutBits + KERNEL_INTERP_BITS;
        long frac = (den >>> (b - 1 - mantissaBits)) - (1L << mantissaBits);
        int k = (int) (frac >>> KERNEL_INTERP_BITS);
        long rem = frac & ((1L << KERNEL_INTERP_BITS) - 1);
        long v = rom[k] - Rounding.shiftHalfUp((rom[k] - rom[k + 1]) * rem, KERNEL_INTERP_BITS);
        return Rounding.shiftHalfUp(v, b - 1 - KERNEL_FRAC_BITS);
    }

    /** The kernel this embedding uses: the ROM if configured, else the exact division. */
    long kernelOf(long squaredDistance) {
        return kernelRom == null ? kernel(squaredDistance)
                : kernelRom(squaredDistance, kernelRom, arithmetic.kernelLutBits());
    }

    /** {@code w * dx} in Q.30, from w in Q.30 and dx in Q.20, rounded half-away. */
    static long kernelTimes(long w, long dx) {
        return Rounding.shiftHalfAway(w * dx, Y_FRAC_BITS);
    }

    /** The learning rate of the integer model: {@link EmbeddingSchedule#learningRate(int)}. */
    public static int learningRate(int n) {
        return EmbeddingSchedule.learningRate(n);
    }

    private final class Optimiser {
        private final int n;
        private final long[][] denseWeights;
        private final SparseWeights sparseWeights;
        private final long total;
        private final int[] blockStart;

        private final long[] x;
        private final long[] y;
        private final long[] updateX;
        private final long[] updateY;
        private final long[] gainX;
        private final long[] gainY;
        private final long[] gradX;
        private final long[] gradY;
        private final long[] attX;
        private final long[] attY;
        private final long[][] blockRepX;
        private final long[][] blockRepY;
        private final long[][] blockAttX;
        private final long[][] blockAttY;
        private final long[] blockZ;
        /** Sampled repulsion only: this iteration's negatives, per-point Z parts, the stream. */
        private final int[] negatives;
        private final long[] pointZ;
        private NegativeSampler sampler;

        Optimiser(int n, long[][] denseWeights, SparseWeights sparseWeights, long total) {
            if (n < 2 || n > MAX_POINTS) {
                throw new IllegalArgumentException("n must be in [2, " + MAX_POINTS + "], got " + n);
            }
            this.n = n;
            this.denseWeights = denseWeights;
            this.sparseWeights = sparseWeights;
            this.total = total;
            // Integer sums are exact, so any split gives the same bits; this one balances the
            // triangle of pairs (i, j > i) over the blocks.
            this.blockStart = PairBlocks.balanced(n);
            int blocks = blockStart.length - 1;
            x = new long[n];
            y = new long[n];
            updateX = new long[n];
            updateY = new long[n];
            gainX = new long[n];
            gainY = new long[n];
            gradX = new long[n];
            gradY = new long[n];
            attX = new long[n];
            attY = new long[n];
            Arrays.fill(gainX, GAIN_ONE);
            Arrays.fill(gainY, GAIN_ONE);
            blockRepX = new long[blocks][n];
            blockRepY = new long[blocks][n];
            blockAttX = denseWeights != null ? new long[blocks][n] : null;
            blockAttY = denseWeights != null ? new long[blocks][n] : null;
            blockZ = new long[blocks];
            boolean sampled = arithmetic.sampled(n);
            negatives = sampled ? new int[Math.multiplyExact(n, arithmetic.negatives())] : null;
            pointZ = sampled ? new long[n] : null;
            if (sampled) {
                // Z <= n M 2^30 must stay below 2^62 (section 11.3).
                if ((long) n * arithmetic.negatives() > (1L << 32)) {
                    throw new IllegalArgumentException("n * embedding_negatives = " + (long) n * arithmetic.negatives()
                            + " exceeds 2^32, so Z could overflow");
                }
            }
        }

        long[][] run(long seed) {
            long[][] start = initialEmbedding(n, seed);
            sampler = negatives != null ? new NegativeSampler(seed) : null;
            for (int i = 0; i < n; i++) {
                x[i] = start[i][0];
                y[i] = start[i][1];
            }
            long eta = learningRate(n);
            for (int t = 0; t < schedule.iterations(); t++) {
                long exaggeration = t < schedule.exaggerationIterations() ? schedule.exaggeration() : 1;
                long momentum = t < schedule.momentumSwitchIteration() ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
                gradient(exaggeration);
                step(gradX, updateX, gainX, x, momentum, eta);
                step(gradY, updateY, gainY, y, momentum, eta);
                recentre(x);
                recentre(y);
                checkRange(t);
            }
            long[][] out = new long[n][2];
            for (int i = 0; i < n; i++) {
                out[i][0] = x[i];
                out[i][1] = y[i];
            }
            return out;
        }

        private void gradient(long exaggeration) {
            int blocks = blockStart.length - 1;
            long z = 0;
            if (negatives != null) {
                sampler.fill(n, arithmetic.negatives(), negatives);
                for (int b = 1; b < blocks; b++) { // block 0 is overwritten by sampledRepulsion
                    Arrays.fill(blockRepX[b], 0);
                    Arrays.fill(blockRepY[b], 0);
                }
                IntStream.range(0, n).parallel().forEach(this::sampledRepulsion);
                for (long pz : pointZ) {
                    z += pz;
                }
            } else {
                IntStream.range(0, blocks).parallel().forEach(this::pairBlock);
                for (long bz : blockZ) {
                    z += bz;
                }
                z *= 2; // each unordered pair was counted once
            }
            if (sparseWeights != null || negatives != null) {
                IntStream.range(0, n).parallel().forEach(this::rowAttraction);
            } else {
                for (int i = 0; i < n; i++) {
                    long ax = 0;
                    long ay = 0;
                    for (int b = 0; b < blocks; b++) {
                        ax += blockAttX[b][i];
                        ay += blockAttY[b][i];
                    }
                    attX[i] = ax;
                    attY[i] = ay;
                }
            }
            // Normalise Z (and R with it) to at most 32 significant bits so R << 30 fits.
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(z) - 32);
            long zNormalised = Rounding.shiftHalfUp(z, shift);
            for (int i = 0; i < n; i++) {
                long rx = 0;
                long ry = 0;
                for (int b = 0; b < blocks; b++) {
                    rx += blockRepX[b][i];
                    ry += blockRepY[b][i];
                }
                gradX[i] = gradientComponent(exaggeration, attX[i], rx, shift, zNormalised);
                gradY[i] = gradientComponent(exaggeration, attY[i], ry, shift, zNormalised);
            }
        }

        private long gradientComponent(long exaggeration, long attraction, long repulsion, int shift,
                                       long zNormalised) {
            long att = Rounding.divHalfAway(attraction, total);
            long rep = Rounding.divHalfAway(
                    Rounding.shiftHalfAway(repulsion, shift) << KERNEL_FRAC_BITS, zNormalised);
            return 4 * Math.subtractExact(Math.multiplyExact(exaggeration, att), rep);
        }

        /** All pairs (i, j > i) with i in block b: Z, repulsion and (dense P) attraction. */
        private void pairBlock(int b) {
            long[] repX = blockRepX[b];
            long[] repY = blockRepY[b];
            long[] attBX = denseWeights != null ? blockAttX[b] : null;
            long[] attBY = denseWeights != null ? blockAttY[b] : null;
            Arrays.fill(repX, 0);
            Arrays.fill(repY, 0);
            if (denseWeights != null) {
                Arrays.fill(attBX, 0);
                Arrays.fill(attBY, 0);
            }
            long z = 0;
            for (int i = blockStart[b]; i < blockStart[b + 1]; i++) {
                long xi = x[i];
                long yi = y[i];
                long rxi = 0;
                long ryi = 0;
                long axi = 0;
                long ayi = 0;
                long[] wRow = denseWeights != null ? denseWeights[i] : null;
                for (int j = i + 1; j < n; j++) {
                    long dx = xi - x[j];
                    long dy = yi - y[j];
                    long w = kernelOf(squaredDistance(dx, dy));
                    z += w;
                    long tx = kernelTimes(w, dx);
                    long ty = kernelTimes(w, dy);
                    // r = w * t; the pair's force on j is exactly -r (half-away rounding is odd).
                    long rx = Rounding.shiftHalfAway(w * tx, KERNEL_FRAC_BITS);
                    long ry = Rounding.shiftHalfAway(w * ty, KERNEL_FRAC_BITS);
                    rxi += rx;
                    ryi += ry;
                    repX[j] -= rx;
                    repY[j] -= ry;
                    if (wRow != null) {
                        long pij = wRow[j];
                        long pji = denseWeights[j][i];
                        axi += pij * tx;
                        ayi += pij * ty;
                        attBX[j] -= pji * tx;
                        attBY[j] -= pji * ty;
                    }
                }
                repX[i] += rxi;
                repY[i] += ryi;
                if (wRow != null) {
                    attBX[i] += axi;
                    attBY[i] += ayi;
                }
            }
            blockZ[b] = z;
        }

        /**
         * Point i against its M negatives (section 11.1): the same pair terms as the exact pass,
         * applied to i only; Z is the sum of every sampled w. Written into block 0's buffers.
         */
        private void sampledRepulsion(int i) {
            long xi = x[i];
            long yi = y[i];
            long rx = 0;
            long ry = 0;
            long z = 0;
            int m = arithmetic.negatives();
            for (int k = i * m; k < (i + 1) * m; k++) {
                int j = negatives[k];
                long dx = xi - x[j];
                long dy = yi - y[j];
                long w = kernelOf(squaredDistance(dx, dy));
                z += w;
                rx += Rounding.shiftHalfAway(w * kernelTimes(w, dx), KERNEL_FRAC_BITS);
                ry += Rounding.shiftHalfAway(w * kernelTimes(w, dy), KERNEL_FRAC_BITS);
            }
            blockRepX[0][i] = rx;
            blockRepY[0][i] = ry;
            pointZ[i] = z;
        }

        /** A_i over row i's stored weights (all j != i for a dense P): the sparse form of 4.2. */
        private void rowAttraction(int i) {
            long xi = x[i];
            long yi = y[i];
            long ax = 0;
            long ay = 0;
            if (denseWeights != null) {
                long[] row = denseWeights[i];
                for (int j = 0; j < n; j++) {
                    if (j != i && row[j] != 0) {
                        long dx = xi - x[j];
                        long dy = yi - y[j];
                        long w = kernelOf(squaredDistance(dx, dy));
                        ax += row[j] * kernelTimes(w, dx);
                        ay += row[j] * kernelTimes(w, dy);
                    }
                }
                attX[i] = ax;
                attY[i] = ay;
                return;
            }
            int[] columns = sparseWeights.columns();
            long[] values = sparseWeights.values();
            for (int k = sparseWeights.rowStart()[i]; k < sparseWeights.rowStart()[i + 1]; k++) {
                int j = columns[k];
                long dx = xi - x[j];
                long dy = yi - y[j];
                long w = kernelOf(squaredDistance(dx, dy));
                ax += values[k] * kernelTimes(w, dx);
                ay += values[k] * kernelTimes(w, dy);
            }
            attX[i] = ax;
            attY[i] = ay;
        }

        private void checkRange(int iteration) {
            long limit = 1L << Y_LIMIT_BITS;
            for (int i = 0; i < n; i++) {
                if (Math.abs(x[i]) >= limit || Math.abs(y[i]) >= limit) {
                    throw new IllegalStateException("point " + i + " left the Q11.20 range (|y| < 1024) at iteration "
                            + iteration + ": (" + x[i] + ", " + y[i] + ")");
                }
            }
        }
    }

    private static void step(long[] grad, long[] update, long[] gain, long[] coord, long momentum, long eta) {
        for (int i = 0; i < coord.length; i++) {
            long g = grad[i];
            long gi = Long.signum(g) != Long.signum(update[i])
                    ? gain[i] + GAIN_INCREMENT
                    : Rounding.shiftHalfUp(gain[i] * GAIN_DECAY, GAIN_FRAC_BITS);
            gi = Math.max(gi, MIN_GAIN);
            gain[i] = gi;
            long carried = Rounding.shiftHalfAway(momentum * update[i], GAIN_FRAC_BITS);
            long step = Rounding.mulShiftHalfAway(eta * gi, g,
                    GAIN_FRAC_BITS + KERNEL_FRAC_BITS - Y_FRAC_BITS);
            update[i] = Math.subtractExact(carried, step);
            coord[i] = Math.addExact(coord[i], update[i]);
        }
    }

    private static void recentre(long[] coord) {
        long sum = 0;
        for (long c : coord) {
            sum = Math.addExact(sum, c);
        }
        long mean = Rounding.divHalfAway(sum, coord.length);
        for (int i = 0; i < coord.length; i++) {
            coord[i] -= mean;
        }
    }
}
