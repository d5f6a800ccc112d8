package nms.golden;

import nms.config.LrtFormats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_lrt_project} (docs/ARITHMETIC.md section 12.2): per sample, the projections
 * of u (n codes) and v (m codes) onto the r rows of their 16-bit bases, the squared norm of each
 * vector, the residual norm by integer square root and the kappa test. All integers:
 *
 * <ul>
 *   <li>{@code P_i = sum_k B[i][k] x[k]} exact, {@code N = sum_k x[k]^2} exact;
 *   <li>{@code p_i = round_half_away(P_i / 2^(basis_frac + e - GUARD))}: the coefficient in units
 *       of 2^-GUARD input steps (a basis value is {@code code * 2^-(basis_frac + e)});
 *   <li>{@code res = max(0, N * 2^(2 GUARD) - sum_i p_i^2)}, {@code norm = isqrt(res)} (floor);
 *       this is the classical Gram-Schmidt residual, equal to the modified one for orthonormal
 *       bases, so one pass over the vector suffices;
 *   <li>{@code skip = cx0 > kappa * norm_u * norm_v}.
 * </ul>
 */
@RtlTwin("nms_lrt_project")
public final class NmsLrtProject {
    private final LrtFormats f;

    public NmsLrtProject(NmsConfig c) {
        this.f = c.lrtFormats();
    }

    /** One vector's projection: the r coefficients and the residual norm. */
    public record Side(long[] coef, long norm) {}

    /** One sample: both sides and the kappa test. */
    public record Result(Side u, Side v, boolean skip) {}

    public Result project(long[][] basisU, long[] u, int expU, long[][] basisV, long[] v, int expV,
                          long cx0) {
        if (cx0 < 0 || cx0 >>> f.cx0Width != 0) {
            throw new IllegalArgumentException("cx0 = " + cx0 + " does not fit cx0_width " + f.cx0Width);
        }
        Side su = side(basisU, u, expU, f.n);
        Side sv = side(basisV, v, expV, f.m);
        boolean skip = cx0 > f.kappa * su.norm() * sv.norm();
        return new Result(su, sv, skip);
    }

    /** The projection of {@code x} (length {@code len}) on rows 0..r-1 of {@code basis}. */
    public Side side(long[][] basis, long[] x, int exp, int len) {
        if (x.length != len || basis.length != f.rank) {
            throw new IllegalArgumentException("nms_lrt_project wants " + f.rank + " basis rows and "
                    + len + " elements, got " + basis.length + " and " + x.length);
        }
        if (exp < 0 || exp >= 1 << LrtFormats.EXP_WIDTH) {
            throw new IllegalArgumentException("basis exponent " + exp + " outside 0.."
                    + ((1 << LrtFormats.EXP_WIDTH) - 1));
        }
        long inMin = -(1L << (f.inputWidth - 1));
        long inMax = (1L << (f.inputWidth - 1)) - 1;
        long bMin = -(1L << f.basisFrac);
        long bMax = (1L << f.basisFrac) - 1;
        long n2 = 0;
        for (long xk : x) {
            if (xk < inMin || xk > inMax) {
                throw new IllegalArgumentException("element " + xk + " outside the "
                        + f.inputWidth + "-bit signed range");
            }
            n2 += xk * xk;
        }
        int shift = f.basisFrac + exp - LrtFormats.GUARD;
        long[] coef = new long[f.rank];
        long sumSq = 0;
        for (int i = 0; i < f.rank; i++) {
            if (basis[i].length != len) {
                throw new IllegalArgumentException("basis row " + i + " has " + basis[i].length
                        + " codes, want " + len);
            }
            long dot = 0;
            for (int k = 0; k < len; k++) {
                long b = basis[i][k];
                if (b < bMin || b > bMax) {
                    throw new IllegalArgumentException("basis code " + b + " outside the "
                            + f.basisWidth + "-bit signed range");
                }
                dot += b * x[k];
            }
            coef[i] = Rounding.shiftHalfAway(dot, shift);
            sumSq += coef[i] * coef[i];
        }
        long res = Math.max(0, (n2 << (2 * LrtFormats.GUARD)) - sumSq);
        return new Side(coef, isqrt(res));
    }

    /**
     * {@code floor(sqrt(x))} for {@code x >= 0}, by the bit-serial method the RTL uses (one result
     * bit per step, most significant first), so the twin states the algorithm, not only the value.
     */
    public static long isqrt(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("isqrt of " + x);
        }
        long rem = x;
        long root = 0;
        long bit = 1L << 62;
        while (bit > x) {
            bit >>= 2;
        }
        while (bit != 0) {
            if (rem >= root + bit) {
                rem -= root + bit;
                root = (root >> 1) + bit;
            } else {
                root >>= 1;
            }
            bit >>= 2;
        }
        return root;
    }
}
