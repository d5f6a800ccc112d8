package nms.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nms.config.ConfigException;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchPattern;
import nms.golden.NmsSketch;
import org.junit.jupiter.api.Test;

/**
 * {@code NmsSketch} (spec section 11.1) on real Fashion-MNIST images: block pooling against block
 * sums taken from the image geometry (not from the pattern), the projection against the double
 * reference, the bound every element obeys, and the refusals.
 */
class SketchFidelityTest {
    static final NmsConfig BLOCK = NmsConfig.defaults().with("sketch", "block");

    @Test
    void blockPoolingIsTheRoundedMeanOfEachFourByFourBlock() {
        NmsSketch golden = new NmsSketch(BLOCK);
        Formats f = BLOCK.formats();
        assertEquals(7, f.sketchSide);
        assertEquals(4, f.sketchShift); // 16 pixels per block: the mean, rounded half up
        int checked = 0;
        for (int label : new int[] {0, 7}) {
            for (int[] img : FashionMnistSample.firstOfClass(label, 20)) {
                long[] s = golden.sketch(img);
                for (int by = 0; by < 7; by++) {
                    for (int bx = 0; bx < 7; bx++) {
                        long sum = 0;
                        for (int y = 4 * by; y < 4 * by + 4; y++) {
                            for (int x = 4 * bx; x < 4 * bx + 4; x++) {
                                sum += img[28 * y + x];
                            }
                        }
                        assertEquals((sum + 8) / 16, s[7 * by + bx], "block " + by + "," + bx);
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * 20 * 49, checked);
    }

    @Test
    void projectionIsTheReferenceMapPlusItsOffsetRoundedHalfUp() {
        // sketch_width 10 forces a rounding shift, so the half-up rule is exercised.
        for (String width : new String[] {"auto", "10"}) {
            NmsConfig c = NmsConfig.defaults().withAll(List.of("sketch=projection",
                    "sketch_width=" + width));
            Formats f = c.formats();
            assertEquals(width.equals("auto"), f.sketchShift == 0, "shift " + f.sketchShift);
            NmsSketch golden = new NmsSketch(c);
            ReferenceSketch ref = new ReferenceSketch(c);
            SketchPattern p = f.sketchPattern;
            double worst = 0;
            for (int[] img : FashionMnistSample.firstOfClass(3, 30)) {
                long[] exact = golden.exact(img);
                long[] s = golden.sketch(img);
                double[] y = ref.project(img);
                for (int k = 0; k < s.length; k++) {
                    assertTrue(exact[k] >= 0 && exact[k] <= (long) p.nonzeros(k) * f.maxPixel);
                    assertTrue(s[k] <= f.sketchMaxValue);
                    double err = s[k] - (y[k] + ref.offset(k));
                    assertTrue(err > -0.5 - 1e-9 && err <= 0.5 + 1e-9, "element " + k + ": " + err);
                    worst = Math.max(worst, Math.abs(err));
                }
            }
            if (f.sketchShift == 0) {
                assertEquals(0.0, worst, 1e-9, "no shift: exact");
            } else {
                assertTrue(worst > 0.1, "a rounded sketch must show rounding error: " + worst);
            }
        }
    }

    @Test
    void extremeImagesReachTheirBounds() {
        NmsConfig c = NmsConfig.defaults().with("sketch", "projection");
        Formats f = c.formats();
        SketchPattern p = f.sketchPattern;
        NmsSketch golden = new NmsSketch(c);
        int[] full = new int[c.dims()];
        java.util.Arrays.fill(full, f.maxPixel);
        long[] e = golden.exact(full);
        long[] z = golden.exact(new int[c.dims()]);
        for (int k = 0; k < e.length; k++) {
            assertEquals((long) (p.nonzeros(k) - p.negatives(k)) * f.maxPixel, e[k]);
            assertEquals((long) p.negatives(k) * f.maxPixel, z[k]);
        }
        long[] blockFull = new NmsSketch(BLOCK).sketch(full);
        long[] expect = new long[49];
        java.util.Arrays.fill(expect, BLOCK.formats().sketchMaxValue);
        assertArrayEquals(expect, blockFull);
        assertEquals(255, BLOCK.formats().sketchMaxValue);
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        ConfigException none = assertThrows(ConfigException.class,
                () -> new NmsSketch(NmsConfig.defaults()));
        assertTrue(none.getMessage().contains("sketch = none"), none.getMessage());
        assertThrows(ConfigException.class, () -> new ReferenceSketch(NmsConfig.defaults()));
        ConfigException square = assertThrows(ConfigException.class,
                () -> NmsConfig.defaults().withAll(List.of("sketch=block", "dims=780")).formats());
        assertTrue(square.getMessage().contains("dims = 780 is not a square"), square.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> new NmsSketch(BLOCK).sketch(new int[783]));
        assertTrue(len.getMessage().contains("dims = 784"), len.getMessage());
    }
}
