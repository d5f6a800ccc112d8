package nms.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The linear hex printer of wide cells gives the digits BigInteger.toString(16) gives. */
class VectorFileHexTest {
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
