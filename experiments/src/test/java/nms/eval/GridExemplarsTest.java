package nms.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GridExemplarsTest {

    static final double[][] CORNERS = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

    @Test
    void keepsTheRuleContract() {
        SelectionAssertions.assertRuleContract(new GridExemplars(),
                SyntheticImages.clusters2d(CORNERS, 20, 3, 11));
    }

    @Test
    void coversFourSeparatedClustersWithBudgetFour() {
        int perCluster = 25;
        double[][] points = SyntheticImages.clusters2d(CORNERS, perCluster, 1, 4);
        assertEquals(Set.of(0, 1, 2, 3), clustersHit(new GridExemplars().choose(points, 4, 0),
                perCluster));
    }

    @Test
    void takesTheSampleNearestEachCellsCentroid() {
        // One cluster per cell; in each, the middle point is nearest the centroid.
        double[][] points = {{0, 0}, {1, 0}, {2, 0}, {10, 10}, {11, 10}, {12, 10}};
        assertEquals(Set.of(1, 4), asSet(new GridExemplars().choose(points, 2, 0)));
    }

    @Test
    void coincidentPointsAreFilledFarthestFirst() {
        double[][] points = new double[10][];
        for (int i = 0; i < points.length; i++) {
            points[i] = i < 8 ? new double[] {1, 1} : new double[] {5, 5};
        }
        SelectionAssertions.assertValidSelection(new GridExemplars().choose(points, 4, 0), 4, 10);
    }

    static Set<Integer> clustersHit(int[] chosen, int perCluster) {
        Set<Integer> hit = new TreeSet<>();
        for (int i : chosen) {
            hit.add(i / perCluster);
        }
        return hit;
    }

    static Set<Integer> asSet(int[] values) {
        Set<Integer> set = new TreeSet<>();
        for (int v : values) {
            set.add(v);
        }
        return set;
    }
}
