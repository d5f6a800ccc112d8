package nms.golden;

import nms.config.Formats;
import nms.config.LrtFormats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_lrt_svd} (docs/ARITHMETIC.md section 12.5): per accepted sample, the q x q
 * matrix {@code C = a b^T + diag(cx, 0)} of the projection coefficients (a = (au, nu), b = (av,
 * nv), units 2^-(2 GUARD) u-step v-step), its SVD by a fixed number of cyclic one-sided Jacobi
 * sweeps with CORDIC rotations on a block-normalised copy, then the rank reduction (plain
 * truncation, or the unbiased mixing with signs from a 32-bit LFSR) and the rotation matrices
 * {@code T = Q^T Cu^T}, {@code Q^T Cv^T} (r x q) that {@code nms_lrt_rotate} applies to the
 * bases. Integers only; every rounding is named.
 */
@RtlTwin("nms_lrt_svd")
public final class NmsLrtSvd {
    private final LrtFormats f;
    private final LrtFormats.SvdFormats s;
    private final boolean unbiased;
    private final Lfsr lfsr;

    /**
     * The rank reduction is the configuration's {@code lrt_unbiased}: the optimal Kronecker sum's
     * mixing (true) or plain truncation.
     *
     * @param lfsrSeed the LFSR's start state (see {@link Lfsr#seed})
     */
    public NmsLrtSvd(NmsConfig c, int lfsrSeed) {
        this.f = c.lrtFormats();
        this.s = f.svd();
        this.unbiased = c.lrtUnbiased();
        this.lfsr = new Lfsr(lfsrSeed);
    }

    /**
     * The decomposition of {@code A = round_half_away(C / 2^shift)} ({@code C 2^-shift} exactly
     * when shift < 0): singular values {@code sv}
     * (descending, integers in A's units, 0 below {@code zero}), left and right vectors
     * {@code u[i][k]}, {@code v[i][k]} (row i of vector k, units 2^-uf), and the rotations done.
     */
    public record Decomposition(long[] sv, long[][] u, long[][] v, int shift, int rotations) {}

    /** What the unit hands on: the rotations of both bases, the new weights and what it did. */
    public record Result(long[][] tu, long[][] tv, long[] cx, boolean mixed, int k, int mm,
                         boolean saturated, Decomposition svd) {}

    public Result update(long[] au, long nu, long[] av, long nv, long[] cx) {
        int q = f.q;
        int r = f.rank;
        if (au.length != r || av.length != r || cx.length != r) {
            throw new IllegalArgumentException("nms_lrt_svd wants " + r + " coefficients and weights per side");
        }
        long[] a = new long[q];
        long[] b = new long[q];
        System.arraycopy(au, 0, a, 0, r);
        System.arraycopy(av, 0, b, 0, r);
        a[r] = nu;
        b[r] = nv;
        long[][] c = new long[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                c[i][j] = a[i] * b[j];
            }
        }
        for (int i = 0; i < r; i++) {
            if (cx[i] < 0 || cx[i] > s.cxMax) {
                throw new IllegalArgumentException("cx[" + i + "] = " + cx[i] + " outside 0.." + s.cxMax);
            }
            c[i][i] += cx[i];
        }
        Decomposition d = decompose(c);
        long one = 1L << s.uf;
        long[] sv = d.sv();
        long[][] mix = new long[r][q];
        long[] w = new long[r];
        for (int i = 0; i < r; i++) {
            mix[i][i] = one;
            w[i] = sv[i];
        }
        boolean mixed = false;
        int k = 0;
        int mm = r;
        if (unbiased && sv[q - 1] > 0) {
            mixed = true;
            // the largest k with k sv[mm] <= sum of sv[mm..q-1] (the reference's loop, exact integers)
            long s1 = sv[r];
            for (k = 1; k <= r; k++) {
                mm--;
                if (k * sv[mm] > s1 + sv[mm]) {
                    k--;
                    mm++;
                    break;
                }
                s1 += sv[mm];
            }
            if (k > r) {
                k = r;
            }
            long[] rho = new long[q];
            for (int i = 0; i < q; i++) {
                rho[i] = lfsr.next() ? 1 : -1;
            }
            long sk = s1 / k; // floor
            long[] ww = new long[k + 1];
            for (int i = 0; i <= k; i++) {
                long num = Math.max(0, sk - sv[mm + i]);
                ww[i] = NmsLrtProject.isqrt(fracDiv(num, sk, 2 * s.uf));
            }
            ww[0] -= one; // < 0: sv[mm] > 0 makes the root below 1
            for (int i = 0; i <= k; i++) {
                for (int j = 0; j < k; j++) {
                    long z = -Rounding.divHalfAway(ww[i] * ww[j + 1], -ww[0]);
                    long zij = rho[i] * z + (j == i - 1 ? rho[i] * one : 0);
                    mix[mm + j][mm + i] = zij;
                }
            }
            for (int i = mm; i < r; i++) {
                w[i] = sk;
            }
        }
        long[][] tu = rotation(mix, d.u());
        long[][] tv = rotation(mix, d.v());
        long[] out = new long[r];
        boolean saturated = false;
        for (int i = 0; i < r; i++) {
            if (d.shift() < 0) {
                out[i] = Rounding.shiftHalfUp(w[i], -d.shift());
            } else if (w[i] > (s.cxMax >> d.shift())) {
                out[i] = s.cxMax;
                saturated = true;
            } else {
                out[i] = w[i] << d.shift();
            }
        }
        return new Result(tu, tv, out, mixed, k, mm, saturated, d);
    }

    /** T[i][j] = round_half_away(sum_l mix[i][l] vec[j][l] / 2^uf), r x q. */
    private long[][] rotation(long[][] mix, long[][] vec) {
        int q = f.q;
        long[][] t = new long[f.rank][q];
        for (int i = 0; i < f.rank; i++) {
            for (int j = 0; j < q; j++) {
                long acc = 0;
                for (int l = 0; l < q; l++) {
                    acc += mix[i][l] * vec[j][l];
                }
                t[i][j] = Rounding.shiftHalfAway(acc, s.uf);
            }
        }
        return t;
    }

    /** The q x q SVD of {@code c} (exact integers, |c_ij| < 2^(c_width - 1)). */
    public Decomposition decompose(long[][] c) {
        int q = f.q;
        long max = 0;
        for (long[] row : c) {
            if (row.length != q) {
                throw new IllegalArgumentException("nms_lrt_svd takes a " + q + " x " + q + " matrix");
            }
            for (long x : row) {
                if (Math.abs(x) >>> (s.cWidth - 1) != 0) {
                    throw new IllegalArgumentException("matrix entry " + x + " exceeds c_width " + s.cWidth);
                }
                max = Math.max(max, Math.abs(x));
            }
        }
        // block floating point: the largest entry gets aBits significant bits (exact when shifted left)
        int shift = max == 0 ? 0 : Formats.bits(max) - s.aBits;
        long[][] w = new long[q][q];
        long[][] v = new long[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                w[i][j] = shift >= 0 ? Rounding.shiftHalfAway(c[i][j], shift) : c[i][j] << -shift;
            }
            v[i][i] = 1L << s.uf;
        }
        int rotations = 0;
        for (int sweep = 0; sweep < s.sweeps; sweep++) {
            for (int i = 0; i < q - 1; i++) {
                for (int j = i + 1; j < q; j++) {
                    long alpha = 0;
                    long beta = 0;
                    long gamma = 0;
                    for (int k = 0; k < q; k++) {
                        alpha += w[k][i] * w[k][i];
                        beta += w[k][j] * w[k][j];
                        gamma += w[k][i] * w[k][j];
                    }
                    if (gamma == 0) {
                        continue;
                    }
                    long theta = halfAngle(beta - alpha, 2 * gamma);
                    if (theta == 0) {
                        continue;
                    }
                    rotations++;
                    for (int k = 0; k < q; k++) {
                        long[] p = rotate(w[k][i], w[k][j], theta);
                        w[k][i] = p[0];
                        w[k][j] = p[1];
                        p = rotate(v[k][i], v[k][j], theta);
                        v[k][i] = p[0];
                        v[k][j] = p[1];
                    }
                }
            }
        }
        long[] norm = new long[q];
        for (int k = 0; k < q; k++) {
            long sum = 0;
            for (int i = 0; i < q; i++) {
                sum += w[i][k] * w[i][k];
            }
            norm[k] = NmsLrtProject.isqrt(sum);
        }
        // stable order, descending (a sorting network in the RTL; ties keep the column order)
        int[] order = new int[q];
        for (int k = 0; k < q; k++) {
            order[k] = k;
        }
        for (int a = 1; a < q; a++) {
            int x = order[a];
            int b = a - 1;
            while (b >= 0 && norm[order[b]] < norm[x]) {
                order[b + 1] = order[b];
                b--;
            }
            order[b + 1] = x;
        }
        long[] sv = new long[q];
        long[][] u = new long[q][q];
        long[][] vs = new long[q][q];
        for (int k = 0; k < q; k++) {
            int col = order[k];
            long sk = norm[col] < s.zero ? 0 : norm[col];
            sv[k] = sk;
            for (int i = 0; i < q; i++) {
                vs[i][k] = v[i][col];
                u[i][k] = sk == 0 ? 0 : Rounding.divHalfAway(w[i][col] << s.uf, sk);
            }
            // sign rule of JacobiSvd: the largest-magnitude entry of u_k (first on ties) positive
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
        return new Decomposition(sv, u, vs, shift, rotations);
    }

    /**
     * Half the angle atan(y / x), |result| <= pi/4, in units 2^-af: the CORDIC vectoring mode on
     * (x, y) made x >= 0 and floor-shifted below 2^(mw-1), then halved (round half away).
     */
    public long halfAngle(long x, long y) {
        if (x < 0) {
            x = -x;
            y = -y;
        }
        int sv = Math.max(0, Formats.bits(Math.max(Math.abs(x), Math.abs(y))) - (s.mw - 1));
        x = (x >> sv) << LrtFormats.SvdFormats.CORDIC_GUARD;
        y = (y >> sv) << LrtFormats.SvdFormats.CORDIC_GUARD;
        long z = 0;
        for (int i = 0; i < s.iterations; i++) {
            long nx;
            long ny;
            if (y >= 0) {
                nx = x + (y >> i);
                ny = y - (x >> i);
                z += s.atan[i];
            } else {
                nx = x - (y >> i);
                ny = y + (x >> i);
                z -= s.atan[i];
            }
            x = nx;
            y = ny;
        }
        return Rounding.shiftHalfAway(z, 1);
    }

    /**
     * (a, b) rotated by theta (units 2^-af): {@code (a cos - b sin, a sin + b cos)}, by CORDIC
     * rotation mode on values with CORDIC_GUARD extra bits (floor shifts), then the gain
     * compensation {@code round_half_away(x kinv / 2^(mw + CORDIC_GUARD))}.
     */
    public long[] rotate(long a, long b, long theta) {
        int g = LrtFormats.SvdFormats.CORDIC_GUARD;
        long x = a << g;
        long y = b << g;
        long z = theta;
        for (int i = 0; i < s.iterations; i++) {
            long nx;
            long ny;
            if (z >= 0) {
                nx = x - (y >> i);
                ny = y + (x >> i);
                z -= s.atan[i];
            } else {
                nx = x + (y >> i);
                ny = y - (x >> i);
                z += s.atan[i];
            }
            x = nx;
            y = ny;
        }
        return new long[] {Rounding.shiftHalfAway(x * s.kinv, s.mw + g),
            Rounding.shiftHalfAway(y * s.kinv, s.mw + g)};
    }

    /**
     * {@code floor(num * 2^bits / den)} for {@code 0 <= num < den}, by restoring division (one
     * quotient bit per step), so no register is wider than den's width + 1.
     */
    static long fracDiv(long num, long den, int bits) {
        if (num < 0 || num >= den) {
            throw new IllegalArgumentException("fracDiv wants 0 <= num < den, got " + num + ", " + den);
        }
        long rem = num;
        long quo = 0;
        for (int i = 0; i < bits; i++) {
            rem <<= 1;
            quo <<= 1;
            if (rem >= den) {
                rem -= den;
                quo |= 1;
            }
        }
        return quo;
    }

    /** The LFSR's state (for tests and the record of a run). */
    public int lfsrState() {
        return lfsr.state();
    }

    /**
     * The sign source: a 32-bit Galois LFSR, polynomial x^32 + x^22 + x^2 + x + 1 (maximal
     * length), shifting right with toggle mask 0x80200003. Each step outputs the state's bit 0
     * (1 = sign +1) and then shifts. The state is never 0.
     */
    public static final class Lfsr {
        public static final int MASK = 0x80200003;
        private int state;

        public Lfsr(int seed) {
            if (seed == 0) {
                throw new IllegalArgumentException("LFSR seed must not be 0");
            }
            this.state = seed;
        }

        public boolean next() {
            boolean bit = (state & 1) != 0;
            state = (state >>> 1) ^ (bit ? MASK : 0);
            return bit;
        }

        public int state() {
            return state;
        }

        /**
         * The seed of the LFSR of layer {@code index} under configuration seed {@code seed}:
         * {@code x = seed * 0x9E3779B97F4A7C15 + index} (mod 2^64), the 32-bit fold
         * {@code (x ^ (x >>> 32))} low half, 1 if that is 0.
         */
        public static int seed(long seed, int index) {
            long x = seed * 0x9E3779B97F4A7C15L + index;
            int s = (int) (x ^ (x >>> 32));
            return s == 0 ? 1 : s;
        }
    }
}
