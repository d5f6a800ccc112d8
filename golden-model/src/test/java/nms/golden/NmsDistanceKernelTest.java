package nms.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The blocked squared-L2 kernel equals a pixel-by-pixel long sum for every block shape. */
class NmsDistanceKernelTest {

    static long reference(int[] a, int[] b, int dims) {
        long sum = 0;
        for (int k = 0; k < dims; k++) {
            long d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    @Test
    void matchesReferenceForDimsBelowAtAndAboveTheBlock() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int width : new int[] {1, 4, 8, 12, 16}) {
            int maxPixel = (1 << width) - 1;
            int block = NmsDistance.blockFor(maxPixel);
            for (int dims : new int[] {1, 2, 3, 15, 16, 17, 100, 784, 4095, 4096, 4097, 9000}) {
                int[] a = rnd.ints(dims, 0, maxPixel + 1).toArray();
                int[] b = rnd.ints(dims, 0, maxPixel + 1).toArray();
                assertEquals(reference(a, b, dims), NmsDistance.squaredL2(a, b, dims, block),
                        "width " + width + " dims " + dims + " block " + block);
                // any smaller block gives the same value
                for (int smaller : new int[] {1, 2, 7, 64}) {
                    if (smaller <= block) {
                        assertEquals(reference(a, b, dims), NmsDistance.squaredL2(a, b, dims, smaller),
                                "width " + width + " dims " + dims + " block " + smaller);
                    }
                }
            }
        }
    }

    @Test
    void extremesAtEveryBlockBoundary() {
        // all terms maximal: each partial sum is as close to 2^32 as the block allows
        for (int width : new int[] {8, 15, 16}) {
            int maxPixel = (1 << width) - 1;
            int block = NmsDistance.blockFor(maxPixel);
            for (int dims : new int[] {block - 1, block, block + 1, 3 * block + 5}) {
                if (dims < 1) {
                    continue;
                }
                int[] zero = new int[dims];
                int[] max = new int[dims];
                Arrays.fill(max, maxPixel);
                long expected = (long) maxPixel * maxPixel * dims;
                assertEquals(expected, NmsDistance.squaredL2(zero, max, dims, block));
                assertEquals(expected, NmsDistance.squaredL2(max, zero, dims, block));
            }
        }
    }

    @Test
    void onlyTheFirstDimsPixelsCountAndBlockMustBePositive() {
        int[] a = {1, 2, 3, 100};
        int[] b = {4, 0, 3, 0};
        assertEquals(13, NmsDistance.squaredL2(a, b, 3, 4096));
        assertEquals(0, NmsDistance.squaredL2(a, b, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> NmsDistance.squaredL2(a, b, 3, 0));
    }
}
