package nms.config;

/**
 * The pixel-space distance between two images, computed exactly in integer arithmetic.
 *
 * <p>{@link #L2} is the default because t-SNE's Gaussian affinities are defined on squared
 * Euclidean distances; {@link #L1} is offered because it needs no multiplier in hardware.
 */
public enum Metric {
    /** Squared Euclidean distance {@code sum_k (a_k - b_k)^2} (not its square root). */
    L2,
    /** Manhattan distance {@code sum_k |a_k - b_k|}. */
    L1;

    public static final Metric DEFAULT = L2;

    /** The exact distance between two equally long pixel rows. */
    public long distance(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("rows differ in length: " + a.length + " vs " + b.length);
        }
        long sum = 0;
        if (this == L2) {
            for (int k = 0; k < a.length; k++) {
                long diff = a[k] - b[k];
                sum += diff * diff;
            }
        } else {
            for (int k = 0; k < a.length; k++) {
                sum += Math.abs(a[k] - b[k]);
            }
        }
        return sum;
    }
}
