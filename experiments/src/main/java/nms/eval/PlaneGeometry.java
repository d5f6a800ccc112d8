package nms.eval;

import java.util.Arrays;

/** Farthest-first traversal and nearest-point queries over 2-D embedding points. */
final class PlaneGeometry {

    private PlaneGeometry() {
    }

    static double squaredDistance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }

    /** Index of the point nearest {@code target} (ties to the lowest index). */
    static int nearest(double[][] points, double[] target) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < points.length; i++) {
            double d = squaredDistance(points[i], target);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    static double[] mean(double[][] points) {
        double[] mean = new double[2];
        for (double[] p : points) {
            mean[0] += p[0];
            mean[1] += p[1];
        }
        mean[0] /= points.length;
        mean[1] /= points.length;
        return mean;
    }

    /**
     * Adds to {@code chosen} the point farthest from everything chosen so far until
     * {@code budget} are chosen; starts from the point nearest the mean if nothing is chosen.
     * This is how exemplar rules fill a shortfall: the points added are the worst-covered ones.
     */
    static void fillFarthestFirst(double[][] points, boolean[] chosen, int budget) {
        int n = points.length;
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (chosen[i]) {
                count++;
                lowerNearest(points, nearest, i);
            }
        }
        if (count == 0 && budget > 0) {
            int first = nearest(points, mean(points));
            chosen[first] = true;
            count = 1;
            lowerNearest(points, nearest, first);
        }
        while (count < budget) {
            int farthest = -1;
            for (int i = 0; i < n; i++) {
                if (!chosen[i] && (farthest < 0 || nearest[i] > nearest[farthest])) {
                    farthest = i;
                }
            }
            chosen[farthest] = true;
            count++;
            lowerNearest(points, nearest, farthest);
        }
    }

    private static void lowerNearest(double[][] points, double[] nearest, int chosenPoint) {
        double[] c = points[chosenPoint];
        for (int i = 0; i < points.length; i++) {
            double d = squaredDistance(points[i], c);
            if (d < nearest[i]) {
                nearest[i] = d;
            }
        }
    }
}
