package nms.reference;


import nms.config.Metric;

/**
 * Exact all-pairs pixel distances of one class, computed in parallel.
 *
 * <p>Every entry is an exact integer, so the result is bit-identical whatever the number of
 * threads or the order in which pairs are visited.
 */
public final class PairwiseDistances {


    private PairwiseDistances() {
    }

    /**
     * The full symmetric {@code n x n} distance matrix with a zero diagonal.
     *
     * @param rows   pixel rows of equal length, non-negative values
     * @param metric {@link Metric#L2} (squared Euclidean) or {@link Metric#L1}
     */
    public static long[][] compute(int[][] rows, Metric metric) {
        // The golden model's exact kernel: distances are integers, so the reference shares them.
        return nms.golden.NmsDistance.matrix(rows, metric);
    }
}
