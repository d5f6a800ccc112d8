package nms.config;

import java.util.Arrays;

/**
 * The linear map of the sketch (arithmetic spec, section 11.1): for every sketch element k and
 * image pixel j a code in {0, +1, -1}. Block pooling maps each pixel to the one element whose
 * block holds it (+1); the projection draws every code from the config seed. Computed once here
 * and read by the golden twin, the double reference and the RTL generator (which emits it as a
 * ROM), so the pattern is never written twice.
 */
public final class SketchPattern {
    /** Salt of the projection's generator, so it does not replay other users of the seed. */
    static final long SALT = 0x736B_6574_6368L; // "sketch"
    /** Largest pattern (sketch_dims x dims codes) the generator builds. */
    static final long MAX_CODES = 1L << 24;

    private final int dims;
    private final int elements;
    private final byte[] codes; // element-major: codes[k * dims + j]
    private final int[] nonzeros;
    private final int[] negatives;

    private SketchPattern(int dims, int elements, byte[] codes) {
        this.dims = dims;
        this.elements = elements;
        this.codes = codes;
        this.nonzeros = new int[elements];
        this.negatives = new int[elements];
        for (int k = 0; k < elements; k++) {
            for (int j = 0; j < dims; j++) {
                byte c = codes[k * dims + j];
                nonzeros[k] += c != 0 ? 1 : 0;
                negatives[k] += c < 0 ? 1 : 0;
            }
        }
    }

    /** Block pooling of a {@code side x side} image into {@code s x s} blocks of edge side / s. */
    static SketchPattern block(int side, int s) {
        int b = side / s;
        int dims = side * side;
        byte[] codes = new byte[s * s * dims];
        for (int j = 0; j < dims; j++) {
            int k = (j / side / b) * s + (j % side) / b;
            codes[k * dims + j] = 1;
        }
        return new SketchPattern(dims, s * s, codes);
    }

    /**
     * Achlioptas' sparse projection: draws run element-major (k, then j) from a splitmix64
     * stream started at {@code seed ^ SALT}; a draw r taken modulo 2s (unsigned) gives +1 for
     * r = 0, -1 for r = 1, and 0 otherwise.
     */
    static SketchPattern projection(int dims, int elements, int density, long seed) {
        byte[] codes = new byte[elements * dims];
        long state = seed ^ SALT;
        long twoS = 2L * density;
        for (int i = 0; i < codes.length; i++) {
            state += 0x9E37_79B9_7F4A_7C15L;
            long r = Long.remainderUnsigned(mix(state), twoS);
            codes[i] = (byte) (r == 0 ? 1 : r == 1 ? -1 : 0);
        }
        return new SketchPattern(dims, elements, codes);
    }

    /** The splitmix64 output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    public int dims() {
        return dims;
    }

    /** Elements of the sketch (sketch_dims). */
    public int elements() {
        return elements;
    }

    /** The code of element k for pixel j: 0, +1 or -1. */
    public int code(int k, int j) {
        return codes[k * dims + j];
    }

    /** Pixels with a nonzero code in element k. */
    public int nonzeros(int k) {
        return nonzeros[k];
    }

    /** Pixels with code -1 in element k: its offset is negatives(k) * max_pixel. */
    public int negatives(int k) {
        return negatives[k];
    }

    /** The first element without any nonzero code, or -1. */
    int emptyElement() {
        for (int k = 0; k < elements; k++) {
            if (nonzeros[k] == 0) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SketchPattern p && p.dims == dims && Arrays.equals(p.codes, codes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes);
    }
}
