package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nms.data.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    private static final Classifier.Recipe TINY =
            new Classifier.Recipe(16, 150, 16, 3e-3, 1e-5, 0.9, 0.999, 1e-8, 0.0);

    /** 3 classes x 100 images: 1% of 300 = 3 images, one per class. */
    private final Images train = SyntheticImages.classes(3, 100, 24, 1, 0);
    private final Images test = SyntheticImages.classes(3, 30, 24, 2, 50_000);

    private Map<String, Selector> selectors() {
        Map<String, Selector> selectors = new LinkedHashMap<>();
        selectors.put("random", new RandomSelector());
        selectors.put("kcenter", new KCenterGreedySelector());
        selectors.put("kmeans-medoid", new KMeansMedoidSelector());
        selectors.put("pixels-grid", new EmbeddingSelector(EmbeddingSelectorTest.FIRST_TWO_PIXELS,
                new GridExemplars()));
        return selectors;
    }

    private Evaluation.Settings settings() {
        return new Evaluation.Settings(Evaluation.DEFAULT_BUDGETS, Evaluation.DEFAULT_SEEDS, TINY);
    }

    @Test
    void writesEveryFileWithTheRightRowNames(@TempDir Path out) throws IOException {
        Evaluation.Result result = Evaluation.run(train, test, selectors(), settings(), out);

        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("metric,value", summary.get(0));
        List<String> names = summary.stream().skip(1).map(l -> l.split(",")[0])
                .collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        for (String selector : selectors().keySet()) {
            for (String budget : List.of("1pct", "5pct", "10pct")) {
                expected.add("acc_" + selector + "_" + budget);
            }
        }
        expected.add("acc_full");
        expected.add("selection_seconds_per_class");
        assertEquals(expected, names.subList(0, expected.size()));
        assertTrue(names.contains("std_kcenter_5pct") && names.contains("std_full"));
        for (String line : summary.subList(1, summary.size())) {
            double value = Double.parseDouble(line.split(",")[1]);
            assertTrue(value >= 0 && value <= 100, line);
        }

        for (String selector : selectors().keySet()) {
            for (String budget : List.of("1pct", "5pct", "10pct")) {
                for (int seed = 1; seed <= 3; seed++) {
                    Path file = out.resolve("selected_" + selector + "_" + budget + "_seed" + seed
                            + ".csv");
                    assertTrue(Files.exists(file), file.toString());
                }
            }
        }
        List<String> selected = Files.readAllLines(out.resolve("selected_kcenter_10pct_seed2.csv"));
        assertEquals("sourceIndex,label", selected.get(0));
        assertEquals(1 + 30, selected.size(), "10% of 300 images");
        for (String line : selected.subList(1, selected.size())) {
            int source = Integer.parseInt(line.split(",")[0]);
            int label = Integer.parseInt(line.split(",")[1]);
            assertEquals(train.labels()[source], label, "source indices trace back to the pool");
        }

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| kmeans-medoid |") && report.contains("\u00b1"), report);
        assertTrue(report.contains("1% (3 images)") && report.contains("10% (30 images)"));
        assertTrue(report.startsWith("# Subset selection: test accuracy"), report);
        Evaluation.Settings held = new Evaluation.Settings(settings().budgets(), settings().seeds(),
                settings().recipe(), "validation");
        String validation = Evaluation.reportMarkdown(result, train, test, 3, held);
        assertTrue(validation.startsWith("# Subset selection: validation accuracy"), validation);
        assertFalse(validation.contains("test accuracy"), validation);
        assertEquals(1 + 4 * 3 * 3 + 3, Files.readAllLines(out.resolve("runs.csv")).size(),
                "header, selectors x budgets x seeds, full x seeds");
        assertTrue(Files.size(out.resolve("accuracy_vs_budget.png")) > 1000);
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                    "no temp files left behind");
        }

        assertEquals(12, result.rows().size());
        Evaluation.Row row = result.row("random", 0.05);
        assertEquals(15, row.images());
        assertEquals(3, row.accuracyPercent().length);
        assertEquals(Evaluation.mean(row.accuracyPercent()), row.meanPercent());
        assertTrue(result.fullMeanPercent() > 90, "the synthetic task is easy on the full pool");
    }

    @Test
    void identicalInputsGiveIdenticalFiles(@TempDir Path out) throws IOException {
        Path first = out.resolve("first");
        Path second = out.resolve("second");
        Map<String, Selector> two = new LinkedHashMap<>();
        two.put("random", new RandomSelector());
        two.put("kcenter", new KCenterGreedySelector());
        Evaluation.run(train, test, two, settings(), first);
        Evaluation.run(train, test, two, settings(), second);
        List<Path> files;
        try (Stream<Path> listing = Files.list(first)) {
            files = listing.sorted().collect(Collectors.toList());
        }
        assertEquals(1 + 1 + 1 + 1 + 2 * 3 * 3, files.size());
        for (Path file : files) {
            String name = file.getFileName().toString();
            Path twin = second.resolve(name);
            if (name.equals("summary.csv")) {
                assertEquals(withoutTimings(file), withoutTimings(twin));
            } else if (name.equals("report.md")) {
                assertEquals(Files.readString(file).split("## Selection time")[0],
                        Files.readString(twin).split("## Selection time")[0]);
            } else {
                assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(twin), name);
            }
        }
    }

    @Test
    void selectorsAreComparedOnPairedClassifierSeeds(@TempDir Path out) throws IOException {
        // Two copies of one selector must score identically: same subsets, same classifier seed.
        Map<String, Selector> twins = new LinkedHashMap<>();
        twins.put("a", new KCenterGreedySelector());
        twins.put("b", new KCenterGreedySelector());
        Evaluation.Result result = Evaluation.run(train, test, twins, settings(), out);
        for (double budget : Evaluation.DEFAULT_BUDGETS) {
            assertArrayEquals(result.row("a", budget).accuracyPercent(),
                    result.row("b", budget).accuracyPercent());
        }
    }

    @Test
    void rejectsASelectorThatBreaksItsContract(@TempDir Path out) {
        Map<String, Selector> broken = Map.of("broken", (rows, budget, seed) -> new int[] {0, 0});
        assertThrows(IllegalStateException.class,
                () -> Evaluation.run(train, test, broken, settings(), out));
    }

    @Test
    void rejectsNamesThatWouldBreakFileAndRowNames(@TempDir Path out) {
        // Underscores are allowed (desne_fixed): budget names end every row name, so rows still parse.
        for (String name : List.of("a/b", "full", "", "_x", "a b", "a,b")) {
            Map<String, Selector> bad = Map.of(name, new RandomSelector());
            assertThrows(IllegalArgumentException.class,
                    () -> Evaluation.run(train, test, bad, settings(), out), name);
        }
    }

    @Test
    void standardDeviationIsTheSampleOne() {
        assertEquals(1.0, Evaluation.sampleStd(new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, Evaluation.sampleStd(new double[] {5}));
    }

    private static List<String> withoutTimings(Path summary) throws IOException {
        return Files.readAllLines(summary).stream()
                .filter(line -> !line.startsWith("selection_seconds_per_class"))
                .collect(Collectors.toList());
    }
}
