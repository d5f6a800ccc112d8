package nms.golden;

import nms.config.Formats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_affinity} (spec section 5.2). For a row with precision beta and row minimum
 * dmin: {@code t = round(round(beta * log2e) * (d - dmin) / 2^(beta_frac - t_frac))}, saturated at
 * {@code t_sat}; {@code a = exp2(t)}; running sums {@code S = sum a} and {@code T = sum t*a}.
 */
@RtlTwin("nms_affinity")
public final class NmsAffinity {
    private final NmsExp2 exp2;
    private final long log2e;
    private final int productShift;
    private final long tSat;

    public NmsAffinity(NmsConfig c) {
        Formats f = c.formats();
        this.exp2 = new NmsExp2(c);
        this.log2e = f.log2e;
        this.productShift = c.betaFracBits() - c.tFracBits();
        this.tSat = f.tSat;
    }

    /** {@code round(beta * log2e / 2^32)}, computed once per row evaluation. */
    public long betaLog2e(long beta) {
        return FixedPoint.mulRoundShiftSat(beta, log2e, Formats.LOG2E_FRAC, Long.MAX_VALUE);
    }

    public long t(long betaLog2e, long shiftedDistance) {
        return FixedPoint.mulRoundShiftSat(betaLog2e, shiftedDistance, productShift, tSat);
    }

    public long a(long t) {
        return exp2.exp2(t);
    }

    /** Row sums over {@code dist[]} (the diagonal is not in it). */
    public RowSums row(long beta, long dmin, long[] dist) {
        long bl = betaLog2e(beta);
        long sumA = 0;
        long sumTa = 0;
        for (long d : dist) {
            long t = t(bl, d - dmin);
            long a = exp2.exp2(t);
            sumA += a;
            sumTa += t * a;
        }
        return new RowSums(sumA, sumTa);
    }

    /** The affinities of a row, for P. */
    public long[] affinities(long beta, long dmin, long[] dist) {
        long bl = betaLog2e(beta);
        long[] out = new long[dist.length];
        for (int j = 0; j < dist.length; j++) {
            out[j] = exp2.exp2(t(bl, dist[j] - dmin));
        }
        return out;
    }

    /** {@code S = sum a} (Q.affinity_frac) and {@code T = sum t*a} (Q.(t_frac + affinity_frac)). */
    public record RowSums(long sumA, long sumTa) {
    }
}
