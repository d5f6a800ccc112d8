package nms.lrt;

/**
 * The authors' layer quantizer ({@code FixedQuantize}): a {@code bits}-bit grid of step
 * {@code s = 2^(ceil(log2 clip) + signed - bits)}, codes {@code [-2^(bits-1), 2^(bits-1) - 1]}
 * signed or {@code [0, 2^bits - 1]} unsigned, {@code Q(x) = s * clamp(round_half_even(x / s))}
 * (mid-rise offset for 1 or 2 bits). The straight-through gradient passes where the unclamped
 * code is inside the range.
 */
public final class FixedQuantizer {
    private final boolean signed;
    private final int bits;
    private final double midrise;
    private final double low;
    private final double high;
    private final double step;

    /** {@code bits < 0} means signed, as in the authors' {@code qbits} table. */
    public FixedQuantizer(int bits, double clip) {
        if (bits == 0 || Math.abs(bits) > 30 || !(clip > 0)) {
            throw new IllegalArgumentException("quantizer needs 1..30 bits and clip > 0, got bits " + bits
                    + ", clip " + clip);
        }
        this.signed = bits < 0;
        this.bits = Math.abs(bits);
        this.midrise = this.bits <= 2 ? 0.5 : 0;
        this.low = signed ? -(1L << (this.bits - 1)) : 0;
        this.high = signed ? (1L << (this.bits - 1)) - 1 : (1L << this.bits) - 1;
        this.step = Math.pow(2, Math.ceil(Math.log(clip) / Math.log(2) - 1e-8) + (signed ? 1 : 0) - this.bits);
    }

    public double step() {
        return step;
    }

    public int bits() {
        return bits;
    }

    public boolean signed() {
        return signed;
    }

    public double min() {
        return step * (low + midrise);
    }

    public double max() {
        return step * (high + midrise);
    }

    /** The unclamped integer code of {@code x}. */
    public double code(double x) {
        return Math.rint(x / step - midrise);
    }

    public double quantize(double x) {
        double c = code(x);
        return step * (Math.max(low, Math.min(high, c)) + midrise);
    }

    /** Whether the straight-through gradient passes at {@code x} (its code is not clamped). */
    public boolean passes(double x) {
        double c = code(x);
        return c >= low && c <= high;
    }

    public void quantize(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = quantize(x[i]);
        }
    }
}
