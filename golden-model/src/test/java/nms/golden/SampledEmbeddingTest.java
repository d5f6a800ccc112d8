package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import nms.config.EmbeddingArithmetic;
import nms.config.EmbeddingSchedule;
import org.junit.jupiter.api.Test;

/**
 * The nms_embedding arithmetic (docs/arithmetic-embedding.md section 11): kernel ROM, negative
 * sampler, and the sampled embedding against a plain single-threaded re-statement of the spec.
 */
class SampledEmbeddingTest {

    private static final EmbeddingSchedule SHORT = new EmbeddingSchedule(80, 30, 12, 30);

    @Test
    void kernelRomIsExactAtZeroAndWithinItsErrorBoundElsewhere() {
        for (int bits : new int[] {4, 8, 10}) {
            long[] rom = Luts.embeddingKernel(bits);
            assertEquals(1L << 30, rom[0]);
            assertEquals(1L << 29, rom[rom.length - 1]);
            assertEquals(1L << 30, NmsEmbedding.kernelRom(0, rom, bits));
            // Linear interpolation of 1/m over a cell of width h = 2^-bits errs by at most h^2/4
            // (relative); the floored mantissa adds 2^-(bits+16), the three roundings 3 * 2^-30.
            double bound = Math.pow(2, -2 * bits) / 4 + Math.pow(2, -bits - 16) + 3 * Math.pow(2, -30);
            SplittableRandom r = new SplittableRandom(bits);
            double worst = 0;
            for (int t = 0; t < 200_000; t++) {
                long d2 = r.nextLong(1L << (1 + r.nextInt(53)));
                long exact = NmsEmbedding.kernel(d2);
                long rom1 = NmsEmbedding.kernelRom(d2, rom, bits);
                double rel = Math.abs(rom1 - exact) / (double) exact;
                worst = Math.max(worst, rel);
                assertTrue(rel <= bound + 2.0 / exact, "bits " + bits + " d2 " + d2 + ": " + rom1 + " vs " + exact);
            }
            assertTrue(worst > bound / 16, "the bound is not vacuous: worst " + worst + " bound " + bound);
        }
    }

    @Test
    void kernelRomIsMonotoneNonIncreasing() {
        long[] rom = Luts.embeddingKernel(6);
        long prev = Long.MAX_VALUE;
        for (long d2 = 0; d2 < (1L << 34); d2 += 1 + (d2 >> 6)) {
            long w = NmsEmbedding.kernelRom(d2, rom, 6);
            assertTrue(w <= prev, "d2 " + d2);
            prev = w;
        }
    }

    @Test
    void partnersAreNeverThePointAndCoverTheOthersEvenly() {
        NegativeSampler s = new NegativeSampler(3);
        int n = 7;
        int[] count = new int[n];
        for (int t = 0; t < 70_000; t++) {
            int j = NegativeSampler.partner(2, n, s.next());
            assertTrue(j != 2 && j >= 0 && j < n);
            count[j]++;
        }
        for (int j = 0; j < n; j++) {
            if (j != 2) {
                assertTrue(Math.abs(count[j] - 70_000 / 6) < 500, Arrays.toString(count));
            }
        }
        assertEquals(4, NegativeSampler.partner(5, 6, 0xFFFF_FFFFL)); // 5 + 1 + 4 wraps to 4 = the last of i+1..i+5
        assertEquals(6, NegativeSampler.partner(5, 7, 0));
    }

    @Test
    void sampledIntegerEmbeddingEqualsThePlainRestatement() {
        SparseWeights w = randomSparse(40, 5, 11);
        for (int bits : new int[] {0, 8}) {
            EmbeddingArithmetic a = new EmbeddingArithmetic(2, 6, bits);
            long[][] model = new NmsEmbedding(SHORT, a).embed(w, w.sum(), 4);
            long[][] plain = restated(w, w.sum(), 4, a, NegativeSampler.SHIFT_A);
            assertTrue(Arrays.deepEquals(model, plain), "kernel bits " + bits);
        }
    }

    @Test
    void exactRepulsionBelowTheThresholdWithTheRomKernelEqualsTheRestatedKernel() {
        // exactMaxRows >= n: the exact pair pass, only the kernel changes; against the division it must differ.
        SparseWeights w = randomSparse(30, 4, 5);
        long[][] rom = new NmsEmbedding(SHORT, new EmbeddingArithmetic(30, 6, 8)).embed(w, w.sum(), 2);
        long[][] div = new NmsEmbedding(SHORT).embed(w, w.sum(), 2);
        assertFalse(Arrays.deepEquals(rom, div));
        assertTrue(Arrays.deepEquals(div, new NmsEmbedding(SHORT, new EmbeddingArithmetic(30, 6, 0)).embed(w, w.sum(), 2)));
    }

    @Test
    void sameSeedGivesIdenticalBitsAndAnotherSeedDoesNot() {
        SparseWeights w = randomSparse(60, 5, 1);
        EmbeddingArithmetic a = new EmbeddingArithmetic(10, 4, 8);
        long[][] first = new NmsEmbedding(SHORT, a).embed(w, w.sum(), 9);
        long[][] second = new NmsEmbedding(SHORT, a).embed(w, w.sum(), 9);
        assertTrue(Arrays.deepEquals(first, second));
        assertFalse(Arrays.deepEquals(first, new NmsEmbedding(SHORT, a).embed(w, w.sum(), 10)));
        assertFalse(Arrays.deepEquals(first, new NmsEmbedding(SHORT).embed(w, w.sum(), 9)), "sampling changes it");
    }

    @Test
    void mutantGeneratorTapChangesTheEmbedding() {
        SparseWeights w = randomSparse(40, 5, 11);
        EmbeddingArithmetic a = new EmbeddingArithmetic(2, 6, 8);
        long[][] model = new NmsEmbedding(SHORT, a).embed(w, w.sum(), 4);
        long[][] mutant = restated(w, w.sum(), 4, a, NegativeSampler.SHIFT_A - 1);
        assertFalse(Arrays.deepEquals(model, mutant));
    }

    @Test
    void denseAndSparseWeightsGiveTheSameSampledEmbedding() {
        SparseWeights w = randomSparse(30, 4, 8);
        long[][] dense = new long[30][30];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                dense[i][j] = w.get(i, j);
            }
        }
        EmbeddingArithmetic a = new EmbeddingArithmetic(2, 5, 8);
        assertTrue(Arrays.deepEquals(new NmsEmbedding(SHORT, a).embed(w, w.sum(), 3),
                new NmsEmbedding(SHORT, a).embed(dense, w.sum(), 3)));
    }

    /** A symmetric random sparse P: each point linked to k random others, weights up to 2^20. */
    static SparseWeights randomSparse(int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] d = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                int j = r.nextInt(n);
                if (j != i) {
                    long v = 1 + r.nextLong(1 << 20);
                    d[i][j] += v;
                    d[j][i] += v;
                }
            }
        }
        int[] start = new int[n + 1];
        List<Integer> cols = new ArrayList<>();
        List<Long> vals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (d[i][j] != 0) {
                    cols.add(j);
                    vals.add(d[i][j]);
                }
            }
            start[i + 1] = cols.size();
        }
        return new SparseWeights(n, start, cols.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The spec of section 11 written out plainly, one point and one coordinate at a time, with its
     * own generator (shift a is a parameter for the mutant) and its own kernel ROM lookup.
     */
    static long[][] restated(SparseWeights p, long total, long seed, EmbeddingArithmetic a, int shiftA) {
        int n = p.n();
        int m = a.negatives();
        long[][] y = NmsEmbedding.initialEmbedding(n, seed);
        long[][] u = new long[n][2];
        long[][] gain = new long[n][2];
        for (long[] g : gain) {
            Arrays.fill(g, 65536);
        }
        long[] rom = a.kernelLutBits() > 0 ? Luts.embeddingKernel(a.kernelLutBits()) : null;
        int state = (int) ((seed * 0x9E3779B97F4A7C15L) >>> 32);
        if (state == 0) {
            state = 1;
        }
        long eta = Math.max(n / 48, 50);
        for (int t = 0; t < SHORT.iterations(); t++) {
            long e = t < SHORT.exaggerationIterations() ? SHORT.exaggeration() : 1;
            long mom = t < SHORT.momentumSwitchIteration() ? 32768 : 52429;
            int[][] neg = new int[n][m];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < m; k++) {
                    state ^= state << shiftA;
                    state ^= state >>> 17;
                    state ^= state << 5;
                    long r = state & 0xFFFF_FFFFL;
                    int j = i + 1 + (int) ((r * (n - 1)) >>> 32);
                    neg[i][k] = j >= n ? j - n : j;
                }
            }
            long z = 0;
            long[][] rep = new long[n][2];
            long[][] att = new long[n][2];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < m; k++) {
                    int j = neg[i][k];
                    long w = w(y[i], y[j], rom, a.kernelLutBits());
                    z += w;
                    for (int c = 0; c < 2; c++) {
                        long tc = Rounding.shiftHalfAway(w * (y[i][c] - y[j][c]), 20);
                        rep[i][c] += Rounding.shiftHalfAway(w * tc, 30);
                    }
                }
                for (int q = p.rowStart()[i]; q < p.rowStart()[i + 1]; q++) {
                    int j = p.columns()[q];
                    long w = w(y[i], y[j], rom, a.kernelLutBits());
                    for (int c = 0; c < 2; c++) {
                        att[i][c] += p.values()[q] * Rounding.shiftHalfAway(w * (y[i][c] - y[j][c]), 20);
                    }
                }
            }
            int s = Math.max(0, 64 - Long.numberOfLeadingZeros(z) - 32);
            long zs = Rounding.shiftHalfUp(z, s);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    long g = 4 * (e * Rounding.divHalfAway(att[i][c], total)
                            - Rounding.divHalfAway(Rounding.shiftHalfAway(rep[i][c], s) << 30, zs));
                    gain[i][c] = Long.signum(g) != Long.signum(u[i][c]) ? gain[i][c] + 13107
                            : Rounding.shiftHalfUp(gain[i][c] * 52429, 16);
                    gain[i][c] = Math.max(gain[i][c], 655);
                    u[i][c] = Rounding.shiftHalfAway(mom * u[i][c], 16) - Rounding.mulShiftHalfAway(eta * gain[i][c], g, 26);
                    y[i][c] += u[i][c];
                }
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += y[i][c];
                }
                long mean = Rounding.divHalfAway(sum, n);
                for (int i = 0; i < n; i++) {
                    y[i][c] -= mean;
                }
            }
        }
        return y;
    }

    private static long w(long[] yi, long[] yj, long[] rom, int bits) {
        long dx = yi[0] - yj[0];
        long dy = yi[1] - yj[1];
        long d2 = Rounding.shiftHalfUp(dx * dx + dy * dy, 10);
        long den = (1L << 30) + d2;
        if (rom == null) {
            return ((1L << 61) + den) / (2 * den);
        }
        int b = 64 - Long.numberOfLeadingZeros(den);
        long mant = den >>> (b - 1 - bits - 16);          // leading one and bits + 16 fraction bits
        long frac = mant - (1L << (bits + 16));
        int k = (int) (frac >> 16);
        long rem = frac & 0xFFFF;
        long v = rom[k] - Rounding.shiftHalfUp((rom[k] - rom[k + 1]) * rem, 16);
        return Rounding.shiftHalfUp(v, b - 31);
    }
}
