package nms.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import nms.data.FashionMnist;
import nms.data.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The acceptance runs of {@code nms select}: an 8x8 CSV, an IDX pair, bad files, same bytes twice. */
class SelectCommandTest {
    @TempDir
    Path dir;

    static final String[] DIGITS_CONFIG = {"--set", "pixel_width=5", "--set", "dims=64"};

    /**
     * Real images at the shape: Fashion-MNIST test images centre-cropped to 24x24 and
     * averaged over 3x3 blocks to 8x8, rescaled to 0..16 ({@code round(16 * mean / 255)}), the
     * first {@code perClass} of each class; label column first, with a header.
     */
    static Path digitsCsv(Path file, int perClass) throws Exception {
        return digitsCsv(file, 0, perClass);
    }

    /** As {@link #digitsCsv(Path, int)}, rows {@code from} (inclusive) to {@code to} of each class. */
    static Path digitsCsv(Path file, int from, int to) throws Exception {
        Images test = FashionMnist.load("test");
        StringBuilder csv = new StringBuilder("label");
        for (int k = 0; k < 64; k++) {
            csv.append(",p").append(k);
        }
        csv.append('\n');
        int[] taken = new int[10];
        for (int i = 0; i < test.rows(); i++) {
            int label = test.labels()[i];
            int k = taken[label]++;
            if (k < from || k >= to) {
                continue;
            }
            csv.append(label);
            for (int by = 0; by < 8; by++) {
                for (int bx = 0; bx < 8; bx++) {
                    int sum = 0;
                    for (int y = 0; y < 3; y++) {
                        for (int x = 0; x < 3; x++) {
                            sum += test.pixels()[i][(2 + 3 * by + y) * 28 + 2 + 3 * bx + x];
                        }
                    }
                    csv.append(',').append((16 * sum + 9 * 255 / 2) / (9 * 255));
                }
            }
            csv.append('\n');
        }
        return Files.writeString(file, csv);
    }

    static String[] args(String... parts) {
        return parts;
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Map<String, String> summary(Path out) throws Exception {
        Map<String, String> s = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("summary.csv")).subList(1,
                Files.readAllLines(out.resolve("summary.csv")).size())) {
            String[] kv = line.split(",", 2);
            s.put(kv[0], kv[1]);
        }
        return s;
    }

    /** Every output file byte for byte, summary.csv without its two measured rows (seconds, peak_heap_mb). */
    static void assertSameBytes(Path a, Path b) throws Exception {
        List<Path> files = GoldenCommandTest.files(a);
        assertEquals(files, GoldenCommandTest.files(b));
        for (Path f : files) {
            if (f.toString().equals("summary.csv")) {
                List<String> la = Files.readAllLines(a.resolve(f));
                List<String> lb = Files.readAllLines(b.resolve(f));
                assertEquals(List.of("seconds", "peak_heap_mb"),
                        la.subList(la.size() - 2, la.size()).stream().map(l -> l.split(",")[0]).toList());
                assertEquals(la.subList(0, la.size() - 2), lb.subList(0, lb.size() - 2));
            } else {
                assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
            }
        }
    }

    @Test
    void eightByEightCsvAtFivePercentIsClassBalancedDeterministicAndTraceable() throws Exception {
        Path csv = digitsCsv(dir.resolve("digits.csv"), 40);
        String[] run = concat(DIGITS_CONFIG, "--dataset", "csv:" + csv, "--budget", "0.05");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, Main.run(concat(concat(args("select"), run), "--out", a.toString())));
        assertEquals(0, Main.run(concat(concat(args("select"), run), "--out", b.toString())));
        assertSameBytes(a, b);

        Map<String, String> s = summary(a);
        assertEquals("400", s.get("images"));
        assertEquals("20", s.get("selected"));
        for (int c = 0; c < 10; c++) {
            assertEquals("2", s.get("selected_class" + c), "class " + c);
            assertTrue(Files.isRegularFile(a.resolve("embedding_class" + c + ".png")));
        }
        assertTrue(Double.parseDouble(s.get("seconds")) > 0 && Double.parseDouble(s.get("peak_heap_mb")) > 0);

        // Each selected index is a data row of the CSV (line index + 2: header, 1-based) with its label.
        List<String> data = Files.readAllLines(csv);
        List<String> selected = Files.readAllLines(a.resolve("selected.csv"));
        assertEquals("index,label,x,y", selected.get(0));
        assertEquals(21, selected.size());
        for (String row : selected.subList(1, selected.size())) {
            String[] f = row.split(",");
            assertEquals(f[1], data.get(Integer.parseInt(f[0]) + 1).split(",")[0], row);
        }

        // The SVG is well-formed and rings exactly the class's exemplars, at their coordinates' order.
        Element svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(a.resolve("embedding_class3.svg").toFile()).getDocumentElement();
        NodeList groups = svg.getElementsByTagName("g");
        int rings = 0;
        int dots = 0;
        for (int g = 0; g < groups.getLength(); g++) {
            Element group = (Element) groups.item(g);
            int circles = group.getElementsByTagName("circle").getLength();
            rings += group.getAttribute("stroke").equals("#d50000") ? circles : 0;
            dots += group.getAttribute("fill").equals("#787878") ? circles : 0;
        }
        assertEquals(2, rings);
        assertEquals(40, dots);
        assertTrue(Files.readString(a.resolve("report.md")).contains("| class 3 | 40 | 2 | 30 |"));
    }

    @Test
    void classAgnosticEmbedsThePoolOnce() throws Exception {
        Path csv = digitsCsv(dir.resolve("digits.csv"), 10);
        Path out = dir.resolve("all");
        assertEquals(0, Main.run(concat(concat(args("select"), DIGITS_CONFIG), "--dataset", "csv:" + csv,
                "--budget", "0.1", "--class-agnostic", "--rule", "grid", "--out", out.toString())));
        Map<String, String> s = summary(out);
        assertEquals("10", s.get("selected"));
        assertEquals("100", s.get("rows_all"));
        assertTrue(Files.isRegularFile(out.resolve("embedding_all.svg")));
    }

    @Test
    void adaptivePerplexityChoosesPerClassFromTheCandidatesItCanHold() throws Exception {
        Path csv = digitsCsv(dir.resolve("digits.csv"), 20);
        Path out = dir.resolve("adaptive");
        assertEquals(0, Main.run(concat(concat(args("select"), DIGITS_CONFIG), "--dataset", "csv:" + csv,
                "--classes", "0-2", "--budget", "0.1", "--iterations", "300", "--adaptive-perplexity", "3,6,30",
                "--out", out.toString())));
        Map<String, String> s = summary(out);
        for (int c = 0; c < 3; c++) {
            // 20 rows hold floor(3 P) <= 19 for 3 and 6 only.
            assertTrue(List.of("3", "6").contains(s.get("perplexity_class" + c)), s.toString());
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("perplexity adaptive (the most uniform "
                + "embedding of [3, 6, 30])"));
    }

    @Test
    void idxPairUnderAnyNames() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("idx"));
        Files.copy(FashionMnist.dir().resolve("t10k-images-idx3-ubyte.gz"), folder.resolve("my-pictures.gz"));
        Files.copy(FashionMnist.dir().resolve("t10k-labels-idx1-ubyte.gz"), folder.resolve("my-classes.gz"));
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] run = {"select", "--dataset", "idx:" + folder, "--classes", "0-2", "--per-class", "30",
            "--budget", "0.1", "--iterations", "300"};
        assertEquals(0, Main.run(concat(run, "--out", a.toString())));
        assertEquals(0, Main.run(concat(run, "--out", b.toString())));
        assertSameBytes(a, b);
        Map<String, String> s = summary(a);
        assertEquals("90", s.get("images"));
        assertEquals("9", s.get("selected"));
        // Indices are rows of the IDX file: the first 30 of class 0 in file order.
        Images test = FashionMnist.load("test");
        int[] class0 = Arrays.copyOf(test.indicesOfClass(0), 30);
        for (String row : Files.readAllLines(a.resolve("selected.csv")).subList(1, 4)) {
            int index = Integer.parseInt(row.split(",")[0]);
            assertTrue(Arrays.stream(class0).anyMatch(i -> i == index), row);
        }
    }

    @Test
    void badFilesAreRefusedWithFileAndLineAndLeaveNothing() throws Exception {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "0,1,2,3,4\n1,5,6,7\n");
        assertRefused(ragged + ": line 2: ragged row: got 4 columns, expected 5",
                "select", "--dataset", "csv:" + ragged, "--set", "dims=4", "--set", "lanes=4", "--budget", "0.5");
        Path range = Files.writeString(dir.resolve("range.csv"), "0,1,2,3,4\n1,5,6,7,40\n");
        assertRefused(range + ": line 2: pixel column 5 value 40 is outside [0, 31] for pixel width 5",
                "select", "--dataset", "csv:" + range, "--set", "dims=4", "--set", "pixel_width=5",
                "--budget", "0.5");
        Path digits = digitsCsv(dir.resolve("d.csv"), 2);
        assertRefused(": images have 64 pixels but the config has dims = 784; run with --set dims=64",
                "select", "--dataset", "csv:" + digits, "--set", "pixel_width=5", "--budget", "0.5");
        assertRefused("--rule must be kmeans, grid or sampler, got 'best'",
                "select", "--dataset", "synthetic", "--rule", "best", "--budget", "0.5");
    }

    private void assertRefused(String message, String... args) throws Exception {
        Path out = dir.resolve("refused");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(concat(args, "--out", out.toString())));
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(message), text);
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".refused")), "partial output left");
        }
    }
}
