package nms.reference;

import nms.config.ConfigException;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchPattern;

/**
 * The double-precision sketch (spec section 11.1) the fidelity of {@code nms_sketch} is measured
 * against: the same linear map from {@link SketchPattern}, {@code y_k = sum_j c(k, j) x_j /
 * 2^sketch_shift}, signed and unrounded. The integer twin adds the constant offset
 * {@code negatives(k) * max_pixel} before rounding; a constant per element cancels in every
 * distance, so distances of reference sketches are the like-for-like comparison.
 */
public final class ReferenceSketch {
    private final SketchPattern pattern;
    private final double scale;
    private final int maxPixel;

    public ReferenceSketch(NmsConfig config) {
        Formats f = config.formats();
        if (f.sketchPattern == null) {
            throw new ConfigException("the reference sketch needs sketch = block or projection");
        }
        this.pattern = f.sketchPattern;
        this.scale = Math.scalb(1.0, -f.sketchShift);
        this.maxPixel = f.maxPixel;
    }

    public double[] project(int[] image) {
        double[] y = new double[pattern.elements()];
        for (int k = 0; k < y.length; k++) {
            double s = 0;
            for (int j = 0; j < image.length; j++) {
                s += pattern.code(k, j) * (double) image[j];
            }
            y[k] = s * scale;
        }
        return y;
    }

    /** The integer twin's offset of element k in sketch units: {@code negatives(k) * max_pixel / 2^shift}. */
    public double offset(int k) {
        return pattern.negatives(k) * (double) maxPixel * scale;
    }

    /**
     * The reference distances of every pair of rows, exact, in units of {@code 2^-sketch_shift} per
     * element: {@code sum_k (u_k - v_k)^2} (L2) or {@code sum_k |u_k - v_k|} (L1) of the signed
     * sums {@code u_k = sum_j c(k, j) x_j = y_k * 2^sketch_shift}. That is the distance of the
     * {@link #project} vectors times {@code 2^(2 sketch_shift)} (L2) or {@code 2^sketch_shift}
     * (L1), a constant a perplexity calibration absorbs into beta, and it keeps the reference's
     * distances integers, so ties and neighbours are decided exactly as for exact distances.
     */
    public long[][] distanceMatrix(int[][] rows, nms.config.Metric metric) {
        int n = rows.length;
        long[][] u = new long[n][];
        for (int i = 0; i < n; i++) {
            u[i] = sums(rows[i]);
        }
        long[][] d = new long[n][n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = i + 1; j < n; j++) {
                long s = 0;
                for (int k = 0; k < u[i].length; k++) {
                    long e = u[i][k] - u[j][k];
                    s += metric == nms.config.Metric.L2 ? e * e : Math.abs(e);
                }
                d[i][j] = s;
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                d[i][j] = d[j][i];
            }
        }
        return d;
    }

    /** {@code sum_j c(k, j) x_j} per element: {@link #project} times {@code 2^sketch_shift}, exact. */
    long[] sums(int[] image) {
        if (image.length != pattern.dims()) {
            throw new IllegalArgumentException("image has " + image.length + " pixels, the sketch pattern "
                    + pattern.dims());
        }
        long[] s = new long[pattern.elements()];
        for (int k = 0; k < s.length; k++) {
            long acc = 0;
            for (int j = 0; j < image.length; j++) {
                acc += pattern.code(k, j) * (long) image[j];
            }
            s[k] = acc;
        }
        return s;
    }
}
