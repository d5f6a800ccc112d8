package nms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nms.golden.EmbeddingOccupancy;
import org.junit.jupiter.api.Test;

/** The occupancy collision count, integer and double twins, on layouts whose count is known. */
class OccupancyTest {

    @Test
    void gridSideGivesAboutFourPointsPerCell() {
        assertEquals(1, EmbeddingOccupancy.gridSide(1));
        assertEquals(1, EmbeddingOccupancy.gridSide(4));
        assertEquals(2, EmbeddingOccupancy.gridSide(5));
        assertEquals(2, EmbeddingOccupancy.gridSide(16));
        assertEquals(3, EmbeddingOccupancy.gridSide(17));
        assertEquals(50, EmbeddingOccupancy.gridSide(10000));
    }

    @Test
    void uniformLatticeHasTheFewestCollisionsAndAClumpTheMost() {
        // 16 points, G = 2: a 4 x 4 lattice puts 4 in each cell (C = 4 * 16 = 64).
        long[][] lattice = new long[16][];
        double[][] latticeD = new double[16][];
        for (int i = 0; i < 16; i++) {
            lattice[i] = new long[] {(i % 4) << 20, (i / 4) << 20};
            latticeD[i] = new double[] {i % 4, i / 4};
        }
        assertEquals(64, EmbeddingOccupancy.collisions(lattice));
        assertEquals(64, ReferenceOccupancy.collisions(latticeD));
        // Two far outliers and 14 points in one clump: cells hold 14, 1, 1 (C = 198).
        long[][] clump = new long[16][];
        double[][] clumpD = new double[16][];
        for (int i = 0; i < 14; i++) {
            clump[i] = new long[] {i, i};
            clumpD[i] = new double[] {i / 1e6, i / 1e6};
        }
        clump[14] = new long[] {1 << 20, 0};
        clump[15] = new long[] {1 << 20, 1 << 20};
        clumpD[14] = new double[] {1, 0};
        clumpD[15] = new double[] {1, 1};
        assertEquals(14 * 14 + 1 + 1, EmbeddingOccupancy.collisions(clump));
        assertEquals(14 * 14 + 1 + 1, ReferenceOccupancy.collisions(clumpD));
        assertTrue(EmbeddingOccupancy.collisions(lattice) < EmbeddingOccupancy.collisions(clump));
        // All points equal: one cell, C = n^2.
        assertEquals(9, EmbeddingOccupancy.collisions(new long[][] {{5, 5}, {5, 5}, {5, 5}}));
        assertEquals(9, ReferenceOccupancy.collisions(new double[][] {{5, 5}, {5, 5}, {5, 5}}));
    }
}
