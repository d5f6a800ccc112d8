package nms.train;

import nms.lrt.WriteCounter;

/**
 * How a weight layer's matrix changes after a sample. The gradient of the stored weights is
 * {@code sum_p a_p dz_p^T} over the layer's {@code pixels} (1 for a dense layer).
 */
interface WeightUpdate {
    /**
     * @param a the im2col input, pixels x n, row-major
     * @param dz the output gradient scaled to the stored weights, pixels x m
     * @param weights n x m, row-major, updated in place
     */
    void apply(double[] a, double[] dz, int pixels, double[] weights);

    /** Writes per cell as the paper counts them (per pixel for convolutions under SGD); null if none. */
    default WriteCounter counter() {
        return null;
    }

    /** Writes per cell counting one per sample at most; null if none. */
    default WriteCounter perSampleCounter() {
        return counter();
    }

    /** Auxiliary memory in words the method needs beside the weights. */
    default long memoryWords() {
        return 0;
    }

    /** Weights stay as they are. */
    WeightUpdate NONE = (a, dz, pixels, weights) -> { };
}
