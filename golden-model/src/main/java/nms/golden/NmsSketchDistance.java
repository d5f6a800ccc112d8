package nms.golden;

import nms.config.Metric;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_sketch_distance}, the distance instances of the one-pass engine when it
 * compares sketches (spec sections 4, 10.2, 11.1): section 4's datapath over {@code sketch_dims}
 * elements of {@code sketch_width} bits, exact in {@code sketch_dist_width} bits. The arithmetic
 * is {@link NmsDistance#ofSketches}; the module is verified through {@code nms_engine}'s vectors.
 */
@RtlTwin("nms_sketch_distance")
public final class NmsSketchDistance {
    private final Metric metric;
    private final int dims;

    public NmsSketchDistance(NmsConfig config) {
        this.metric = config.metric();
        this.dims = config.formats().sketchDims;
    }

    /** The distance of two sketches of {@code sketch_dims} elements. */
    public long distance(long[] a, long[] b) {
        if (a.length != dims) {
            throw new IllegalArgumentException("a sketch has " + dims + " elements, got " + a.length);
        }
        return NmsDistance.ofSketches(a, b, metric);
    }
}
