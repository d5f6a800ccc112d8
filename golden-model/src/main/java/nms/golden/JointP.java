package nms.golden;

import java.util.Arrays;

/**
 * Joint P of one class as compressed sparse rows of integer weights: {@code P_ij = w_ij / total},
 * {@code w_ij = p_j|i + p_i|j} (spec section 7). Dense P is the case where every row lists all
 * others. Columns of each row are ascending.
 */
public record JointP(int n, int[] rowStart, int[] col, long[] weight, long total) {

    /** Symmetrises conditionals given over neighbour lists {@code index[i]}. */
    public static JointP symmetrise(int[][] index, long[][] cond) {
        int n = index.length;
        // Collect (i, j, p_j|i) and the mirrored (j, i, p_j|i), then merge duplicates.
        int entries = 0;
        for (int[] row : index) {
            entries += 2 * row.length;
        }
        long[] keys = new long[entries];
        long[] vals = new long[entries];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < index[i].length; c++) {
                int j = index[i][c];
                keys[e] = (long) i * n + j;
                vals[e++] = cond[i][c];
                keys[e] = (long) j * n + i;
                vals[e++] = cond[i][c];
            }
        }
        Integer[] order = new Integer[entries];
        for (int k = 0; k < entries; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        int[] rowStart = new int[n + 1];
        int[] col = new int[entries];
        long[] weight = new long[entries];
        int m = 0;
        long total = 0;
        long prev = -1;
        for (int k = 0; k < entries; k++) {
            long key = keys[order[k]];
            if (key != prev) {
                col[m] = (int) (key % n);
                rowStart[(int) (key / n) + 1] = m + 1;
                m++;
                prev = key;
            }
            weight[m - 1] += vals[order[k]];
            total += vals[order[k]];
        }
        // rowStart holds the end of each row's last entry at its row + 1; fill empty rows.
        for (int i = 1; i <= n; i++) {
            rowStart[i] = Math.max(rowStart[i], rowStart[i - 1]);
        }
        return new JointP(n, rowStart, Arrays.copyOf(col, m), Arrays.copyOf(weight, m), total);
    }

    /** Weight of (i, j), 0 where absent. */
    public long weight(int i, int j) {
        int k = Arrays.binarySearch(col, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? weight[k] : 0;
    }
}
