package nms.desne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import nms.eval.ClassEmbedder;
import nms.golden.NmsEmbedding;
import nms.reference.EmbeddingQuality;
import nms.reference.FixedPointBridge;
import nms.reference.ReferenceTsne;
import org.junit.jupiter.api.Test;

/**
 * Both DE-SNE embedders on small synthetic classes: the same seed gives the same bits, another
 * seed other points, the neighbourhoods survive (trustworthiness), and the stats and options are
 * what they say.
 */
class DesneEmbeddersTest {

    private static final int DIMS = 64;
    private static final NmsConfig CONFIG = NmsConfig.defaults()
            .withAll(List.of("dims=" + DIMS, "lanes=4", "perplexity=10"));
    /**
     * One "class" of 160 rows with structure inside it: four synthetic prototypes with noise, the
     * labels ignored (the embedders never read them).
     */
    private static final Images CLASS = SyntheticImages.generate(7, 4, 40, 8, DIMS);

    private static List<DesneEmbedder> embedders(DesneOptions options) {
        return List.of(new FixedDesneEmbedder(CONFIG, options), new DoubleDesneEmbedder(CONFIG, options));
    }

    private static long[] bits(double[][] points) {
        return Arrays.stream(points).flatMapToDouble(Arrays::stream).mapToLong(Double::doubleToRawLongBits)
                .toArray();
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherPoints() {
        for (DesneOptions options : List.of(DesneOptions.DEFAULT.withIterations(300),
                DesneOptions.DEFAULT.withIterations(300).withDenseMaxRows(100))) {
            for (DesneEmbedder e : embedders(options)) {
                double[][] a = e.embed(CLASS, 42);
                double[][] b = e.embed(CLASS, 42);
                assertEquals(CLASS.rows(), a.length);
                assertEquals(2, a[0].length);
                assertArrayEquals(bits(a), bits(b), e.path());
                // A fresh instance too: nothing is cached between calls.
                DesneEmbedder fresh = e instanceof FixedDesneEmbedder
                        ? new FixedDesneEmbedder(CONFIG, options) : new DoubleDesneEmbedder(CONFIG, options);
                assertArrayEquals(bits(a), bits(fresh.embed(CLASS, 42)), e.path());
                assertFalse(Arrays.equals(bits(a), bits(e.embed(CLASS, 43))), e.path());
            }
        }
    }

    @Test
    void neighbourhoodsArePreservedDenseAndSparse() {
        for (DesneOptions options : List.of(DesneOptions.DEFAULT, DesneOptions.DEFAULT.withDenseMaxRows(100))) {
            for (DesneEmbedder e : embedders(options)) {
                double[][] y = e.embed(CLASS, 1);
                double t = EmbeddingQuality.trustworthiness(CLASS.pixels(), y, 10);
                ClassStats s = e.lastStats();
                System.out.printf("synthetic %s: trustworthiness %.4f; %s%n", e.path(), t, s);
                assertTrue(t > 0.9, e.path() + " trustworthiness " + t);
                assertEquals(options.dense(CLASS.rows()), s.dense());
                assertEquals(s.dense() ? CLASS.rows() - 1 : 30, s.neighbours());
                assertEquals(0, s.rowsOutsideTolerance(), s.toString());
                assertEquals(CLASS.rows(), s.rows());
                assertEquals(1000, s.iterations());
                assertTrue(s.pSeconds() >= 0 && s.embeddingSeconds() > 0);
            }
        }
    }

    @Test
    void statsComeWithThePointsAndFollowTheConfig() {
        FixedDesneEmbedder fixed = new FixedDesneEmbedder(CONFIG.with("search", "plain"),
                DesneOptions.DEFAULT.withIterations(50));
        assertEquals(null, fixed.lastStats());
        DesneEmbedder.Result r = fixed.embedWithStats(CLASS, 3);
        assertSame(r.stats(), fixed.lastStats());
        assertEquals("fixed", r.stats().path());
        assertEquals("plain", r.stats().search());
        assertEquals(50, r.stats().iterations());
        assertArrayEquals(bits(r.points()), bits(fixed.embed(CLASS, 3)));
        assertEquals("plain", new DoubleDesneEmbedder(CONFIG).embedWithStats(CLASS, 3).stats().search());
    }

    @Test
    void zeroIterationsReturnTheSharedSeededStart() {
        int n = CLASS.rows();
        DesneOptions none = DesneOptions.DEFAULT.withIterations(0);
        double[][] fixed = new FixedDesneEmbedder(CONFIG, none).embed(CLASS, 9);
        assertArrayEquals(bits(FixedPointBridge.toDouble(NmsEmbedding.initialEmbedding(n, 9))), bits(fixed));
        double[][] reference = new DoubleDesneEmbedder(CONFIG, none).embed(CLASS, 9);
        assertArrayEquals(bits(ReferenceTsne.initialEmbedding(n, 9)), bits(reference));
    }

    @Test
    void theyPlugInAsClassEmbedders() {
        List<BiFunction<NmsConfig, DesneOptions, ClassEmbedder>> makers =
                List.of(FixedDesneEmbedder::new, DoubleDesneEmbedder::new);
        for (var make : makers) {
            ClassEmbedder e = make.apply(CONFIG, DesneOptions.DEFAULT.withIterations(10));
            assertEquals(0, e.embed(CLASS.select(new int[0]), 1).length);
            double[][] one = e.embed(CLASS.select(new int[] {5}), 1);
            assertArrayEquals(new double[] {0, 0}, one[0]);
            assertEquals(2, e.embed(CLASS.select(new int[] {5, 6}), 1).length);
        }
    }

    @Test
    void theFixedPathRefusesClassesItIsNotSizedFor() {
        NmsConfig small = CONFIG.with("max_rows_per_class", "100");
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new FixedDesneEmbedder(small).embed(CLASS, 1));
        assertTrue(tooMany.getMessage().contains("max_rows_per_class"), tooMany.getMessage());
        Images wide = SyntheticImages.generate(1, 1, 10, 8, DIMS + 1);
        assertThrows(IllegalArgumentException.class, () -> new FixedDesneEmbedder(CONFIG).embed(wide, 1));
        assertNotEquals(0, new DoubleDesneEmbedder(small).embed(CLASS, 1).length);
    }

    @Test
    void wholeFashionMnistClassesFitMaxRowsPerClass8192() {
        // 6000-row classes exceed the default 1024; 8192 still passes the divider width check.
        NmsConfig c = NmsConfig.defaults().with("max_rows_per_class", "8192");
        assertEquals("62", c.describe().get("derived.dividend_width"));
        assertThrows(nms.config.ConfigException.class,
                () -> NmsConfig.defaults().with("max_rows_per_class", "32768"));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DesneOptions(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new DesneOptions(10, -1));
        assertEquals(1000, DesneOptions.DEFAULT.iterations());
        assertEquals(1000, DesneOptions.DEFAULT.denseMaxRows());
        assertTrue(DesneOptions.DEFAULT.dense(1000));
        assertFalse(DesneOptions.DEFAULT.dense(1001));
    }

    @Test
    void adaptivePerplexityKeepsTheMostUniformCandidateOnBothPaths() {
        DesneOptions base = DesneOptions.DEFAULT.withIterations(250);
        List<java.math.BigDecimal> ladder = List.of(new java.math.BigDecimal("5"), new java.math.BigDecimal("20"),
                new java.math.BigDecimal("60"));
        DesneOptions adaptive = base.withPerplexityCandidates(ladder);
        // 160 rows hold floor(3 P) <= 159 for 5 and 20, not for 60.
        assertEquals(ladder.subList(0, 2), adaptive.candidatesFor(160));
        assertEquals(ladder.subList(0, 1), adaptive.candidatesFor(10));
        for (boolean fixed : new boolean[] {true, false}) {
            DesneEmbedder chooser = fixed ? new FixedDesneEmbedder(CONFIG, adaptive) : new DoubleDesneEmbedder(CONFIG, adaptive);
            DesneEmbedder.Result chosen = chooser.embedWithStats(CLASS, 3);
            long best = Long.MAX_VALUE;
            java.math.BigDecimal bestP = null;
            double[][] bestPoints = null;
            for (java.math.BigDecimal p : adaptive.candidatesFor(CLASS.rows())) {
                NmsConfig at = CONFIG.with("perplexity", p.toPlainString());
                DesneEmbedder one = fixed ? new FixedDesneEmbedder(at, base) : new DoubleDesneEmbedder(at, base);
                double[][] points = one.embed(CLASS, 3);
                long c = fixed ? nms.golden.EmbeddingOccupancy.collisions(Arrays.stream(points)
                        .map(q -> new long[] {Math.round(q[0] * (1 << 20)), Math.round(q[1] * (1 << 20))})
                        .toArray(long[][]::new))
                        : nms.reference.ReferenceOccupancy.collisions(points);
                if (c < best) {
                    best = c;
                    bestP = p;
                    bestPoints = points;
                }
            }
            assertEquals(bestP, chosen.stats().perplexity(), chooser.path());
            assertArrayEquals(bits(bestPoints), bits(chosen.points()), chooser.path());
        }
    }
}
