package nms.config;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Exact integer computation of the transcendental constants the hardware needs (log2 e, log2 of
 * the target perplexity, ROM contents). Everything is BigInteger fixed point with {@link #WORK}
 * fraction bits, far more than any format can hold, so rounding to a format is deterministic and
 * independent of any floating-point library (arithmetic spec, section 2).
 */
public final class ExactMath {
    /** Working fraction bits. */
    public static final int WORK = 192;
    private static final BigInteger ONE = BigInteger.ONE.shiftLeft(WORK);
    /** Fraction bits of log2 developed exactly (truncated beyond). */
    private static final int RESULT_BITS = 96;

    private ExactMath() {
    }

    /** round(x * 2^frac) for x given in WORK fixed point; ties round up. */
    public static long roundTo(BigInteger xWork, int frac) {
        int shift = WORK - frac;
        return xWork.add(BigInteger.ONE.shiftLeft(shift - 1)).shiftRight(shift).longValueExact();
    }

    /** log2(num / den) in WORK fixed point, for num >= den > 0 (result >= 0). */
    public static BigInteger log2Ratio(BigInteger num, BigInteger den) {
        if (num.signum() <= 0 || den.signum() <= 0 || num.compareTo(den) < 0) {
            throw new IllegalArgumentException("log2Ratio needs num >= den > 0");
        }
        int n = num.bitLength() - den.bitLength();
        if (den.shiftLeft(n).compareTo(num) > 0) {
            n--;
        }
        // y = x / 2^n in [1, 2), then one fraction bit per squaring.
        BigInteger y = num.shiftLeft(WORK).divide(den.shiftLeft(n));
        BigInteger two = ONE.shiftLeft(1);
        BigInteger result = BigInteger.valueOf(n).shiftLeft(WORK);
        // Only the top RESULT_BITS fraction bits are developed: every format rounds far above them.
        for (int bit = WORK - 1; bit >= WORK - RESULT_BITS; bit--) {
            y = y.multiply(y).shiftRight(WORK);
            if (y.compareTo(two) >= 0) {
                y = y.shiftRight(1);
                result = result.setBit(bit);
            }
        }
        return result;
    }

    /** log2 of a positive decimal that is >= 1. */
    public static BigInteger log2(BigDecimal x) {
        BigDecimal s = x.stripTrailingZeros();
        BigInteger unscaled = s.unscaledValue();
        int scale = s.scale();
        if (scale >= 0) {
            return log2Ratio(unscaled, BigInteger.TEN.pow(scale));
        }
        return log2Ratio(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    /** log2(e) = 1 / ln 2, with ln 2 = sum_{k>=1} 1 / (k 2^k). */
    public static BigInteger log2e() {
        int guard = 64;
        BigInteger one = BigInteger.ONE.shiftLeft(WORK + guard);
        BigInteger ln2 = BigInteger.ZERO;
        for (int k = 1; k <= WORK + guard + 8; k++) {
            ln2 = ln2.add(one.shiftRight(k).divide(BigInteger.valueOf(k)));
        }
        return one.shiftLeft(WORK).divide(ln2);
    }

    /** 2^(-k / 2^bits) for k = 0 .. 2^bits, in WORK fixed point. */
    public static BigInteger[] exp2NegTable(int bits) {
        // r = 2^(-1/2^bits) by taking the square root of 1/2 'bits' times.
        BigInteger r = ONE.shiftRight(1);
        for (int i = 0; i < bits; i++) {
            r = r.shiftLeft(WORK).sqrt();
        }
        int n = (1 << bits) + 1;
        BigInteger[] table = new BigInteger[n];
        table[0] = ONE;
        for (int k = 1; k < n; k++) {
            table[k] = table[k - 1].multiply(r).shiftRight(WORK);
        }
        return table;
    }

    /** log2(1 + k / 2^bits) for k = 0 .. 2^bits, in WORK fixed point. */
    public static BigInteger[] log2OnePlusTable(int bits) {
        int n = (1 << bits) + 1;
        BigInteger den = BigInteger.ONE.shiftLeft(bits);
        BigInteger[] table = new BigInteger[n];
        for (int k = 0; k < n; k++) {
            table[k] = log2Ratio(den.add(BigInteger.valueOf(k)), den);
        }
        return table;
    }
}
