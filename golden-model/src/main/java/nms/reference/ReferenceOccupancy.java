package nms.reference;

import nms.golden.EmbeddingOccupancy;

/**
 * The double twin of {@link EmbeddingOccupancy}: the same {@code G x G} grid over the bounding
 * box and the same collision count {@code sum_cells c^2}, for a double embedding. Cell per axis:
 * {@code min(G - 1, floor((x - minX) / (maxX - minX) * G))}.
 */
public final class ReferenceOccupancy {

    private ReferenceOccupancy() {
    }

    public static long collisions(double[][] y) {
        int n = y.length;
        if (n == 0) {
            return 0;
        }
        int g = EmbeddingOccupancy.gridSide(n);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : y) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        long[] count = new long[g * g];
        for (double[] p : y) {
            count[cell(p[1], minY, maxY, g) * g + cell(p[0], minX, maxX, g)]++;
        }
        long c = 0;
        for (long k : count) {
            c += k * k;
        }
        return c;
    }

    private static int cell(double v, double min, double max, int g) {
        double span = max - min;
        return span == 0 ? 0 : (int) Math.min(g - 1, Math.floor((v - min) / span * g));
    }
}
