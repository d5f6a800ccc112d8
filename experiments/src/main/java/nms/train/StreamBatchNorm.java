package nms.train;

import java.util.List;
import nms.lrt.MaxNorm;

/**
 * The authors' streaming batch-norm at batch 1 ({@code StreamBatchNorm}, update_every_ba 10):
 * per sample the channel mean and mean square over pixels enter running averages with momentum
 * 0.9, stored on the 16-bit grids; {@code mu = mean / (1 - 0.9^step)},
 * {@code var = clamp(msq / (1 - 0.9^step) - mu^2, eps, 1/eps)}, {@code std = sqrt(var + eps)},
 * {@code Y = Q_a(Q_b(gamma) (X - mu) / std + Q_b(beta))}. The running statistics always update,
 * also when no parameter trains (inference-only adapts its normalisation, as in the authors' runs).
 */
final class StreamBatchNorm implements Layer {
    private static final double MOMENTUM = 0.9;
    private static final double EPS = 1e-8;

    private final int channels;
    private final QuantizeOp qgamma;
    private final QuantizeOp qbeta;
    private final QuantizeOp qmean;
    private final QuantizeOp qmsq;
    private final QuantizeOp qa;
    private final QuantizeOp qg;
    private final MaxNorm normGamma = new MaxNorm();
    private final MaxNorm normBeta = new MaxNorm();
    private final double[] step = new double[1];
    private final double[] mean;
    private final double[] msq;
    private final double[] gamma;
    private final double[] beta;
    private final double[] mu;
    private final double[] std;
    private double[] x;
    private double[] dy;

    StreamBatchNorm(int channels, Quantization qz) {
        this.channels = channels;
        this.qgamma = qz.bias();
        this.qbeta = qz.bias();
        this.qmean = qz.bias();
        this.qmsq = qz.biasSquared();
        this.qa = qz.signedActivation();
        this.qg = qz.gradient();
        this.mean = new double[channels];
        this.msq = new double[channels];
        this.gamma = new double[channels];
        java.util.Arrays.fill(gamma, 1);
        this.beta = new double[channels];
        this.mu = new double[channels];
        this.std = new double[channels];
    }

    @Override
    public double[] forward(double[] input) {
        x = input;
        int pixels = input.length / channels;
        step[0]++;
        double[] m = new double[channels];
        double[] s = new double[channels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) {
                double v = input[p * channels + c];
                m[c] += v;
                s[c] += v * v;
            }
        }
        double correct = 1 - Math.pow(MOMENTUM, step[0]);
        for (int c = 0; c < channels; c++) {
            mean[c] = qmean.quantize(MOMENTUM * mean[c] + (1 - MOMENTUM) * m[c] / pixels);
            msq[c] = qmsq.quantize(MOMENTUM * msq[c] + (1 - MOMENTUM) * s[c] / pixels);
            mu[c] = mean[c] / correct;
            double var = Math.max(EPS, Math.min(1 / EPS, msq[c] / correct - mu[c] * mu[c]));
            std[c] = Math.sqrt(var + EPS);
        }
        double[] y = new double[input.length];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) {
                int i = p * channels + c;
                y[i] = qgamma.quantize(gamma[c]) * (input[i] - mu[c]) / std[c] + qbeta.quantize(beta[c]);
            }
        }
        return qa.forward(y);
    }

    @Override
    public double[] backward(double[] gradient) {
        dy = qa.backward(gradient.clone());
        double[] dx = new double[dy.length];
        for (int i = 0; i < dy.length; i++) {
            int c = i % channels;
            dx[i] = dy[i] * gamma[c] / std[c];
        }
        return qg.forward(dx);
    }

    @Override
    public void update(Training t) {
        if (!t.trainBias()) {
            return;
        }
        double[] dg = new double[channels];
        double[] db = new double[channels];
        for (int i = 0; i < dy.length; i++) {
            int c = i % channels;
            dg[c] += dy[i] * (x[i] - mu[c]) / std[c];
            db[c] += dy[i];
        }
        boolean norm = t.normBias() && !t.pretraining();
        if (norm) {
            normGamma.normalise(dg);
            normBeta.normalise(db);
        }
        double lr = t.pretraining() ? t.pretrainLr() : t.biasLr();
        for (int c = 0; c < channels; c++) {
            gamma[c] -= lr * dg[c];
            beta[c] -= lr * db[c];
            if (!t.pretraining()) {
                gamma[c] = qgamma.quantize(gamma[c]);
                beta[c] = qbeta.quantize(beta[c]);
            }
        }
    }

    void quantizeParameters() {
        for (int c = 0; c < channels; c++) {
            gamma[c] = qgamma.quantize(gamma[c]);
            beta[c] = qbeta.quantize(beta[c]);
        }
    }

    @Override
    public List<double[]> state() {
        return List.of(step, mean, msq, gamma, beta);
    }
}
