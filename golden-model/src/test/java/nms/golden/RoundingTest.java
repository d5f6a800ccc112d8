package nms.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RoundingTest {

    @Test
    void shiftHalfUpTiesGoUp() {
        assertEquals(1, Rounding.shiftHalfUp(2, 2));   // 0.5 -> 1
        assertEquals(0, Rounding.shiftHalfUp(1, 2));   // 0.25 -> 0
        assertEquals(0, Rounding.shiftHalfUp(-2, 2));  // -0.5 -> 0
        assertEquals(-1, Rounding.shiftHalfUp(-3, 2)); // -0.75 -> -1
        assertEquals(7, Rounding.shiftHalfUp(7, 0));
    }

    @Test
    void shiftHalfAwayIsOddSymmetric() {
        assertEquals(1, Rounding.shiftHalfAway(2, 2));
        assertEquals(-1, Rounding.shiftHalfAway(-2, 2));
        assertEquals(0, Rounding.shiftHalfAway(-1, 2));
        assertEquals(-2, Rounding.shiftHalfAway(-6, 2)); // -1.5 -> -2
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 100_000; trial++) {
            long x = random.nextLong(-(1L << 61), 1L << 61);
            int shift = random.nextInt(1, 40);
            assertEquals(-Rounding.shiftHalfAway(x, shift), Rounding.shiftHalfAway(-x, shift));
            assertEquals(reference(BigInteger.valueOf(x), shift), Rounding.shiftHalfAway(x, shift));
        }
    }

    @Test
    void divHalfAwayRoundsToNearestTiesAwayFromZero() {
        assertEquals(2, Rounding.divHalfAway(5, 3));
        assertEquals(-2, Rounding.divHalfAway(-5, 3));
        assertEquals(3, Rounding.divHalfAway(5, 2));
        assertEquals(-3, Rounding.divHalfAway(-5, 2));
        assertEquals(1, Rounding.divHalfAway(4, 3));
        assertEquals(Long.MAX_VALUE / 2 + 1, Rounding.divHalfAway(Long.MAX_VALUE, 2));
        assertThrows(ArithmeticException.class, () -> Rounding.divHalfAway(1, 0));
    }

    @Test
    void mulShiftHalfAwayUsesTheExactProduct() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 100_000; trial++) {
            long a = random.nextLong(-(1L << 45), 1L << 45);
            long b = random.nextLong(-(1L << 45), 1L << 45);
            int shift = random.nextInt(30, 63);
            BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
            assertEquals(reference(exact, shift), Rounding.mulShiftHalfAway(a, b, shift));
        }
        assertEquals(-1, Rounding.mulShiftHalfAway(-1, 1, 1)); // -0.5 -> -1
        assertThrows(ArithmeticException.class, () -> Rounding.mulShiftHalfAway(1L << 62, 1L << 62, 1));
    }

    private static long reference(BigInteger x, int shift) {
        return new java.math.BigDecimal(x).movePointLeft(0)
                .divide(new java.math.BigDecimal(BigInteger.ONE.shiftLeft(shift)))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
