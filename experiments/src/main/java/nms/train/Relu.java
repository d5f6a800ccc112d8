package nms.train;

/** ReLU with the authors' 8-bit unsigned activation quantizer and 8-bit signed gradient quantizer. */
final class Relu implements Layer {
    private final QuantizeOp qa;
    private final QuantizeOp qg;
    private double[] out;

    Relu(Quantization qz) {
        this.qa = qz.activation();
        this.qg = qz.gradient();
    }

    @Override
    public double[] forward(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        out = qa.forward(y);
        return out;
    }

    @Override
    public double[] backward(double[] gradient) {
        double[] g = qa.backward(gradient.clone());
        for (int i = 0; i < g.length; i++) {
            if (!(out[i] > 0)) {
                g[i] = 0;
            }
        }
        return qg.forward(g);
    }
}
