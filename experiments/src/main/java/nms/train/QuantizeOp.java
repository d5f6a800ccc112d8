package nms.train;

import nms.lrt.FixedQuantizer;

/**
 * A {@link FixedQuantizer} in the network: quantizes on the way forward and remembers where the
 * straight-through gradient passes, so the backward pass can mask it. {@code null} quantizer:
 * the identity (used to switch gradient quantization off in pre-training).
 */
final class QuantizeOp {
    private final FixedQuantizer q;
    private boolean[] passes = new boolean[0];

    QuantizeOp(FixedQuantizer q) {
        this.q = q;
    }

    static QuantizeOp of(int bits, double clip) {
        return new QuantizeOp(new FixedQuantizer(bits, clip));
    }

    FixedQuantizer quantizer() {
        return q;
    }

    /** Quantizes {@code x} in place and records the mask. */
    double[] forward(double[] x) {
        if (q == null) {
            return x;
        }
        if (passes.length != x.length) {
            passes = new boolean[x.length];
        }
        for (int i = 0; i < x.length; i++) {
            passes[i] = q.passes(x[i]);
            x[i] = q.quantize(x[i]);
        }
        return x;
    }

    /** Masks {@code g} in place by the last forward's straight-through mask. */
    double[] backward(double[] g) {
        if (q == null) {
            return g;
        }
        for (int i = 0; i < g.length; i++) {
            if (!passes[i]) {
                g[i] = 0;
            }
        }
        return g;
    }

    /** Quantizes without touching the mask. */
    double quantize(double x) {
        return q == null ? x : q.quantize(x);
    }
}
