package nms.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 2-D k-means exemplars: {@code budget} centres by k-means++ seeding and Lloyd iterations (until no
 * assignment changes or {@link #MAX_ITERATIONS}; an empty cluster keeps its centre), then the real
 * point nearest each centre. Centres sharing a nearest point count once; the shortfall is filled
 * farthest-first. Unlike {@link GridExemplars} the exemplars follow the density of the embedding.
 */
public final class KMeansExemplars implements ExemplarRule {

    public static final int MAX_ITERATIONS = 100;

    @Override
    public int[] choose(double[][] points, int budget, long seed) {
        int n = points.length;
        Selections.checkBudget(budget, n);
        if (budget == n) {
            return Selections.all(n);
        }
        double[][] centres = kMeansPlusPlus(points, budget, new SplittableRandom(seed));
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        boolean changed = assign(points, centres, assignment);
        for (int iteration = 0; iteration < MAX_ITERATIONS && changed; iteration++) {
            updateCentres(points, centres, assignment);
            changed = assign(points, centres, assignment);
        }
        boolean[] chosen = new boolean[n];
        for (double[] centre : centres) {
            chosen[PlaneGeometry.nearest(points, centre)] = true;
        }
        PlaneGeometry.fillFarthestFirst(points, chosen, budget);
        return Selections.sortedIndices(chosen);
    }

    private static double[][] kMeansPlusPlus(double[][] points, int k, SplittableRandom random) {
        int n = points.length;
        double[][] centres = new double[k][];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        centres[0] = points[random.nextInt(n)].clone();
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i],
                        PlaneGeometry.squaredDistance(points[i], centres[c - 1]));
                total += nearest[i];
            }
            int pick;
            if (total > 0) {
                double target = random.nextDouble() * total;
                double cumulative = 0;
                int lastPositive = -1;
                pick = -1;
                for (int i = 0; i < n && pick < 0; i++) {
                    cumulative += nearest[i];
                    lastPositive = nearest[i] > 0 ? i : lastPositive;
                    pick = target < cumulative ? i : -1;
                }
                // Rounding in the running sum can leave target just past the end.
                pick = pick < 0 ? lastPositive : pick;
            } else {
                pick = random.nextInt(n); // every point coincides with a centre
            }
            centres[c] = points[pick].clone();
        }
        return centres;
    }

    private static boolean assign(double[][] points, double[][] centres, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < points.length; i++) {
            int best = PlaneGeometry.nearest(centres, points[i]);
            if (assignment[i] != best) {
                assignment[i] = best;
                changed = true;
            }
        }
        return changed;
    }

    private static void updateCentres(double[][] points, double[][] centres, int[] assignment) {
        double[][] sum = new double[centres.length][2];
        int[] count = new int[centres.length];
        for (int i = 0; i < points.length; i++) {
            int c = assignment[i];
            sum[c][0] += points[i][0];
            sum[c][1] += points[i][1];
            count[c]++;
        }
        for (int c = 0; c < centres.length; c++) {
            if (count[c] > 0) {
                centres[c][0] = sum[c][0] / count[c];
                centres[c][1] = sum[c][1] / count[c];
            }
        }
    }

    @Override
    public String toString() {
        return "kmeans";
    }
}
