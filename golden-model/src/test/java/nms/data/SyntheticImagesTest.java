package nms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    @Test
    void sameArgumentsGiveIdenticalImages() {
        Images a = SyntheticImages.generate(1, 10, 100, 8, 64);
        Images b = SyntheticImages.generate(1, 10, 100, 8, 64);
        assertEquals("synthetic(seed=1,classes=10,per_class=100)", a.source());
        assertEquals(a.source(), b.source());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.sourceIndex(), b.sourceIndex());
        assertTrue(Arrays.deepEquals(a.pixels(), b.pixels()));
        assertFalse(Arrays.deepEquals(a.pixels(), SyntheticImages.generate(2, 10, 100, 8, 64).pixels()));
    }

    @Test
    void rowsAreOrderedByClassAndInRange() {
        for (int width : new int[] {1, 4, 8, 16}) {
            Images images = SyntheticImages.generate(7, 3, 5, width, 20);
            assertEquals(width, images.pixelWidth());
            assertEquals(20, images.dims());
            assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2}, images.labels());
            assertEquals(14, images.sourceIndex()[14]);
            int max = (1 << width) - 1;
            // Images' constructor already rejects out-of-range pixels; check the range is used.
            assertTrue(Arrays.stream(images.pixels()).flatMapToInt(Arrays::stream).anyMatch(v -> v == 0));
            assertTrue(Arrays.stream(images.pixels()).flatMapToInt(Arrays::stream).anyMatch(v -> v == max));
        }
    }

    @Test
    void classesAreSeparableButRowsDiffer() {
        Images images = SyntheticImages.generate(3, 10, 50, 8, 64);
        long[][] means = new long[10][64];
        for (int i = 0; i < images.rows(); i++) {
            for (int k = 0; k < 64; k++) {
                means[images.labels()[i]][k] += images.pixels()[i][k];
            }
        }
        for (int i = 0; i < images.rows(); i++) {
            int nearest = 0;
            long best = Long.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                long d = 0;
                for (int k = 0; k < 64; k++) {
                    long diff = 50L * images.pixels()[i][k] - means[c][k];
                    d += diff * diff;
                }
                if (d < best) {
                    best = d;
                    nearest = c;
                }
            }
            assertEquals(images.labels()[i], nearest, "row " + i + " is nearest another class mean");
        }
        assertEquals(images.rows(), Arrays.stream(images.pixels()).map(Arrays::toString).distinct().count(),
                "rows of a class are not copies of one another");
    }

    @Test
    void rejectsEmptyShapes() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(1, 0, 5, 8, 4));
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(1, 2, 5, 17, 4));
    }
}
