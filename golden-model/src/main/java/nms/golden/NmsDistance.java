package nms.golden;

import nms.config.Metric;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_distance}: the exact integer distance of two images (spec section 4).
 * Lanes and beats do not change the value: the last beat is zero-padded on both operands.
 */
@RtlTwin("nms_distance")
public final class NmsDistance {
    private final Metric metric;
    private final int dims;
    private final int block;

    public NmsDistance(NmsConfig config) {
        this.metric = config.metric();
        this.dims = config.dims();
        this.block = blockFor(config.formats().maxPixel);
    }

    public long distance(int[] a, int[] b) {
        return metric == Metric.L2 ? squaredL2(a, b, dims, block) : l1(a, b, dims);
    }

    /** Pixels whose squared differences surely fit an unsigned 32-bit partial sum. */
    public static int blockFor(int maxPixel) {
        long maxSquare = (long) maxPixel * maxPixel;
        return (int) Math.max(1, Math.min(4096, 0xFFFF_FFFFL / Math.max(1, maxSquare)));
    }

    /**
     * The squared-L2 kernel. Pixels are summed in blocks of at most {@code block} (the last one
     * may be shorter, including a first block shorter than {@code block} when {@code dims} is):
     * each block accumulates in an int so the JIT vectorises it, and {@code block} (see
     * {@link #blockFor}) keeps every partial sum below 2^32, read back as unsigned. A shorter last
     * block has fewer terms, so it fits too; handling it in the same int loop, rather than pixel
     * by pixel in long arithmetic, is what keeps e.g. 784 8-bit pixels (block 4096) vectorised.
     */
    public static long squaredL2(int[] a, int[] b, int dims, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be >= 1, got " + block);
        }
        long sum = 0;
        for (int k = 0; k < dims; ) {
            int end = dims - k <= block ? dims : k + block;
            int partial = 0;
            for (int j = k; j < end; j++) {
                int d = a[j] - b[j];
                partial += d * d;
            }
            sum += Integer.toUnsignedLong(partial);
            k = end;
        }
        return sum;
    }

    public static long l1(int[] a, int[] b, int dims) {
        long sum = 0;
        for (int k = 0; k < dims; k++) {
            sum += Math.abs(a[k] - b[k]);
        }
        return sum;
    }
}
