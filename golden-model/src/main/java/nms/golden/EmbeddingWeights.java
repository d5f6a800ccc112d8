package nms.golden;

import java.math.BigInteger;

/**
 * From the joint P of the near-memory stages ({@link JointP}: weights {@code w_ij} with an integer
 * {@code total}, {@code P_ij = w_ij / total}) to the input of {@link NmsEmbedding}, integer only
 * (docs/arithmetic-embedding.md, "From joint P to embedding weights").
 *
 * <p>The joint total grows with the class, about {@code 2 n 2^p_frac} (2^37.5 for 6000 rows at
 * the default {@code p_frac_bits = 24}), past the embedding's {@link NmsEmbedding#MAX_WEIGHT_SUM}
 * of 2^33. So every weight is rescaled to a fixed total of {@code 2^F} ({@link #FRAC_BITS} = 30):
 * <pre>
 *   W_ij  = round_half_up(w_ij * 2^F / total)       exact: quotient and remainder of the integer division
 *   total' = sum W_ij                                exact, so P'_ij = W_ij / total' sums to 1 exactly
 * </pre>
 * Each {@code W_ij} is within 1/2 of {@code P_ij * 2^F}, so {@code |total' - 2^F| <= nnz / 2}; a
 * zero weight stays zero, and a weight below {@code total / 2^(F+1)} becomes zero (kept as a
 * stored zero). The sparsity pattern is kept as is. {@code F = 30} is the weight format of the
 * validated integer-versus-double comparison ({@code FixedPointBridge.DEFAULT_WEIGHT_FRAC_BITS}).
 */
public final class EmbeddingWeights {

    /** Fraction bits of the rescaled weights: they sum to about 2^30. */
    public static final int FRAC_BITS = 30;

    private EmbeddingWeights() {
    }

    /** Weights and their exact total, ready for {@link NmsEmbedding#embed(SparseWeights, long, long)}. */
    public record Scaled(SparseWeights weights, long total) {
    }

    /** {@link #of(JointP, int)} with {@link #FRAC_BITS}. */
    public static Scaled of(JointP p) {
        return of(p, FRAC_BITS);
    }

    /** Rescales every weight of {@code p} to a total of about {@code 2^fracBits}, see the class comment. */
    public static Scaled of(JointP p, int fracBits) {
        if (fracBits < 0 || fracBits > 32) {
            throw new IllegalArgumentException("fracBits must be in [0, 32], got " + fracBits);
        }
        if (p.total() <= 0) {
            throw new IllegalArgumentException("joint P has total " + p.total() + ", nothing to embed");
        }
        long[] scaled = new long[p.weight().length];
        long sum = 0;
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = rescale(p.weight()[k], p.total(), fracBits);
            sum = Math.addExact(sum, scaled[k]);
        }
        if (sum == 0) {
            throw new IllegalArgumentException("every weight rounds to zero at " + fracBits + " fraction bits");
        }
        SparseWeights w = new SparseWeights(p.n(), p.rowStart().clone(), p.col().clone(), scaled);
        return new Scaled(w, sum);
    }

    /**
     * {@code round_half_up(w * 2^fracBits / total)} for {@code w >= 0}, {@code total >= 1}, exact:
     * with {@code q = floor(w 2^F / total)} and remainder {@code r}, the result is {@code q + 1}
     * when {@code 2 r >= total}, else {@code q}. In 64-bit arithmetic when {@code w 2^F} fits,
     * otherwise in BigInteger; both give the same value.
     */
    public static long rescale(long w, long total, int fracBits) {
        if (w < 0 || total < 1) {
            throw new IllegalArgumentException("need w >= 0 and total >= 1, got w = " + w + ", total = " + total);
        }
        if (fracBits < 0 || fracBits > 62) {
            throw new IllegalArgumentException("fracBits must be in [0, 62], got " + fracBits);
        }
        if (w <= (Long.MAX_VALUE >> fracBits)) {
            long num = w << fracBits;
            long q = num / total;
            long r = num - q * total;
            return r >= total - r ? q + 1 : q; // 2r >= total without forming 2r
        }
        return rescaleWide(w, total, fracBits);
    }

    /** The same rounding in BigInteger, for products {@code w 2^F} beyond 63 bits. */
    static long rescaleWide(long w, long total, int fracBits) {
        BigInteger[] qr = BigInteger.valueOf(w).shiftLeft(fracBits).divideAndRemainder(BigInteger.valueOf(total));
        BigInteger q = qr[0];
        if (qr[1].shiftLeft(1).compareTo(BigInteger.valueOf(total)) >= 0) {
            q = q.add(BigInteger.ONE);
        }
        return q.longValueExact();
    }
}
