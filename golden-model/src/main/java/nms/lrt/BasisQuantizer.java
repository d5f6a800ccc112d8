package nms.lrt;

/**
 * The accumulator's basis storage: a matrix of {@code bits}-bit signed codes with one scale per
 * matrix, {@code value = scale * code / (2^(bits-1) - 1)}. Quantizing takes
 * {@code scale = max |x| + EPS} over the rows given and
 * {@code code = clamp(floor(x * qp / scale + 1/2), -2^(bits-1), qp)} (round half up), as in the
 * authors' {@code apply_updates}. {@code bits = 0} stores the values unquantized.
 */
public final class BasisQuantizer {
    public static final double EPS = 1e-12;

    private final int bits;
    private final double qp;

    public BasisQuantizer(int bits) {
        if (bits != 0 && (bits < 2 || bits > 31)) {
            throw new IllegalArgumentException("basis bits must be 0 (unquantized) or 2..31, got " + bits);
        }
        this.bits = bits;
        this.qp = bits == 0 ? 0 : (1L << (bits - 1)) - 1;
    }

    public int bits() {
        return bits;
    }

    public boolean quantizes() {
        return bits != 0;
    }

    /** {@code max |m[i][k]| + EPS} over rows {@code 0..rows-1}. */
    public static double scale(double[][] m, int rows) {
        double max = 0;
        for (int i = 0; i < rows; i++) {
            for (double x : m[i]) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max + EPS;
    }

    /** Integer code of {@code x} at {@code scale}. */
    public long code(double x, double scale) {
        double c = Math.floor(x * qp / scale + 0.5);
        return (long) Math.max(-qp - 1, Math.min(qp, c));
    }

    /**
     * Rounds rows {@code 0..rows-1} of {@code m} in place to the grid of the scale taken over the
     * same rows, and returns that scale ({@code NaN}-free; a no-op returning 1 when unquantized).
     */
    public double quantize(double[][] m, int rows) {
        if (!quantizes()) {
            return 1;
        }
        double scale = scale(m, rows);
        for (int i = 0; i < rows; i++) {
            double[] row = m[i];
            for (int k = 0; k < row.length; k++) {
                row[k] = code(row[k], scale) / qp * scale;
            }
        }
        return scale;
    }
}
