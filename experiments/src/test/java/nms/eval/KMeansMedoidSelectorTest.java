package nms.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class KMeansMedoidSelectorTest {

    @Test
    void keepsTheSelectorContract() {
        SelectionAssertions.assertSelectorContract(new KMeansMedoidSelector(),
                SyntheticImages.classes(1, 60, 16, 3, 0));
    }

    @Test
    void picksOnePerWellSeparatedBlob() {
        int perBlob = 30;
        int[][] centres = new int[3][16];
        Arrays.fill(centres[0], 20);
        Arrays.fill(centres[1], 128);
        Arrays.fill(centres[2], 235);
        Images blobs = SyntheticImages.blobs(centres, perBlob, 10, 5);
        for (long seed = 1; seed <= 10; seed++) {
            int[] chosen = new KMeansMedoidSelector().select(blobs, 3, seed);
            Set<Integer> blobsHit = new TreeSet<>();
            for (int row : chosen) {
                blobsHit.add(row / perBlob);
            }
            assertEquals(Set.of(0, 1, 2), blobsHit, "seed " + seed);
        }
    }

    @Test
    void duplicateRowsStillGiveTheExactBudget() {
        // Only two distinct rows: medoids collide, the farthest-first fill makes up the rest.
        int[][] pixels = new int[12][];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 2 == 0 ? new int[] {0, 0} : new int[] {200, 200};
        }
        Images rows = SyntheticImages.rows(pixels);
        SelectionAssertions.assertValidSelection(new KMeansMedoidSelector().select(rows, 5, 1), 5,
                12);
    }
}
