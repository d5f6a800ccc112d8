package nms.train;

import java.util.List;

/** One stage of the batch-1 network; tensors are flat {@code double[]}, HWC for images. */
interface Layer {
    double[] forward(double[] x);

    double[] backward(double[] gradient);

    /** Applies this sample's parameter update (after {@link #backward}). */
    default void update(Training training) {
    }

    /** The arrays that make up this layer's state (parameters and running statistics), by reference. */
    default List<double[]> state() {
        return List.of();
    }
}
