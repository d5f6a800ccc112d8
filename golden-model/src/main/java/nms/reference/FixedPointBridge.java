package nms.reference;

import nms.golden.NmsEmbedding;
import nms.golden.SparseWeights;

/**
 * Conversions between the double reference and the integer golden model: probabilities to
 * integer weights on the way in, fixed-point coordinates to doubles on the way out (for plots
 * and quality metrics only; the golden model itself never sees a double).
 */
public final class FixedPointBridge {

    /** Fraction bits used for P weights in the integer-vs-double comparison: {@code round(P * 2^30)}. */
    public static final int DEFAULT_WEIGHT_FRAC_BITS = 30;

    private FixedPointBridge() {
    }

    /** {@code round(P_ij * 2^fracBits)}, half-up, for a dense P with entries in [0, 1]. */
    public static long[][] toWeights(double[][] jointP, int fracBits) {
        double scale = Math.scalb(1.0, fracBits);
        long[][] weights = new long[jointP.length][];
        for (int i = 0; i < jointP.length; i++) {
            weights[i] = new long[jointP[i].length];
            for (int j = 0; j < jointP[i].length; j++) {
                weights[i][j] = toWeight(jointP[i][j], scale);
            }
        }
        return weights;
    }

    /** {@code round(P_ij * 2^fracBits)}, half-up, over the stored entries of a sparse P. */
    public static SparseWeights toWeights(SparseMatrix jointP, int fracBits) {
        double scale = Math.scalb(1.0, fracBits);
        long[] values = new long[jointP.nonZeros()];
        for (int k = 0; k < values.length; k++) {
            values[k] = toWeight(jointP.values()[k], scale);
        }
        return new SparseWeights(jointP.n(), jointP.rowStart().clone(), jointP.columns().clone(), values);
    }

    private static long toWeight(double p, double scale) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability outside [0, 1]: " + p);
        }
        return (long) Math.floor(p * scale + 0.5);
    }

    /** The exact sum of dense integer weights. */
    public static long total(long[][] weights) {
        long s = 0;
        for (long[] row : weights) {
            for (long w : row) {
                s = Math.addExact(s, w);
            }
        }
        return s;
    }

    /** Q.20 coordinates of {@link NmsEmbedding} as doubles: {@code y / 2^20}, exact. */
    public static double[][] toDouble(long[][] fixedPointY) {
        double[][] out = new double[fixedPointY.length][];
        for (int i = 0; i < fixedPointY.length; i++) {
            out[i] = new double[fixedPointY[i].length];
            for (int c = 0; c < fixedPointY[i].length; c++) {
                out[i][c] = Math.scalb((double) fixedPointY[i][c], -NmsEmbedding.Y_FRAC_BITS);
            }
        }
        return out;
    }
}
