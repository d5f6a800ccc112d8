package nms.train;

import nms.lrt.FixedQuantizer;

/**
 * The authors' bit widths ({@code qbits} in {@code lr/experiments.py}): weights 8-bit signed
 * (clip 1), biases and accumulators 16-bit signed (clip 8), activations 8-bit unsigned (clip 2),
 * gradients 8-bit signed (clip 1). Each call returns a fresh op (its own straight-through mask).
 */
record Quantization(int weightBits, double weightMax, int biasBits, double biasMax, int activationBits,
                    double activationMax, int gradientBits, double gradientMax) {

    static Quantization authors() {
        return new Quantization(-8, 1.0, -16, 8.0, 8, 2.0, -8, 1.0);
    }

    FixedQuantizer weightGrid() {
        return new FixedQuantizer(weightBits, weightMax);
    }

    QuantizeOp weight() {
        return new QuantizeOp(weightGrid());
    }

    QuantizeOp bias() {
        return QuantizeOp.of(biasBits, biasMax);
    }

    QuantizeOp activation() {
        return QuantizeOp.of(activationBits, activationMax);
    }

    /** The batch-norm output: signed, same width and clip as activations. */
    QuantizeOp signedActivation() {
        return QuantizeOp.of(-Math.abs(activationBits), activationMax);
    }

    QuantizeOp gradient() {
        return QuantizeOp.of(gradientBits, gradientMax);
    }

    QuantizeOp biasSquared() {
        return QuantizeOp.of(biasBits, biasMax * biasMax);
    }
}
