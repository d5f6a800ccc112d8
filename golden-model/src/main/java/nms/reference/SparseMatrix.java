package nms.reference;

import java.util.Arrays;

/**
 * A square sparse matrix in compressed sparse row form: row {@code i} holds the entries
 * {@code columns[k], values[k]} for {@code k} in {@code [rowStart[i], rowStart[i+1])}, with
 * columns strictly increasing within a row.
 */
public record SparseMatrix(int n, int[] rowStart, int[] columns, double[] values) {

    public SparseMatrix {
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
            }
        }
    }

    public int nonZeros() {
        return columns.length;
    }

    /** The entry at (i, j), zero when it is not stored. */
    public double get(int i, int j) {
        int k = Arrays.binarySearch(columns, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? values[k] : 0.0;
    }

    /** The sum of all stored values, added in storage order. */
    public double sum() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    public double[][] toDense() {
        double[][] dense = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                dense[i][columns[k]] = values[k];
            }
        }
        return dense;
    }

    /** The transpose, again with increasing columns per row. */
    public SparseMatrix transpose() {
        int[] start = new int[n + 1];
        for (int c : columns) {
            start[c + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] cols = new int[columns.length];
        double[] vals = new double[values.length];
        // Visiting rows in increasing order appends increasing column indices to each target row.
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int at = fill[columns[k]]++;
                cols[at] = i;
                vals[at] = values[k];
            }
        }
        return new SparseMatrix(n, start, cols, vals);
    }
}
