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
    void oneAnchorPerPassIsTheRowByRowOrder() {
        NmsEngine e = new NmsEngine(SMALL.with("engine_anchors", "1"));
        int beats = SMALL.formats().beats; // ceil(10 / 4) = 3
        assertEquals(3, beats);
        int n = 3;
        long base = 100;
        // Per row: its anchor, then every other image ascending (N x N reads, as before K).
        assertArrayEquals(new long[] {0, 1, 2, 1, 0, 2, 2, 0, 1}, images(e, base, n));
        long top = (1L << Formats.DRAM_ADDR_WIDTH) - 4;
        assertEquals(2, e.burstAddress(top, n, 2 * n)); // image 2 at top + 6 wraps to 2
    }

    @Test
    void passesReadTheirAnchorsThenEveryImageAndTheLastPassIsShort() {
        NmsEngine e = new NmsEngine(SMALL.with("engine_anchors", "3"));
        int n = 7; // passes of rows 0-2, 3-5, 6
        assertEquals(3, e.passes(n));
        assertEquals(1, e.anchorsInPass(n, 2));
        // The anchors, then every image but the first anchor.
        assertArrayEquals(new long[] {
            0, 1, 2, 1, 2, 3, 4, 5, 6,
            3, 4, 5, 0, 1, 2, 4, 5, 6,
            6, 0, 1, 2, 3, 4, 5}, images(e, 1000, n));
        // K = N = 4: one pass.
        NmsEngine four = new NmsEngine(SMALL);
        assertArrayEquals(new long[] {0, 1, 2, 3, 1, 2, 3}, images(four, 0, 4));
    }

    private static long[] images(NmsEngine e, long base, int n) {
        int beats = SMALL.formats().beats;
        long[] images = new long[(int) e.bursts(n)];
        for (int k = 0; k < images.length; k++) {
            images[k] = (e.burstAddress(base, n, k) - base) / beats;
        }
        return images;
    }

    @Test
    void trafficIsAnchorsPlusOneStreamPerPassAndOneRecordPerRow() {
        // 3 beats of 4 x 4 bits = 6 bytes per image; 7 images.
        // N + ceil(N / K) * (N - 1) image reads; K = 1 is N x N.
        int[][] cases = {{1, 49}, {2, 7 + 4 * 6}, {3, 7 + 3 * 6}, {4, 7 + 2 * 6},
            {7, 7 + 6}, {20, 7 + 6}};
        for (int[] c : cases) {
            NmsEngine e = new NmsEngine(SMALL.with("engine_anchors", Integer.toString(c[0])));
            assertEquals(c[1], e.bursts(7), "K = " + c[0]);
            assertEquals(c[1] * 3L, e.dramBeats(7));
            assertEquals(c[1] * 6L, e.dramBytes(7));
        }
        // The default flow's class: 100 images of 196 beats of 32 bits, K = 1 and the default 4.
        NmsConfig d = NmsConfig.defaults();
        assertEquals(4, d.engineAnchors());
        assertEquals(100L * 100 * 784, new NmsEngine(d.with("engine_anchors", "1")).dramBytes(100));
        assertEquals((100L + 25 * 99) * 784, new NmsEngine(d).dramBytes(100));
        NmsEngine e = new NmsEngine(SMALL);
        assertEquals(7L * ((SMALL.formats().hostRecordWidth + 7) / 8), e.hostBytes(7));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[1][10]));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[21][10]));
    }

    @Test
    void recordsAreTheSameForEveryAnchorCount() {
        Images cls = SyntheticImages.generate(3, 2, 14, 4, 10).ofClass(0);
        BigInteger one = new NmsEngine(SMALL.with("engine_anchors", "1")).run(cls.pixels())
                .hostStream();
        for (String k : List.of("2", "3", "4", "14", "20")) {
            NmsEngine.ClassRun run = new NmsEngine(SMALL.with("engine_anchors", k)).run(cls.pixels());
            assertEquals(one, run.hostStream(), "K = " + k);
        }
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
