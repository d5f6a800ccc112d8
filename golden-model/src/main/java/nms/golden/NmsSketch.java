package nms.golden;

import nms.config.ConfigException;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchPattern;

/**
 * Twin of {@code nms_sketch} (spec section 11.1): the integer sketch of one image. Element k is
 * {@code round_shift(sum_j e(k, j), sketch_shift)} with {@code e = x_j} for code +1,
 * {@code max_pixel - x_j} for code -1 and 0 for code 0 (the -1 terms carry the offset
 * {@code negatives(k) * max_pixel}, so every partial sum is unsigned and bounded by
 * {@code nonzeros(k) * max_pixel}). Lanes and beats do not change the value: the RTL adds a
 * beat's lanes in any order and pad lanes have code 0.
 */
@RtlTwin("nms_sketch")
public final class NmsSketch {
    private final SketchPattern pattern;
    private final int dims;
    private final int maxPixel;
    private final int shift;

    public NmsSketch(NmsConfig config) {
        Formats f = config.formats();
        if (f.sketchPattern == null) {
            throw new ConfigException("nms_sketch needs sketch = block or projection, but sketch = "
                    + config.raw(nms.config.ConfigField.SKETCH));
        }
        this.pattern = f.sketchPattern;
        this.dims = config.dims();
        this.maxPixel = f.maxPixel;
        this.shift = f.sketchShift;
    }

    /** The exact (unrounded, offset) element sums: what the RTL's accumulators hold at the end. */
    public long[] exact(int[] image) {
        if (image.length != dims) {
            throw new IllegalArgumentException("image has " + image.length + " pixels, dims = " + dims);
        }
        long[] acc = new long[pattern.elements()];
        for (int k = 0; k < acc.length; k++) {
            long s = 0;
            for (int j = 0; j < dims; j++) {
                int c = pattern.code(k, j);
                s += c > 0 ? image[j] : c < 0 ? maxPixel - image[j] : 0;
            }
            acc[k] = s;
        }
        return acc;
    }

    /** The sketch: each exact sum rounded half-up by {@code sketch_shift}. */
    public long[] sketch(int[] image) {
        long[] e = exact(image);
        for (int k = 0; k < e.length; k++) {
            e[k] = Rounding.shiftHalfUp(e[k], shift);
        }
        return e;
    }

    /** The sketches of a class's rows. */
    public long[][] sketches(int[][] rows) {
        long[][] out = new long[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = sketch(rows[i]);
        }
        return out;
    }

    public SketchPattern pattern() {
        return pattern;
    }
}
