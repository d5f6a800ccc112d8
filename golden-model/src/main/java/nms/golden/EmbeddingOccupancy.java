package nms.golden;

/**
 * How evenly a 2-D integer embedding fills its bounding box, the measure of the entropy-guided
 * (adaptive) perplexity (docs/arithmetic-embedding.md, "Adaptive perplexity"): the box of the
 * {@code n} points is cut into {@code G x G} cells, {@code G = max(1, ceil(sqrt(n) / 2))} (about
 * four points per cell), and the measure is the collision count {@code C = sum_cells c^2}. The
 * Renyi entropy of order 2 of the occupancy is {@code log2(n^2 / C)}, so a smaller {@code C} is a
 * more uniform embedding; comparing {@code C} needs no logarithm and is exact.
 *
 * <p>Cell of a point: {@code min(G - 1, floor((x - minX) * G / (maxX - minX)))} per axis (0 when
 * the axis has no extent). Integer-only, like the rest of {@code nms.golden}; the double twin is
 * {@link nms.reference.ReferenceOccupancy}.
 */
public final class EmbeddingOccupancy {

    private EmbeddingOccupancy() {
    }

    /** {@code G} for {@code n} points: the smallest {@code g >= 1} with {@code (2g)^2 >= n}. */
    public static int gridSide(int n) {
        int g = 1;
        while (4L * g * g < n) {
            g++;
        }
        return g;
    }

    /** The collision count of points {@code y[i] = {x, y}} (any fixed-point scale). */
    public static long collisions(long[][] y) {
        int n = y.length;
        if (n == 0) {
            return 0;
        }
        int g = gridSide(n);
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        long minY = Long.MAX_VALUE;
        long maxY = Long.MIN_VALUE;
        for (long[] p : y) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        long[] count = new long[g * g];
        for (long[] p : y) {
            count[cell(p[1], minY, maxY, g) * g + cell(p[0], minX, maxX, g)]++;
        }
        long c = 0;
        for (long k : count) {
            c += k * k;
        }
        return c;
    }

    private static int cell(long v, long min, long max, int g) {
        long span = max - min;
        return span == 0 ? 0 : (int) Math.min(g - 1, Math.multiplyExact(v - min, (long) g) / span);
    }
}
