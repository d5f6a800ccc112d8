package nms.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansExemplarsTest {

    @Test
    void keepsTheRuleContract() {
        SelectionAssertions.assertRuleContract(new KMeansExemplars(),
                SyntheticImages.clusters2d(GridExemplarsTest.CORNERS, 20, 3, 11));
    }

    @Test
    void coversFourSeparatedClustersWithBudgetFour() {
        int perCluster = 25;
        double[][] points = SyntheticImages.clusters2d(GridExemplarsTest.CORNERS, perCluster, 1,
                4);
        for (long seed = 1; seed <= 10; seed++) {
            assertEquals(Set.of(0, 1, 2, 3), GridExemplarsTest.clustersHit(
                    new KMeansExemplars().choose(points, 4, seed), perCluster), "seed " + seed);
        }
    }

    @Test
    void coincidentPointsStillGiveTheExactBudget() {
        double[][] points = new double[10][];
        for (int i = 0; i < points.length; i++) {
            points[i] = i < 8 ? new double[] {1, 1} : new double[] {5, 5};
        }
        SelectionAssertions.assertValidSelection(new KMeansExemplars().choose(points, 4, 3), 4,
                10);
    }
}
