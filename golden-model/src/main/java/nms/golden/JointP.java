package nms.golden;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Joint P of one class as compressed sparse rows of integer weights: {@code P_ij = w_ij / total},
 * {@code w_ij = p_j|i + p_i|j} (spec section 7). Dense P is the case where every row lists all
 * others. Columns of each row are ascending.
 */
public record JointP(int n, int[] rowStart, int[] col, long[] weight, long total) {

    /**
     * Symmetrises conditionals given over neighbour lists {@code index[i]}: entry (i, j) of the
     * result is the sum of every {@code cond[i][c]} with {@code index[i][c] = j} and every
     * {@code cond[j][c]} with {@code index[j][c] = i}. Integer sums, so the result does not depend
     * on the order of accumulation; rows are merged in parallel with primitive sorts.
     */
    public static JointP symmetrise(int[][] index, long[][] cond) {
        int n = index.length;
        // Bucket every (i, j, p_j|i) into row i and its mirror (j, i, p_j|i) into row j.
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (cond[i].length != index[i].length) {
                throw new IllegalArgumentException("row " + i + ": " + index[i].length
                        + " neighbours but " + cond[i].length + " conditionals");
            }
            start[i + 1] += index[i].length;
            for (int j : index[i]) {
                if (j < 0 || j >= n || j == i) {
                    throw new IllegalArgumentException("row " + i + ": neighbour " + j
                            + " outside [0, " + n + ") or the row itself");
                }
                start[j + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] = Math.addExact(start[i + 1], start[i]);
        }
        int[] cols = new int[start[n]];
        long[] vals = new long[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < index[i].length; c++) {
                int j = index[i][c];
                cols[fill[i]] = j;
                vals[fill[i]++] = cond[i][c];
                cols[fill[j]] = i;
                vals[fill[j]++] = cond[i][c];
            }
        }
        // Per row: sort (column, slot) keys, merge equal columns in place at the row's start.
        int[] merged = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            int s = start[i];
            int len = start[i + 1] - s;
            long[] keys = new long[len];
            for (int e = 0; e < len; e++) {
                keys[e] = ((long) cols[s + e] << 32) | e;
            }
            Arrays.sort(keys);
            long[] rowVals = Arrays.copyOfRange(vals, s, s + len);
            int m = 0;
            int prev = -1;
            for (long key : keys) {
                int col = (int) (key >>> 32);
                long v = rowVals[(int) key];
                if (col != prev) {
                    cols[s + m] = col;
                    vals[s + m] = v;
                    m++;
                    prev = col;
                } else {
                    vals[s + m - 1] += v;
                }
            }
            merged[i] = m;
        });
        int[] rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] = rowStart[i] + merged[i];
        }
        int[] col = new int[rowStart[n]];
        long[] weight = new long[rowStart[n]];
        long total = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(cols, start[i], col, rowStart[i], merged[i]);
            System.arraycopy(vals, start[i], weight, rowStart[i], merged[i]);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                total = Math.addExact(total, weight[k]);
            }
        }
        return new JointP(n, rowStart, col, weight, total);
    }

    /** Weight of (i, j), 0 where absent. */
    public long weight(int i, int j) {
        int k = Arrays.binarySearch(col, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? weight[k] : 0;
    }
}
