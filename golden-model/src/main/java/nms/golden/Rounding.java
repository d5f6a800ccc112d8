package nms.golden;

/**
 * The integer rounding primitives of the golden model. Each names its rounding mode, so every
 * rounding in the arithmetic spec maps to exactly one of these.
 *
 * <ul>
 *   <li><b>half-up</b>: to the nearest integer, ties towards +infinity ({@code floor(x + 1/2)});
 *       used for quantities that are never negative.</li>
 *   <li><b>half-away</b>: to the nearest integer, ties away from zero; odd-symmetric
 *       ({@code r(-x) = -r(x)}), used for signed quantities so that the force of a pair on one
 *       point is exactly the negative of its force on the other.</li>
 * </ul>
 */
public final class Rounding {

    private Rounding() {
    }

    /** {@code x / 2^shift} rounded half-up; {@code shift} in [0, 62]. */
    public static long shiftHalfUp(long x, int shift) {
        if (shift == 0) {
            return x;
        }
        return (x + (1L << (shift - 1))) >> shift;
    }

    /** {@code x / 2^shift} rounded half-away from zero; {@code shift} in [0, 62]. */
    public static long shiftHalfAway(long x, int shift) {
        if (shift == 0) {
            return x;
        }
        // For x < 0 the extra -1 (x >> 63) turns the tie-towards-+inf of the arithmetic shift
        // into a tie away from zero: (x + h - 1) >> s == -((-x + h) >> s).
        return (x + (1L << (shift - 1)) + (x >> 63)) >> shift;
    }

    /**
     * {@code x / 2^shift} rounded half to even (ties to the even neighbour), signed; {@code shift}
     * in [1, 62]. The LRT weight grid rounds this way, as the authors' quantizer ({@code rint}).
     */
    public static long shiftHalfEven(long x, int shift) {
        long floor = x >> shift;
        long rest = x & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        return rest > half || (rest == half && (floor & 1) != 0) ? floor + 1 : floor;
    }

    /** {@code num / den} rounded half-away from zero; {@code den > 0}. */
    public static long divHalfAway(long num, long den) {
        if (den <= 0) {
            throw new ArithmeticException("divisor must be positive, got " + den);
        }
        long magnitude = Math.absExact(num);
        long q = magnitude / den;
        long rem = magnitude - q * den;
        // rem >= den - rem  <=>  2 rem >= den, without forming 2 rem.
        if (rem >= den - rem) {
            q++;
        }
        return num < 0 ? -q : q;
    }

    /**
     * {@code a * b / 2^shift} rounded half-away from zero, from the exact 128-bit product;
     * {@code shift} in [1, 62]. Throws {@link ArithmeticException} when the result does not fit
     * in a signed 64-bit integer.
     */
    public static long mulShiftHalfAway(long a, long b, int shift) {
        if (shift < 1 || shift > 62) {
            throw new IllegalArgumentException("shift must be in [1, 62], got " + shift);
        }
        boolean negative = (a < 0) != (b < 0);
        long ua = Math.absExact(a);
        long ub = Math.absExact(b);
        long hi = Math.multiplyHigh(ua, ub);
        long lo = ua * ub;
        long loRounded = lo + (1L << (shift - 1));
        if (Long.compareUnsigned(loRounded, lo) < 0) {
            hi++;
        }
        if ((hi >>> (shift - 1)) != 0) {
            throw new ArithmeticException(a + " * " + b + " / 2^" + shift + " overflows 63 bits");
        }
        long magnitude = (hi << (64 - shift)) | (loRounded >>> shift);
        return negative ? -magnitude : magnitude;
    }
}
