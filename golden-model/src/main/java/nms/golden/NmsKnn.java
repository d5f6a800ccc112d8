package nms.golden;

import java.util.Arrays;
import nms.config.Formats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_knn} (spec section 11.2): of one row's candidates (index, distance), the k
 * nearest, in output order: smaller distance first, equal distances by smaller index. The caller
 * leaves the row itself out of the candidates (the unit never sees the row's own index). A row
 * with fewer than k candidates keeps all of them, so it yields min(k, candidates) entries.
 *
 * <p>Like the RTL, it keeps a sorted insertion array ({@link #offer}); since the order is total
 * over distinct indices, the result does not depend on the order the candidates come in.
 * {@link GoldenDesne#sparse} keeps its neighbours with the same step.
 */
@RtlTwin("nms_knn")
public final class NmsKnn {
    /** One kept neighbour. */
    public record Entry(int index, long dist) {
    }

    private final int k;
    private final int indexWidth;
    private final int distWidth;

    public NmsKnn(NmsConfig config) {
        this(config.formats());
    }

    public NmsKnn(Formats f) {
        this(f.knnK, f.knnIndexWidth, f.knnDistWidth);
    }

    /** A unit keeping {@code k} entries of {@code indexWidth}-bit indices, {@code distWidth}-bit distances. */
    public NmsKnn(int k, int indexWidth, int distWidth) {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + " must be >= 1");
        }
        if (indexWidth < 1 || indexWidth > 31) {
            throw new IllegalArgumentException("index width " + indexWidth + " must be in 1..31");
        }
        if (distWidth < 1 || distWidth > Formats.MAX_WIDTH) {
            throw new IllegalArgumentException("distance width " + distWidth + " must be in 1.."
                    + Formats.MAX_WIDTH);
        }
        this.k = k;
        this.indexWidth = indexWidth;
        this.distWidth = distWidth;
    }

    public int k() {
        return k;
    }

    /**
     * The kept entries of one row whose candidates arrive in the order given ({@code index[c]},
     * {@code dist[c]}): at most k, sorted by (distance, index). Refuses an empty row, an index or
     * distance outside its width, and an index given twice (the tie rule needs distinct indices).
     */
    public Entry[] nearest(int[] index, long[] dist) {
        if (index.length != dist.length) {
            throw new IllegalArgumentException(index.length + " indices but " + dist.length
                    + " distances");
        }
        int n = index.length;
        if (n == 0) {
            throw new IllegalArgumentException("a row needs at least one candidate");
        }
        long maxDist = distWidth == 63 ? Long.MAX_VALUE : (1L << distWidth) - 1;
        int maxIndex = (1 << indexWidth) - 1;
        for (int c = 0; c < n; c++) {
            if (index[c] < 0 || index[c] > maxIndex) {
                throw new IllegalArgumentException("candidate " + c + ": index " + index[c]
                        + " outside 0.." + maxIndex + " (knn_index_width = " + indexWidth + ")");
            }
            if (dist[c] < 0 || dist[c] > maxDist) {
                throw new IllegalArgumentException("candidate " + c + ": distance " + dist[c]
                        + " outside 0.." + maxDist + " (knn_dist_width = " + distWidth + ")");
            }
        }
        int[] sorted = index.clone();
        Arrays.sort(sorted);
        for (int c = 1; c < n; c++) {
            if (sorted[c] == sorted[c - 1]) {
                throw new IllegalArgumentException("index " + sorted[c] + " is a candidate twice");
            }
        }
        int[] best = new int[Math.min(k, n)];
        long[] bestDist = new long[best.length];
        int size = 0;
        for (int c = 0; c < n; c++) {
            size = offer(best, bestDist, size, index[c], dist[c]);
        }
        Entry[] out = new Entry[size];
        for (int e = 0; e < size; e++) {
            out[e] = new Entry(best[e], bestDist[e]);
        }
        return out;
    }

    /**
     * One step of the insertion array: {@code best}/{@code bestDist} hold {@code size} entries
     * sorted by (distance, index) in a capacity of {@code best.length}; candidate (j, d) goes
     * before the first entry it is smaller than, the last entry falls off a full array, and a
     * candidate smaller than none of a full array's entries is dropped. Returns the new size.
     */
    static int offer(int[] best, long[] bestDist, int size, int j, long d) {
        int k = best.length;
        if (size == k && !before(d, j, bestDist[k - 1], best[k - 1])) {
            return size; // not nearer than the current k-th
        }
        int at = size == k ? k - 1 : size++;
        while (at > 0 && before(d, j, bestDist[at - 1], best[at - 1])) {
            best[at] = best[at - 1];
            bestDist[at] = bestDist[at - 1];
            at--;
        }
        best[at] = j;
        bestDist[at] = d;
        return size;
    }

    /** The tie rule: (d, j) comes before (e, i) if d < e, or d == e and j < i. */
    static boolean before(long d, int j, long e, int i) {
        return d < e || (d == e && j < i);
    }
}
