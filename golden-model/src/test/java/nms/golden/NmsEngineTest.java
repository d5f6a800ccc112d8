package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import nms.data.Images;
import nms.data.SyntheticImages;
import org.junit.jupiter.api.Test;

/** NmsEngine (spec section 10): record packing by hand, burst order, traffic, agreement with GoldenDesne. */
class NmsEngineTest {
    /** 4-bit pixels, 20 rows at most: row 5 bits, and the widths below. */
    static final NmsConfig SMALL = NmsConfig.defaults().withAll(List.of("pixel_width=4", "dims=10",
            "lanes=4", "max_rows_per_class=20", "perplexity=3"));

    @Test
    void recordPacksRowBetaEntropyWithinFromTheTop() {
        Formats f = SMALL.formats();
        // The widths this hand case is written for.
        assertEquals(5, f.rowIndexWidth);
        int bw = f.betaWidth;
        int hw = f.entropyWidth;
        assertEquals(5 + bw + hw + 1, f.hostRecordWidth);
        NmsEngine e = new NmsEngine(SMALL);

        // row 19 = 0b10011, beta = 0b101, entropy = 0b11, within = 1:
        // bits [0] = 1, [hw:1] = ...0011, then beta ...0101, then 10011 at the top.
        BigInteger expected = BigInteger.ZERO.setBit(0).setBit(1).setBit(2)
                .setBit(1 + hw).setBit(1 + hw + 2)
                .setBit(1 + hw + bw).setBit(1 + hw + bw + 1).setBit(1 + hw + bw + 4);
        NmsEngine.Record r = new NmsEngine.Record(19, 0b101, 0b11, true);
        assertEquals(expected, e.pack(r));
        assertEquals(r, e.unpack(expected));

        // The widest values fill the record exactly; within = 0 clears bit 0.
        NmsEngine.Record max = new NmsEngine.Record(31, (1L << bw) - 1, (1L << hw) - 1, false);
        assertEquals(BigInteger.ONE.shiftLeft(f.hostRecordWidth).subtract(BigInteger.TWO), e.pack(max));
        assertThrows(IllegalArgumentException.class,
                () -> e.pack(new NmsEngine.Record(32, 0, 0, false)));

        // The host stream: record 0 in the least significant bits.
        NmsEngine.Record zero = new NmsEngine.Record(0, 1, 2, false);
        assertEquals(e.pack(r).shiftLeft(f.hostRecordWidth).or(e.pack(zero)),
                e.hostStream(new NmsEngine.Record[] {zero, r}));
    }

    @Test
    void burstsGoAnchorFirstThenEveryOtherImageAscendingAndWrap() {
        NmsEngine e = new NmsEngine(SMALL);
        int beats = SMALL.formats().beats; // ceil(10 / 4) = 3
        assertEquals(3, beats);
        int n = 3;
        long base = 100;
        long[] images = new long[n * n];
        for (int k = 0; k < n * n; k++) {
            images[k] = (e.burstAddress(base, n, k) - base) / beats;
        }
        assertArrayEquals(new long[] {0, 1, 2, 1, 0, 2, 2, 0, 1}, images);
        long top = (1L << Formats.DRAM_ADDR_WIDTH) - 4;
        assertEquals(2, e.burstAddress(top, n, 2 * n)); // image 2 at top + 6 wraps to 2
    }

    @Test
    void trafficIsNSquaredImageReadsAndOneRecordPerRow() {
        NmsEngine e = new NmsEngine(SMALL);
        // 3 beats of 4 x 4 bits = 6 bytes per image; 7 images -> 49 reads.
        assertEquals(49L * 3, e.dramBeats(7));
        assertEquals(49L * 6, e.dramBytes(7));
        assertEquals(7L * ((SMALL.formats().hostRecordWidth + 7) / 8), e.hostBytes(7));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[1][10]));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[21][10]));
    }

    @Test
    void runAgreesWithGoldenDesneRowByRow() {
        for (SearchVariant v : SearchVariant.values()) {
            NmsConfig c = SMALL.with("search", v.name().toLowerCase(java.util.Locale.ROOT));
            Images cls = SyntheticImages.generate(3, 2, 14, 4, 10).ofClass(1);
            GoldenDesne desne = new GoldenDesne(c);
            GoldenDesne.ClassResult golden = desne.run(desne.dense(cls), v);
            NmsEngine e = new NmsEngine(c);
            NmsEngine.ClassRun run = e.run(cls.pixels());
            NmsEngine.ClassRun from = e.fromSearches(golden.rows());
            assertEquals(from.hostStream(), run.hostStream(), v.toString());
            List<NmsEngine.Record> expected = new ArrayList<>();
            for (int i = 0; i < cls.rows(); i++) {
                NmsPerplexity.Search s = golden.rows()[i];
                expected.add(new NmsEngine.Record(i, s.beta(), s.entropy(), s.withinTolerance()));
            }
            assertEquals(expected, List.of(run.records()));
        }
    }
}
