package nms.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import nms.golden.NmsDistance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three kernels give the same distances on synthetic images; no timing is asserted. */
class KernelsAgreeTest {
    private static final NmsConfig CONFIG = NmsConfig.defaults().withAll(
            List.of("pixel_width=8", "dims=784", "metric=l2"));

    private static int[][] synthetic(int perClass) {
        Images images = SyntheticImages.generate(3, 2, perClass, 8, 784);
        return images.pixels();
    }

    @Test
    void goldenDoubleLoopAndSmileAgreeOnEveryPair() {
        int[][] ints = synthetic(6);
        double[][] doubles = Kernels.toDoubles(ints);
        NmsDistance golden = new NmsDistance(CONFIG);
        for (int i = 0; i < ints.length; i++) {
            for (int j = 0; j < ints.length; j++) {
                long g = golden.distance(ints[i], ints[j]);
                assertEquals((double) g, Kernels.doubleLoop(doubles[i], doubles[j]), "double " + i + "," + j);
                assertEquals((double) g, Kernels.smile(doubles[i], doubles[j]), "smile " + i + "," + j);
            }
        }
        long pairs = Kernels.allPairs(ints.length);
        long checksum = Kernels.verify(golden, ints, doubles, pairs);
        assertEquals(checksum, Kernels.sweepGolden(golden, ints, 0, pairs));
        assertEquals(checksum, Kernels.sweepDouble(doubles, 0, pairs));
        assertEquals(checksum, Kernels.sweepSmile(doubles, 0, pairs));
    }

    @Test
    void extremePixelsAgree() {
        int[] zero = new int[784];
        int[] max = new int[784];
        java.util.Arrays.fill(max, 255);
        int[][] ints = {zero, max};
        double[][] doubles = Kernels.toDoubles(ints);
        long expected = 784L * 255 * 255;
        assertEquals(expected, new NmsDistance(CONFIG).distance(zero, max));
        assertEquals(expected, Kernels.verify(new NmsDistance(CONFIG), ints, doubles, 1));
    }

    @Test
    void verifyFailsWhenAKernelDisagrees() {
        int[][] ints = synthetic(2);
        double[][] doubles = Kernels.toDoubles(ints);
        doubles[1][5] += 0.5;  // the double copy no longer matches the integer image
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kernels.verify(new NmsDistance(CONFIG), ints, doubles, Kernels.allPairs(ints.length)));
        assertTrue(e.getMessage().contains("disagree"), e.getMessage());
    }

    @Test
    void chunkedSweepsCoverTheSamePairsAsOneSweep() {
        int[][] ints = synthetic(5);
        NmsDistance golden = new NmsDistance(CONFIG);
        long pairs = Kernels.allPairs(ints.length);
        long whole = Kernels.sweepGolden(golden, ints, 0, pairs);
        for (int threads = 1; threads <= 7; threads++) {
            long sum = 0;
            for (long[] c : BenchMain.chunks(pairs, threads)) {
                sum += Kernels.sweepGolden(golden, ints, c[0], c[1]);
            }
            assertEquals(whole, sum, threads + " chunks");
        }
        // a prefix of pairs, row-major i<j
        assertArrayEquals(new int[] {0, 1}, Kernels.pairAt(ints.length, 0));
        assertArrayEquals(new int[] {1, 2}, Kernels.pairAt(ints.length, ints.length - 1));
        assertArrayEquals(new int[] {ints.length - 2, ints.length - 1}, Kernels.pairAt(ints.length, pairs - 1));
        assertEquals(golden.distance(ints[0], ints[1]) + golden.distance(ints[0], ints[2]),
                Kernels.sweepGolden(golden, ints, 0, 2));
    }

    @Test
    void measureReportsAllThreeAndWritesTheSummary(@TempDir Path dir) throws Exception {
        int[][] ints = synthetic(4);
        BenchMain.Options parsed = BenchMain.Options.parse(new String[] {"--images", "8",
                "--rounds", "1", "--warmup", "0", "--threads", "2"});
        assertEquals(BenchMain.WARMUP_NANOS, parsed.warmupNanos());
        BenchMain.Options o = new BenchMain.Options(parsed.images(), parsed.pairs(), parsed.rounds(),
                1, 0, parsed.threads(), null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchMain.Result r = BenchMain.measure(new NmsDistance(CONFIG), CONFIG, ints, o,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(28, r.pairs());
        r.summary().write(dir);
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals("metric,value", lines.get(0));
        assertEquals(List.of("pairs_per_s_golden", "pairs_per_s_double", "pairs_per_s_smile",
                        "ratio_vs_double", "ratio_vs_smile", "images", "pairs"),
                lines.stream().skip(1).map(l -> l.split(",")[0]).toList());
        assertTrue(lines.contains("pairs,28"), lines.toString());
        String table = BenchMain.table(r, "synthetic");
        assertTrue(table.contains("golden NmsDistance") && table.contains("smile MathEx"), table);
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(BenchMain.UsageException.class, () -> BenchMain.Options.parse(new String[] {"--images", "1"}));
        assertThrows(BenchMain.UsageException.class, () -> BenchMain.Options.parse(new String[] {"--pairs", "50", "--images", "5"}));
        assertThrows(BenchMain.UsageException.class, () -> BenchMain.Options.parse(new String[] {"--rounds"}));
        assertThrows(BenchMain.UsageException.class, () -> BenchMain.Options.parse(new String[] {"--bogus", "1"}));
        assertEquals(1999000, BenchMain.Options.parse(new String[0]).pairs());
    }
}
