package nms.train;

/** Softmax with cross-entropy; the gradient {@code p - onehot} goes through the 8-bit gradient quantizer. */
final class SoftmaxCrossEntropy {
    private final QuantizeOp qg;

    SoftmaxCrossEntropy(Quantization qz) {
        this.qg = qz.gradient();
    }

    static int argmax(double[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    double[] gradient(double[] logits, int label) {
        double max = logits[argmax(logits)];
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] / sum - (i == label ? 1 : 0);
        }
        return qg.forward(p);
    }
}
