package nms.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.desne.DesneOptions;
import nms.desne.FixedDesneEmbedder;
import org.junit.jupiter.api.Test;

/**
 * The hardware rule ({@code NmsSampler}) against the double {@link KMeansExemplars} on real
 * embedded Fashion-MNIST classes: index agreement (they seed differently, so not all indices can
 * agree) and coverage, the mean squared distance of a row to its nearest exemplar, which is what
 * the rule is for.
 */
class SamplerExemplarsTest {

    @Test
    void keepsTheRuleContract() {
        SelectionAssertions.assertRuleContract(new SamplerExemplars(),
                SyntheticImages.clusters2d(GridExemplarsTest.CORNERS, 20, 3, 11));
    }

    @Test
    void coversRealEmbeddedClassesAsWellAsTheDoubleRule() {
        Images train = FashionMnist.load("train");
        FixedDesneEmbedder embedder = new FixedDesneEmbedder(NmsConfig.defaults(),
                DesneOptions.DEFAULT);
        int rows = 300;
        for (int label : new int[] {0, 7}) {
            Images cls = train.ofClass(label);
            Images part = cls.select(java.util.stream.IntStream.range(0, rows).toArray());
            double[][] points = embedder.embed(part, 1);
            for (int budget : new int[] {3, 15, 30}) {
                int[] hw = new SamplerExemplars().choose(points, budget, 0);
                double hwCost = coverage(points, hw);
                double sum = 0;
                double agree = 0;
                int seeds = 5;
                for (long seed = 1; seed <= seeds; seed++) {
                    int[] ref = new KMeansExemplars().choose(points, budget, seed);
                    sum += coverage(points, ref);
                    agree += Arrays.stream(hw).filter(i -> Arrays.binarySearch(ref, i) >= 0).count()
                            / (double) budget;
                }
                double refCost = sum / seeds;
                System.out.printf(Locale.ROOT, "sampler vs kmeans: class %d, %d rows, budget %d:"
                        + " coverage %.4f vs %.4f (ratio %.3f), index agreement %.3f%n", label, rows,
                        budget, hwCost, refCost, hwCost / refCost, agree / seeds);
                assertTrue(hwCost <= 1.05 * refCost, "class " + label + " budget " + budget
                        + ": the integer rule covers the class at " + hwCost + ", the double at "
                        + refCost);
            }
        }
    }

    /** Mean squared distance of a row to its nearest exemplar. */
    static double coverage(double[][] points, int[] chosen) {
        double total = 0;
        for (double[] p : points) {
            double best = Double.POSITIVE_INFINITY;
            for (int c : chosen) {
                best = Math.min(best, PlaneGeometry.squaredDistance(p, points[c]));
            }
            total += best;
        }
        return total / points.length;
    }
}
