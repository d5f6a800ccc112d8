package nms.golden;

import nms.config.LrtFormats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_lrt_rotate} (docs/ARITHMETIC.md section 12.6): the basis update of one side
 * after an accepted sample. Per element k of the vector x (the same input codes
 * {@code nms_lrt_project} took), with the old rows {@code b_j} (codes, exponent e), the
 * coefficients {@code p_j} and residual norm from the projection, and the rotation {@code T}
 * (r x q, units 2^-uf) from {@code nms_lrt_svd}:
 *
 * <pre>
 *   e_k   = (x_k &lt;&lt; (GUARD + bf)) - round_half_away(sum_j p_j b_j[k] / 2^e)
 *   y_k   = clamp(round_half_away(e_k 2^GUARD / norm), |y| &lt; 2^y_clamp)   (0 when norm = 0)
 *   acc_i = (sum_j&lt;r T[i][j] b_j[k]) &lt;&lt; (EXP_MAX - e) + (T[i][r] y_k) &lt;&lt; (EXP_MAX - GUARD)
 * </pre>
 *
 * {@code y} is the normalised residual (the reference's row r, value {@code y 2^-(bf + GUARD)}),
 * made on the fly and never stored. {@code acc} has value {@code acc 2^-acc_frac}. Pass 1 finds
 * the new exponent e' (the largest in 0..EXP_MAX with {@code max |acc| 2^(e'+1) < 2^acc_frac},
 * the rule of section 12.4); pass 2 writes {@code code = round_half_up(acc / 2^(acc_frac - bf - e'))}.
 */
@RtlTwin("nms_lrt_rotate")
public final class NmsLrtRotate {
    private final LrtFormats f;
    private final LrtFormats.SvdFormats s;

    public NmsLrtRotate(NmsConfig c) {
        this.f = c.lrtFormats();
        this.s = f.svd();
    }

    /**
     * The new rows 0..r-1 (codes), their exponent, how many y were clamped; per element k the
     * max |acc| over elements 0..k and whether y_k was clamped (what the unit reports per beat).
     */
    public record Result(long[][] basis, int exp, long clamped, long[] maxUpTo, boolean[] clampedAt) {}

    /** The exponent rule of pass 1: the largest e' in 0..EXP_MAX with {@code max 2^(e'+1) < 2^acc_frac}. */
    public int exponent(long max) {
        int e2 = LrtFormats.expMax();
        while (e2 > 0 && max >= 1L << (s.accFrac - e2 - 1)) {
            e2--;
        }
        return e2;
    }

    public Result rotate(long[][] basis, int exp, long[] x, long[] coef, long norm, long[][] t) {
        int r = f.rank;
        int len = x.length;
        if (basis.length != r || coef.length != r || t.length != r) {
            throw new IllegalArgumentException("nms_lrt_rotate wants " + r + " rows, coefficients and rotations");
        }
        if (exp < 0 || exp > LrtFormats.expMax()) {
            throw new IllegalArgumentException("basis exponent " + exp + " outside 0.." + LrtFormats.expMax());
        }
        if (norm < 0) {
            throw new IllegalArgumentException("negative residual norm " + norm);
        }
        int g = LrtFormats.GUARD;
        int bf = f.basisFrac;
        long yMax = (1L << s.yClamp) - 1;
        long[][] acc = new long[r][len];
        long max = 0;
        long clamped = 0;
        long[] maxUpTo = new long[len];
        boolean[] clampedAt = new boolean[len];
        for (int k = 0; k < len; k++) {
            long proj = 0;
            for (int j = 0; j < r; j++) {
                proj += coef[j] * basis[j][k];
            }
            long e = (x[k] << (g + bf)) - Rounding.shiftHalfAway(proj, exp);
            long y = 0;
            if (norm != 0) {
                y = Rounding.divHalfAway(e << g, norm);
                if (Math.abs(y) > yMax) {
                    y = y < 0 ? -yMax : yMax;
                    clamped++;
                    clampedAt[k] = true;
                }
            }
            for (int i = 0; i < r; i++) {
                long sum = 0;
                for (int j = 0; j < r; j++) {
                    sum += t[i][j] * basis[j][k];
                }
                long a = (sum << (LrtFormats.expMax() - exp)) + ((t[i][r] * y) << (LrtFormats.expMax() - g));
                acc[i][k] = a;
                max = Math.max(max, Math.abs(a));
            }
            maxUpTo[k] = max;
        }
        int e2 = exponent(max);
        int shift = s.accFrac - bf - e2;
        long lo = -(1L << bf);
        long hi = (1L << bf) - 1;
        long[][] out = new long[r][len];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < len; k++) {
                out[i][k] = Math.max(lo, Math.min(hi, Rounding.shiftHalfUp(acc[i][k], shift)));
            }
        }
        return new Result(out, e2, clamped, maxUpTo, clampedAt);
    }
}
