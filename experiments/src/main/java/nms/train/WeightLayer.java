package nms.train;

import java.util.List;
import java.util.SplittableRandom;
import nms.lrt.MaxNorm;

/**
 * A 3 x 3 valid convolution by im2col or a dense layer (a convolution over one pixel), as the
 * authors' {@code Conv2D} / {@code FC}: the stored weights W (n = kh kw Cin inputs x m outputs)
 * live on the 8-bit grid and are read as {@code wmult * Q_w(W)}, with
 * {@code wmult = 2^floor(log2 sqrt(3 nlvar / n))}; {@code Z = Q_b(Q_b(A Wq) + Q_b(b))}, then the
 * activation. The gradient going back is not quantized here (the next activation does it).
 */
final class WeightLayer implements Layer {
    private final int height;
    private final int width;
    private final int in;
    private final int out;
    private final int kernel;
    private final int outHeight;
    private final int outWidth;
    private final int n;
    private final double wmult;
    final double[] weights;
    final double[] bias;
    private final QuantizeOp qw;
    private final QuantizeOp qbProduct;
    private final QuantizeOp qbSum;
    private final QuantizeOp qb;
    private final Relu activation;
    private final MaxNorm biasNorm = new MaxNorm();
    private final String name;
    private WeightUpdate update = WeightUpdate.NONE;
    private double[] cols;
    private double[] wq;
    private double[] dz;

    /** A convolution of {@code kernel x kernel} over an {@code height x width x in} image. */
    static WeightLayer conv(String name, int height, int width, int in, int out, int kernel, boolean relu,
                            Quantization qz, SplittableRandom rnd) {
        return new WeightLayer(name, height, width, in, out, kernel, relu, 2, qz, rnd);
    }

    static WeightLayer dense(String name, int in, int out, boolean relu, Quantization qz, SplittableRandom rnd) {
        return new WeightLayer(name, 1, 1, in, out, 1, relu, relu ? 2 : 1, qz, rnd);
    }

    private WeightLayer(String name, int height, int width, int in, int out, int kernel, boolean relu,
                        int nlvar, Quantization qz, SplittableRandom rnd) {
        this.name = name;
        this.height = height;
        this.width = width;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.outHeight = height - kernel + 1;
        this.outWidth = width - kernel + 1;
        this.n = kernel * kernel * in;
        this.wmult = Math.pow(2, Math.floor(Math.log(Math.sqrt(3.0 * nlvar / n)) / Math.log(2)));
        this.weights = new double[n * out];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rnd.nextDouble(-1, 1);
        }
        this.bias = new double[out];
        this.qw = qz.weight();
        this.qbProduct = qz.bias();
        this.qbSum = qz.bias();
        this.qb = qz.bias();
        this.activation = relu ? new Relu(qz) : null;
    }

    String name() {
        return name;
    }

    int inputs() {
        return n;
    }

    int outputs() {
        return out;
    }

    int pixels() {
        return outHeight * outWidth;
    }

    int outHeight() {
        return outHeight;
    }

    int outWidth() {
        return outWidth;
    }

    double wmult() {
        return wmult;
    }

    void setUpdate(WeightUpdate update) {
        this.update = update;
    }

    WeightUpdate weightUpdate() {
        return update;
    }

    /** The grid this layer's weights are stored on. */
    nms.lrt.FixedQuantizer grid() {
        return qw.quantizer();
    }

    @Override
    public double[] forward(double[] x) {
        int pixels = pixels();
        cols = im2col(x);
        wq = weights.clone();
        qw.forward(wq);
        for (int i = 0; i < wq.length; i++) {
            wq[i] *= wmult;
        }
        double[] z = new double[pixels * out];
        for (int p = 0; p < pixels; p++) {
            int zo = p * out;
            for (int k = 0; k < n; k++) {
                double a = cols[p * n + k];
                if (a == 0) {
                    continue;
                }
                int wo = k * out;
                for (int j = 0; j < out; j++) {
                    z[zo + j] += a * wq[wo + j];
                }
            }
        }
        qbProduct.forward(z);
        double[] b = bias.clone();
        qb.forward(b);
        for (int p = 0; p < pixels; p++) {
            for (int j = 0; j < out; j++) {
                z[p * out + j] += b[j];
            }
        }
        qbSum.forward(z);
        return activation == null ? z : activation.forward(z);
    }

    @Override
    public double[] backward(double[] gradient) {
        double[] g = activation == null ? gradient.clone() : activation.backward(gradient);
        qbSum.backward(g);
        dz = qbProduct.backward(g.clone());
        int pixels = pixels();
        double[] dx = new double[height * width * in];
        double[] da = new double[n];
        for (int p = 0; p < pixels; p++) {
            java.util.Arrays.fill(da, 0);
            boolean any = false;
            for (int j = 0; j < out; j++) {
                double d = dz[p * out + j];
                if (d == 0) {
                    continue;
                }
                any = true;
                for (int k = 0; k < n; k++) {
                    da[k] += d * wq[k * out + j];
                }
            }
            if (any) {
                col2imAdd(da, p, dx);
            }
        }
        this.biasGradient = g;
        return dx;
    }

    private double[] biasGradient;

    @Override
    public void update(Training t) {
        int pixels = pixels();
        if (t.trainBias()) {
            double[] db = new double[out];
            for (int p = 0; p < pixels; p++) {
                for (int j = 0; j < out; j++) {
                    db[j] += biasGradient[p * out + j];
                }
            }
            if (t.normBias() && !t.pretraining()) {
                biasNorm.normalise(db);
            }
            double lr = t.pretraining() ? t.pretrainLr() : t.biasLr();
            for (int j = 0; j < out; j++) {
                double step = lr * db[j];
                bias[j] -= t.pretraining() ? step : qb.quantize(step);
                if (!t.pretraining()) {
                    bias[j] = qb.quantize(bias[j]);
                }
            }
        }
        double[] scaled = new double[dz.length];
        for (int i = 0; i < dz.length; i++) {
            scaled[i] = wmult * dz[i];
        }
        if (t.pretraining()) {
            pretrainStep(scaled, t.pretrainLr());
        } else {
            update.apply(cols, scaled, pixels, weights);
        }
    }

    /** Float master weights: {@code W = clamp(W - lr grad, -1, 1)}, no grid, no count. */
    private void pretrainStep(double[] d, double lr) {
        int pixels = pixels();
        for (int p = 0; p < pixels; p++) {
            for (int k = 0; k < n; k++) {
                double a = cols[p * n + k];
                if (a == 0) {
                    continue;
                }
                int wo = k * out;
                for (int j = 0; j < out; j++) {
                    weights[wo + j] -= lr * a * d[p * out + j];
                }
            }
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.max(-1, Math.min(1, weights[i]));
        }
    }

    /** Snaps weights and biases onto their grids (end of pre-training). */
    void quantizeParameters() {
        for (int i = 0; i < weights.length; i++) {
            weights[i] = qw.quantize(weights[i]);
        }
        for (int j = 0; j < out; j++) {
            bias[j] = qb.quantize(bias[j]);
        }
    }

    @Override
    public List<double[]> state() {
        return List.of(weights, bias);
    }

    /** Patch of pixel p: index {@code (kr * kernel + kc) * in + c}. */
    private double[] im2col(double[] x) {
        int pixels = pixels();
        double[] c = new double[pixels * n];
        for (int oh = 0; oh < outHeight; oh++) {
            for (int ow = 0; ow < outWidth; ow++) {
                int base = (oh * outWidth + ow) * n;
                for (int kr = 0; kr < kernel; kr++) {
                    int src = ((oh + kr) * width + ow) * in;
                    System.arraycopy(x, src, c, base + kr * kernel * in, kernel * in);
                }
            }
        }
        return c;
    }

    private void col2imAdd(double[] da, int p, double[] dx) {
        int oh = p / outWidth;
        int ow = p % outWidth;
        for (int kr = 0; kr < kernel; kr++) {
            int dst = ((oh + kr) * width + ow) * in;
            int src = kr * kernel * in;
            for (int k = 0; k < kernel * in; k++) {
                dx[dst + k] += da[src + k];
            }
        }
    }
}
