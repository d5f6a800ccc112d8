package nms.golden;

/** Integer primitives shared by the golden units (arithmetic spec, section 2). */
public final class FixedPoint {
    private FixedPoint() {
    }

    /** {@code floor(v / 2^sh + 1/2)}: round half up, for v >= 0 and sh >= 1. */
    public static long roundShift(long v, int sh) {
        return (v + (1L << (sh - 1))) >>> sh;
    }

    /**
     * {@code min(round(a * b / 2^sh), sat)} with a 128-bit intermediate, for a, b >= 0 and
     * 1 <= sh <= 63. Round half up.
     */
    public static long mulRoundShiftSat(long a, long b, int sh, long sat) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        long lo2 = lo + (1L << (sh - 1));
        if (Long.compareUnsigned(lo2, lo) < 0) {
            hi++;
        }
        if ((hi >>> sh) != 0) {
            return sat;
        }
        long r = sh == 64 ? hi : (hi << (64 - sh)) | (lo2 >>> sh);
        return (r < 0 || r > sat) ? sat : r;
    }

    /** Bits to hold v >= 0, at least 1. */
    public static int bits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }
}
