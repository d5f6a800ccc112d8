package nms.golden;

import java.util.Arrays;

/**
 * Non-negative integer weights of a square sparse matrix in compressed sparse row form: row
 * {@code i} holds {@code columns[k], values[k]} for {@code k} in {@code [rowStart[i], rowStart[i+1])},
 * columns strictly increasing within a row. Used for the joint P of the integer embedding, where
 * {@code P_ij = values / total} for a total given alongside.
 */
public record SparseWeights(int n, int[] rowStart, int[] columns, long[] values) {

    public SparseWeights {
        if (rowStart.length != n + 1 || rowStart[0] != 0 || rowStart[n] != columns.length
                || columns.length != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays");
        }
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("rowStart decreases at row " + i);
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (columns[k] < 0 || columns[k] >= n
                        || (k > rowStart[i] && columns[k] <= columns[k - 1])) {
                    throw new IllegalArgumentException("row " + i + ": columns must increase within [0, n)");
                }
                if (values[k] < 0) {
                    throw new IllegalArgumentException("row " + i + ": negative weight " + values[k]);
                }
            }
        }
    }

    public int nonZeros() {
        return columns.length;
    }

    /** The weight at (i, j), zero when it is not stored. */
    public long get(int i, int j) {
        int k = Arrays.binarySearch(columns, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? values[k] : 0L;
    }

    /** The exact sum of all weights. */
    public long sum() {
        long s = 0;
        for (long v : values) {
            s = Math.addExact(s, v);
        }
        return s;
    }
}
