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
}
