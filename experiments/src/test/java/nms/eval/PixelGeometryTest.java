package nms.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class PixelGeometryTest {

    @Test
    void columnFormDistancesEqualDirectOnesAtEveryPixelWidth() {
        SplittableRandom random = new SplittableRandom(3);
        for (int width : new int[] {1, 8, 12, 16}) {
            int n = 40;
            int dims = 784;
            int[][] pixels = new int[n][dims];
            for (int[] row : pixels) {
                for (int p = 0; p < dims; p++) {
                    // Mostly zero, like real images, so the zero-skipping paths are exercised.
                    row[p] = random.nextInt(3) == 0 ? random.nextInt(1 << width) : 0;
                }
            }
            Images images = new Images("w" + width, width, dims, new int[n], new int[n], pixels);
            PixelGeometry geometry = new PixelGeometry(images);
            long[] distances = new long[n];
            for (int j = 0; j < n; j++) {
                geometry.distancesTo(j, distances);
                for (int i = 0; i < n; i++) {
                    long direct = 0;
                    for (int p = 0; p < dims; p++) {
                        long d = pixels[i][p] - pixels[j][p];
                        direct += d * d;
                    }
                    assertEquals(direct, distances[i], "width " + width);
                    assertEquals(direct, geometry.squaredDistance(i, j), "width " + width);
                }
            }
        }
    }
}
