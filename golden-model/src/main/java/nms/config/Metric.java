package nms.config;

/** Distance metric of DE-SNE stage 1. */
public enum Metric {
    /** Squared Euclidean distance, {@code sum (x-y)^2} (the t-SNE default). */
    L2,
    /** Sum of absolute differences, {@code sum |x-y|}. */
    L1
}
