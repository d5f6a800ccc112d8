package nms.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The linear packer and hex printer of wide cells (whole images, a class of them) give the numbers
 * and digits of the plain shift-and-or loop and BigInteger.toString(16).
 */
class VectorFileWideTest {
    static BigInteger shiftOr(long[] elements, int width) {
        BigInteger v = BigInteger.ZERO;
        for (int k = elements.length - 1; k >= 0; k--) {
            v = v.shiftLeft(width).or(BigInteger.valueOf(elements[k]));
        }
        return v;
    }

    @Test
    void packIsTheShiftAndOrNumber() {
        Random r = new Random(4);
        for (int width : new int[] {1, 3, 5, 8, 16, 26, 40, 62, 63}) {
            for (int n : new int[] {0, 1, 2, 7, 784, 3072}) {
                long[] e = new long[n];
                for (int k = 0; k < n; k++) {
                    e[k] = width >= 63 ? r.nextLong() >>> 1 : r.nextLong() & ((1L << width) - 1);
                }
                if (n > 1) {
                    e[n - 1] = width >= 63 ? Long.MAX_VALUE : (1L << width) - 1; // top bits set
                }
                assertEquals(shiftOr(e, width), VectorFile.pack(e, width), "width " + width + ", n " + n);
            }
        }
        // An element wider than its field overlaps the next one, as the loop ORs it.
        long[] over = {0x1f, 0x3, 0x7f};
        assertEquals(shiftOr(over, 4), VectorFile.pack(over, 4));
    }

    @Test
    void wideCellsPrintAsToStringDoes() {
        Random r = new Random(18);
        for (int width : new int[] {4095, 4096, 4097, 4099, 6272, 49_152, 100_003}) {
            for (int bits : new int[] {width, width - 1, width - 7, 4097, 1, 0}) {
                if (bits > width || bits < 0) {
                    continue;
                }
                BigInteger v = new BigInteger(bits, r);
                if (bits > 0) {
                    v = v.setBit(bits - 1); // exactly `bits` wide, so the top digits are tested
                }
                String h = v.toString(16);
                String expected = "0".repeat((width + 3) / 4 - h.length()) + h;
                assertEquals(expected, VectorFile.hex(v, width, "p"), "width " + width + ", bits " + bits);
            }
        }
    }
}
