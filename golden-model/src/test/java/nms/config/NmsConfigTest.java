package nms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NmsConfigTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsDeriveTheDocumentedWidths() {
        Formats f = NmsConfig.defaults().formats();
        assertEquals(196, f.beats);                         // ceil(784 / 4)
        assertEquals(26, f.distWidth);                      // 784 * 255^2 = 50,979,600 < 2^26
        assertEquals(48, NmsConfig.defaults().betaFracBits()); // auto = 26 + 22
        assertEquals(52, f.betaWidth);
        assertEquals(22L << 16, f.tSat);                   // (20 + 2) << 16
        assertEquals(21, f.tWidth);
        assertEquals(6196328019L, f.log2e);                 // round(1.4426950408889634 * 2^32)
        assertEquals(82323963L, f.targetEntropy);           // log2(30) * 2^24 = 82323963.4
        assertEquals(168, f.tolerance);                     // round(1e-5 * 2^24) = round(167.77)
        assertEquals(30, f.sumAWidth);                      // 1023 << 20 < 2^30
    }

    @Test
    void hashIgnoresOrderSpacingAndSpelling() throws Exception {
        NmsConfig a = NmsConfig.load(file("a.conf", "lanes = 8\nperplexity = 30\n"));
        NmsConfig b = NmsConfig.load(file("b.conf", "# comment\n  perplexity=30.000   \n\nlanes=08\n"));
        assertEquals(a.hash(), b.hash());
        assertEquals(a, b);
        assertNotEquals(a.hash(), a.with("lanes", "16").hash());
        assertEquals(16, a.hash().length());
    }

    @Test
    void setOverridesAFileValue() throws Exception {
        NmsConfig c = NmsConfig.load(file("c.conf", "lanes = 8\n")).with("lanes", "2");
        assertEquals(2, c.lanes());
    }

    @Test
    void unknownKeyNamesFileAndLine() throws Exception {
        Path p = file("bad.conf", "lanes = 4\nlanez = 8\n");
        ConfigException e = assertThrows(ConfigException.class, () -> NmsConfig.load(p));
        assertTrue(e.getMessage().contains("bad.conf:2") && e.getMessage().contains("lanez"),
                e.getMessage());
    }

    @Test
    void duplicateKeyIsRefused() throws Exception {
        Path p = file("dup.conf", "lanes = 4\nlanes = 8\n");
        ConfigException e = assertThrows(ConfigException.class, () -> NmsConfig.load(p));
        assertTrue(e.getMessage().contains("dup.conf:2") && e.getMessage().contains("line 1"),
                e.getMessage());
    }

    @Test
    void lineWithoutEqualsIsRefused() throws Exception {
        Path p = file("noeq.conf", "lanes 4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> NmsConfig.load(p));
        assertTrue(e.getMessage().contains("noeq.conf:1"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "pixel_width, 0, outside its range",
        "pixel_width, 17, outside its range",
        "dims, 0, outside its range",
        "lanes, 65, outside its range",
        "lanes, abc, must be a number",
        "adder_levels_per_stage, 0, outside its range",
        "adder_levels_per_stage, 7, outside its range",
        "max_rows_per_class, 1, outside its range",
        "beta_int_bits, 9, outside its range",
        "beta_frac_bits, 7, outside its range",
        "t_frac_bits, 25, outside its range",
        "affinity_frac_bits, 3, outside its range",
        "exp_lut_bits, 13, outside its range",
        "log_lut_bits, 15, outside its range",
        "log_interp_bits, 21, outside its range",
        "entropy_frac_bits, 33, outside its range",
        "p_frac_bits, 31, outside its range",
        "search_iterations, 0, outside its range",
        "engine_anchors, 0, outside its range",
        "engine_anchors, 65, outside its range",
        "sampler_iterations, 0, outside its range",
        "sampler_iterations, 1001, outside its range",
        "sampler_max_centres, 0, outside its range",
        "metric, l3, is not one of",
        "search, fast, is not one of",
        "exp_interp, yes, true or false",
        "perplexity, -5, must be > 0",
        "search_tolerance, 0, must be > 0",
        "seed, 1.5, must be a number",
    })
    void outOfRangeFieldsAreRefusedByName(String key, String value, String why) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> NmsConfig.defaults().with(key, value));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lanes=32,dims=16 | lanes = 32 must not exceed dims",
        "perplexity=40,max_rows_per_class=32 | cannot be reached",
        "perplexity=0.5 | must be >= 1",
        "beta_frac_bits=20 | too small for dist_width",
        "t_frac_bits=20,beta_frac_bits=20 | must exceed t_frac_bits",
        "exp_lut_bits=12,t_frac_bits=8 | must not exceed t_frac_bits",
        "entropy_frac_bits=8 | must be >= t_frac_bits",
        "max_rows_per_class=65536,affinity_frac_bits=30 | dividend needs",
        "search_tolerance=0.000000001 | below the entropy resolution",
        "beta_int_bits=8,beta_frac_bits=60 | exceeds 62 bits",
        "max_rows_per_class=3,perplexity=2 | engine_anchors = 4 must not exceed max_rows_per_class = 3",
        "max_rows_per_class=64,sampler_max_centres=65 | sampler_max_centres = 65 must not exceed max_rows_per_class = 64",
        "sketch=block,dims=780,lanes=4 | dims = 780 is not a square",
        "sketch=block,sketch_dims=36 | s dividing the image side 28",
        "sketch=block,sketch_dims=50 | must be s * s",
        "sketch=projection,dims=16,sketch_dims=17 | must not exceed dims = 16",
        "sketch=projection,dims=16,sketch_dims=16,sketch_density=4096 | lower sketch_density",
        "sketch=projection,dims=65536,pixel_width=16,sketch_dims=4096 | exceeds the projection pattern",
        "sketch=projection,dims=65536,pixel_width=16,sketch_dims=64,sketch_density=1 | reduce sketch_width",
        "sketch_dims=49 | with sketch = none it is dims = 784",
        "sketch_width=6 | with sketch = none it is pixel_width = 8",
        "sketch=pool | 'pool' is not one of [none, block, projection]",
    })
    void impossibleOrOverflowingCombinationsAreRefused(String sets, String why) {
        ConfigException e = assertThrows(ConfigException.class, () -> NmsConfig.defaults()
                .withAll(java.util.List.of(sets.trim().split(","))));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void templateListsEveryFieldAndLoadsBackToDefaults() throws Exception {
        String t = NmsConfig.template();
        for (ConfigField f : ConfigField.values()) {
            assertTrue(t.contains("\n" + f.key + " = "), f.key);
        }
        assertEquals(NmsConfig.defaults().hash(), NmsConfig.load(file("t.conf", t)).hash());
    }

    @Test
    void sketchFieldsAtTheirDefaultsLeaveTheHashOfEveryEarlierConfiguration() {
        NmsConfig d = NmsConfig.defaults();
        // The hash the committed reference vectors (test-vectors/) and the README were made with.
        assertEquals("223b9a490afb9f1d", d.hash());
        assertEquals(d.hash(), d.withAll(java.util.List.of("sketch=none", "sketch_dims=auto",
                "sketch_width=auto", "sketch_density=3")).hash());
        assertEquals(d.hash(), d.with("sketch_dims", "784").with("sketch_dims", "auto").hash());
        assertNotEquals(d.hash(), d.with("sketch", "block").hash());
        assertNotEquals(d.with("sketch", "projection").hash(),
                d.withAll(java.util.List.of("sketch=projection", "sketch_density=4")).hash());
        assertTrue(!d.canonicalText().contains("sketch"), d.canonicalText());
    }

    @Test
    void sketchNoneIsTheImageItself() {
        Formats f = NmsConfig.defaults().formats();
        assertEquals(null, f.sketchPattern);
        assertEquals(784, f.sketchDims);
        assertEquals(8, f.sketchWidth);
        assertEquals(0, f.sketchShift);
        assertEquals(f.maxDist, f.sketchMaxDist);
        assertEquals(f.beats, f.sketchBeats);
        assertEquals(90, f.knnK); // floor(3 * 30)
    }

    @Test
    void blockSketchDerivesPoolingAndTheRoundedMean() {
        Formats f = NmsConfig.defaults().with("sketch", "block").formats();
        assertEquals(49, f.sketchDims); // auto: 28 x 28 -> 7 x 7
        assertEquals(4, f.sketchBlock);
        assertEquals(16 * 255, f.sketchMaxExact);
        assertEquals(12, f.sketchAccWidth);
        assertEquals(4, f.sketchShift); // sum / 16 rounded: the block mean
        assertEquals(8, f.sketchWidth);
        assertEquals(255, f.sketchMaxValue);
        assertEquals(49 * 8, f.sketchBits);
        assertEquals(13, f.sketchBeats); // ceil(49 / 4)
        assertEquals(49L * 255 * 255, f.sketchMaxDist);
        Formats g = NmsConfig.defaults().withAll(java.util.List.of("sketch=block",
                "sketch_dims=16", "sketch_width=10")).formats();
        assertEquals(7, g.sketchBlock); // 49 pixels: 12495 < 2^14, shifted by 4 to 10 bits
        assertEquals(4, g.sketchShift);
        assertEquals((49 * 255 + 8) >> 4, g.sketchMaxValue);
        assertEquals(10, g.sketchWidth);
        assertEquals(1, Formats.autoBlockSide(3));
        assertEquals(2, Formats.autoBlockSide(8));
        assertEquals(7, Formats.autoBlockSide(28));
    }

    @Test
    void projectionPatternIsSeededSparseAndExactByDefault() {
        NmsConfig c = NmsConfig.defaults().with("sketch", "projection");
        Formats f = c.formats();
        SketchPattern p = f.sketchPattern;
        assertEquals(64, f.sketchDims);
        assertEquals(0, f.sketchShift); // auto width: exact, no rounding
        long nonzeros = 0;
        long negatives = 0;
        int maxNonzeros = 0;
        for (int k = 0; k < p.elements(); k++) {
            nonzeros += p.nonzeros(k);
            negatives += p.negatives(k);
            maxNonzeros = Math.max(maxNonzeros, p.nonzeros(k));
        }
        // 64 x 784 codes, nonzero with probability 1/3, each sign half of them (5 sigma bounds).
        double n = 64 * 784;
        assertEquals(n / 3, nonzeros, 5 * Math.sqrt(n * (1.0 / 3) * (2.0 / 3)));
        assertEquals(nonzeros / 2.0, negatives, 5 * Math.sqrt(nonzeros / 4.0));
        assertEquals((long) maxNonzeros * 255, f.sketchMaxExact);
        assertEquals(Formats.bits(f.sketchMaxExact), f.sketchWidth);
        assertEquals(p, NmsConfig.defaults().with("sketch", "projection").formats().sketchPattern);
        assertNotEquals(p, c.with("seed", "2").formats().sketchPattern);
        // A narrower element is the exact one rounded: the shift is the width difference.
        Formats narrow = c.with("sketch_width", "10").formats();
        assertEquals(f.sketchWidth - 10, narrow.sketchShift);
        assertEquals(10, narrow.sketchWidth);
    }

    @Test
    void largestDimsAndPixelsFit() {
        NmsConfig c = NmsConfig.defaults().withAll(java.util.List.of("pixel_width=16",
                "dims=65536"));
        // 65536 * 65535^2 = 281462092005376 < 2^48
        assertEquals(48, c.formats().distWidth);
        assertEquals(62 - 4, c.betaFracBits()); // auto capped at 62 - beta_int_bits
    }
}
