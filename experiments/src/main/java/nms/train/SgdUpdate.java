package nms.train;

import nms.lrt.DensityGatedWrite;
import nms.lrt.FixedQuantizer;
import nms.lrt.WriteCounter;

/**
 * Per-sample SGD on the weight grid (the authors' {@code Standard} update, no norm):
 * {@code W = Q_w(W - Q_w(lr sum_p a_p dz_p^T))}. Writes are counted per sample (cells whose
 * quantized update is nonzero) and per pixel (for each pixel, cells whose {@code a} and {@code dz}
 * entries are both nonzero: hardware updating in place at every output pixel, the paper's count).
 */
final class SgdUpdate implements WeightUpdate {
    private final double lr;
    private final DensityGatedWrite write;
    private final WriteCounter perSample;
    private final WriteCounter perPixel;
    private final int n;
    private final int m;

    SgdUpdate(FixedQuantizer grid, double lr, int n, int m, int pixels) {
        this.lr = lr;
        this.write = new DensityGatedWrite(grid, -1);
        this.n = n;
        this.m = m;
        this.perSample = new WriteCounter(n * m);
        this.perPixel = pixels == 1 ? perSample : new WriteCounter(n * m);
    }

    @Override
    public void apply(double[] a, double[] dz, int pixels, double[] weights) {
        double[] update = new double[n * m];
        long[] touched = perPixel == perSample ? null : new long[n * m];
        for (int p = 0; p < pixels; p++) {
            for (int k = 0; k < n; k++) {
                double ak = a[p * n + k];
                if (ak == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    double d = dz[p * m + j];
                    if (d != 0) {
                        update[k * m + j] += lr * ak * d;
                        if (touched != null) {
                            touched[k * m + j]++;
                        }
                    }
                }
            }
        }
        write.write(weights, update, perSample);
        if (touched != null) {
            for (int i = 0; i < touched.length; i++) {
                if (touched[i] != 0) {
                    perPixel.add(i, touched[i]);
                }
            }
        }
    }

    @Override
    public WriteCounter counter() {
        return perPixel;
    }

    @Override
    public WriteCounter perSampleCounter() {
        return perSample;
    }
}
