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

/** NmsEngine (spec section 10): record packing by hand, one read per image, chunks, the cycle model, agreement with GoldenDesne and the sketch. */
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
    void everyImageIsReadOnceInOrder() {
        NmsEngine e = new NmsEngine(SMALL.with("engine_anchors", "3"));
        int beats = SMALL.formats().beats; // ceil(10 / 4) = 3
        assertEquals(3, beats);
        int n = 7;
        assertEquals(7, e.bursts(n));
        for (int k = 0; k < n; k++) {
            assertEquals(100 + 3L * k, e.burstAddress(100, n, k));
        }
        long top = (1L << Formats.DRAM_ADDR_WIDTH) - 4;
        assertEquals(2, e.burstAddress(top, n, 2)); // image 2 at top + 6 wraps to 2
        assertThrows(IllegalArgumentException.class, () -> e.burstAddress(0, n, n));
        // 3 beats of 4 x 4 bits = 6 bytes per image, for every K.
        assertEquals(21, e.dramBeats(n));
        assertEquals(42, e.dramBytes(n));
        assertEquals(3, e.passes(n));
        assertEquals(1, e.anchorsInPass(n, 2));
        // The default flow's class: 100 images of 784 bytes, read once.
        assertEquals(100L * 784, new NmsEngine(NmsConfig.defaults()).dramBytes(100));
        assertEquals(7L * ((SMALL.formats().hostRecordWidth + 7) / 8), e.hostBytes(7));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[1][10]));
        assertThrows(IllegalArgumentException.class, () -> e.run(new int[21][10]));
    }

    @Test
    void chunksAreConsecutiveBalancedAndAtMostMaxRows() {
        NmsEngine d = new NmsEngine(NmsConfig.defaults()); // max_rows_per_class = 1024
        assertArrayEquals(new int[] {0, 1000, 2000, 3000, 4000, 5000, 6000}, d.chunks(6000));
        assertArrayEquals(new int[] {0, 100}, d.chunks(100));
        assertArrayEquals(new int[] {0, 1024}, d.chunks(1024));
        assertArrayEquals(new int[] {0, 512, 1025}, d.chunks(1025));
        assertArrayEquals(new int[] {0, 683, 1366, 2050}, d.chunks(2050));
        assertThrows(IllegalArgumentException.class, () -> d.chunks(0));
    }

    @Test
    void cycleModelIsTheBusiestResource() {
        // SMALL: 3 beats per image; sketch none stores the image: sketch_beats = 3. k = 9.
        NmsEngine e = new NmsEngine(SMALL.with("engine_anchors", "2"));
        assertEquals(9, SMALL.formats().knnK);
        int n = 5; // kept(5) = 4; lanes: rows 0, 2, 4 and rows 1, 3
        NmsEngine.Cycles c = e.cycles(n, new int[] {1, 1, 1, 1, 1}, 0);
        assertEquals(15, c.dram());
        assertEquals(3L * 5 * 3, c.distance());  // ceil(5 / 2) passes of 5 rows of 3 beats
        assertEquals(3L * 4, c.search());          // lane 0: three rows of 4 reads
        assertEquals(45, c.ideal());
        assertEquals("distance", c.bound());
        c = e.cycles(n, new int[] {10, 1, 10, 1, 2}, 0);
        assertEquals(4L * (10 + 10 + 2), c.search());
        assertEquals(88, c.ideal());
        assertEquals("search", c.bound());
        // Each evaluation's overhead counts: lane 0 (22 evaluations) against lane 1 (2).
        c = e.cycles(n, new int[] {10, 1, 10, 1, 2}, 6);
        assertEquals(22L * (4 + 6), c.search());
        assertEquals(220, c.ideal());
        // Fewer rows than k keep every other row: kept(3) = 2.
        assertEquals(2, e.kept(3));
        assertThrows(IllegalArgumentException.class, () -> e.cycles(n, new int[4], 0));
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
    void aClassLargerThanTheStoreIsChunkedAlikeByGoldenDesneAndTheEngine() {
        // 47 rows, max_rows_per_class 20: C = 3 chunks of rows 0..14, 15..30, 31..46 (10.5).
        NmsConfig c = SMALL.with("perplexity", "2");
        Images cls = SyntheticImages.generate(5, 2, 47, 4, 10).ofClass(0);
        assertEquals(47, cls.rows());
        GoldenDesne desne = new GoldenDesne(c);
        assertThrows(IllegalArgumentException.class, () -> desne.distanceMatrix(cls));
        List<Images> chunks = desne.chunks(cls);
        int[] first = {0, 15, 31, 47};
        assertEquals(3, chunks.size());
        NmsEngine engine = new NmsEngine(c);
        for (int k = 0; k < 3; k++) {
            Images chunk = chunks.get(k);
            assertEquals(first[k + 1] - first[k], chunk.rows());
            for (int i = 0; i < chunk.rows(); i++) {
                assertArrayEquals(cls.pixels()[first[k] + i], chunk.pixels()[i]);
            }
            GoldenDesne.ClassResult golden = desne.run(desne.sparse(chunk, desne.sparseK()), c.search());
            // The engine is handed the chunk's images straight from the class, as the host would.
            NmsEngine.ClassRun run = engine.run(java.util.Arrays.copyOfRange(cls.pixels(), first[k], first[k + 1]));
            List<NmsEngine.Record> expected = new ArrayList<>();
            for (int i = 0; i < chunk.rows(); i++) {
                NmsPerplexity.Search s = golden.rows()[i];
                expected.add(new NmsEngine.Record(i, s.beta(), s.entropy(), s.withinTolerance()));
            }
            assertEquals(expected, List.of(run.records()));
        }
        // A class that fits is one chunk, the class itself.
        Images small = cls.select(java.util.stream.IntStream.range(0, 20).toArray());
        assertEquals(1, desne.chunks(small).size());
        assertArrayEquals(small.pixels(), desne.chunks(small).get(0).pixels());
    }

    @Test
    void withoutSketchRunIsGoldenDesneOnItsSparseNeighbours() {
        // perplexity 2: k = 6 < 13 other rows, so the kept set matters.
        for (SearchVariant v : SearchVariant.values()) {
            NmsConfig c = SMALL.withAll(List.of("perplexity=2",
                    "search=" + v.name().toLowerCase(java.util.Locale.ROOT)));
            Images cls = SyntheticImages.generate(3, 2, 14, 4, 10).ofClass(1);
            GoldenDesne desne = new GoldenDesne(c);
            GoldenDesne.Neighbours nb = desne.sparse(cls, desne.sparseK());
            GoldenDesne.ClassResult golden = desne.run(nb, v);
            NmsEngine.ClassRun run = new NmsEngine(c).run(cls.pixels());
            List<NmsEngine.Record> expected = new ArrayList<>();
            for (int i = 0; i < cls.rows(); i++) {
                NmsPerplexity.Search s = golden.rows()[i];
                expected.add(new NmsEngine.Record(i, s.beta(), s.entropy(), s.withinTolerance()));
                assertEquals(6, run.neighbours()[i].length);
                assertEquals(nb.index()[i][0], run.neighbours()[i][0].index());
                assertEquals(s.iterations(), run.iterations()[i]);
            }
            assertEquals(expected, List.of(run.records()));
        }
    }

    @Test
    void withASketchRowsAreSearchedOnTheNearestSketchDistances() {
        // 16 pixels as 4 x 4, block sketch of 2 x 2 blocks; projection of 4 elements.
        NmsConfig base = NmsConfig.defaults().withAll(List.of("pixel_width=4", "dims=16", "lanes=4",
                "max_rows_per_class=20", "perplexity=2"));
        Images cls = SyntheticImages.generate(3, 2, 14, 4, 16).ofClass(0);
        for (String kind : List.of("sketch=block", "sketch=projection")) {
            NmsConfig c = base.withAll(List.of(kind));
            NmsEngine e = new NmsEngine(c);
            NmsSketch sk = new NmsSketch(c);
            NmsPerplexity perp = new NmsPerplexity(c);
            int shift = c.formats().engineDistShift;
            long[][] s = sk.sketches(cls.pixels());
            NmsEngine.ClassRun run = e.run(cls.pixels());
            int n = cls.rows();
            for (int i = 0; i < n; i++) {
                // Independent of NmsKnn: sort all others by (distance, index) and take k.
                final int row = i;
                List<long[]> all = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        long d = 0;
                        for (int q = 0; q < s[i].length; q++) {
                            d += (s[i][q] - s[j][q]) * (s[i][q] - s[j][q]);
                        }
                        all.add(new long[] {d, j});
                    }
                }
                all.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
                long[] d = new long[c.formats().knnK];
                for (int q = 0; q < d.length; q++) {
                    d[q] = all.get(q)[0] >>> shift;
                    assertEquals(all.get(q)[1], run.neighbours()[row][q].index(), kind);
                }
                NmsPerplexity.Search want = perp.search(d, c.search());
                assertEquals(new NmsEngine.Record(i, want.beta(), want.entropy(), want.withinTolerance()),
                        run.records()[i], kind + " row " + i);
            }
        }
    }
}
