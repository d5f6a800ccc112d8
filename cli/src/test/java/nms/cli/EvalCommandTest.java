package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nms eval} on a dataset other than Fashion-MNIST: a CSV train/test pair, a held-out fraction. */
class EvalCommandTest {
    @TempDir
    Path dir;

    static final String[] SMALL = {"--set", "pixel_width=5", "--set", "dims=64", "--selectors",
        "desne_fixed,random,herding", "--budgets", "0.1", "--seeds", "1", "--iterations", "250"};

    @Test
    void csvTrainTestPairIsScoredOnTheTestFile() throws Exception {
        Path train = SelectCommandTest.digitsCsv(dir.resolve("train.csv"), 0, 60);
        Path test = SelectCommandTest.digitsCsv(dir.resolve("test.csv"), 60, 100);
        Path out = dir.resolve("eval");
        assertEquals(0, Main.run(SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                "--dataset", "csv:" + train, "--test", "csv:" + test, "--out", out.toString()))));
        Map<String, String> s = SelectCommandTest.summary(out);
        for (String selector : new String[] {"desne_fixed", "random", "herding"}) {
            double acc = Double.parseDouble(s.get("acc_" + selector + "_10pct"));
            assertTrue(acc > 30 && acc <= 100, selector + " " + acc + "% (chance is 10%)");
        }
        double full = Double.parseDouble(s.get("acc_full"));
        assertTrue(full > 50, "full pool " + full);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("600 images") && report.contains("test: `csv:" + test) && report.contains("400 images"),
                report);
        assertTrue(Files.isRegularFile(out.resolve("selected_herding_10pct_seed1.csv")));
    }

    @Test
    void heldOutFractionAndMissingTestSet() throws Exception {
        Path pool = SelectCommandTest.digitsCsv(dir.resolve("pool.csv"), 0, 40);
        Path out = dir.resolve("held");
        assertEquals(0, Main.run(SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                "--dataset", "csv:" + pool, "--test-fraction", "0.25", "--out", out.toString()))));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.startsWith("# Subset selection: held-out accuracy"), report);
        assertTrue(report.contains("300 images") && report.contains("100 images"), report);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                    "--dataset", "csv:" + pool, "--out", dir.resolve("none").toString()))));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("eval needs a test set for csv:" + pool
                + ": give --test DATASET (as --dataset takes it) or --test-fraction F"), captured.toString());
    }

    @Test
    void samplerRuleSelectsWithTheHardwareTwin() throws Exception {
        // --rule sampler puts nms_sampler's integer k-means (NmsSampler) behind the DE-SNE selector
        Path pool = SelectCommandTest.digitsCsv(dir.resolve("pool.csv"), 0, 40);
        Path out = dir.resolve("sampler");
        assertEquals(0, Main.run(SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                "--dataset", "csv:" + pool, "--test-fraction", "0.25", "--selectors", "desne_fixed", "--rule",
                "sampler", "--out", out.toString()))));
        double acc = Double.parseDouble(SelectCommandTest.summary(out).get("acc_desne_fixed_10pct"));
        assertTrue(acc > 30 && acc <= 100, "sampler rule " + acc + "% (chance is 10%)");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                    "--dataset", "csv:" + pool, "--test-fraction", "0.25", "--rule", "medoid", "--out",
                    dir.resolve("bad").toString()))));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains(
                "--rule must be grid, kmeans, sampler or both, got 'medoid'"), captured.toString());
        assertTrue(!Files.exists(dir.resolve("bad")), "nothing left behind for a refused rule");
    }

    @Test
    void sketchConfigurationDrivesTheDesneSelector() throws Exception {
        Path pool = SelectCommandTest.digitsCsv(dir.resolve("pool.csv"), 0, 60);
        String[] args = SelectCommandTest.concat(new String[] {"eval"}, SelectCommandTest.concat(SMALL,
                "--dataset", "csv:" + pool, "--test-fraction", "0.25", "--selectors", "desne_fixed",
                "--budgets", "0.2"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(SelectCommandTest.concat(args, "--set", "sketch=block", "--out",
                    dir.resolve("block").toString())));
            assertEquals(0, Main.run(SelectCommandTest.concat(args, "--dense-max-rows", "0", "--out",
                    dir.resolve("exact").toString())));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("DE-SNE distances: sketch = block (4 elements of 5 bits), kNN-sparse P on 90 neighbours"),
                log);
        assertTrue(log.contains("DE-SNE distances: exact (sketch = none), dense P up to 0 rows"), log);
        // 2x2 blocks of 16 pixels are a coarse view of 8x8 digits: the chosen rows change.
        assertTrue(!Files.readString(dir.resolve("block/selected_desne_fixed_20pct_seed1.csv"))
                .equals(Files.readString(dir.resolve("exact/selected_desne_fixed_20pct_seed1.csv"))));
    }
}
