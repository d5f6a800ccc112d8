package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end through Verilator on small configurations, and the two ways verification
 * must fail: a changed number in a vector file, and vectors made for another configuration.
 */
class FlowCommandTest {
    @TempDir
    static Path dir;

    static Path flow;

    static final String[] SMALL = {"--dataset", "synthetic", "--per-class", "12", "--classes", "0-2",
        "--set", "dims=20", "--set", "lanes=4", "--set", "pixel_width=6", "--set", "perplexity=3",
        "--set", "max_rows_per_class=16"};

    @BeforeAll
    static void runFlow() throws Exception {
        flow = dir.resolve("flow");
        assertEquals(0, Main.run(concat(concat(new String[] {"flow"}, SMALL), "--out", flow.toString())),
                "flow failed");
    }

    @Test
    void flowIsBitExactAndReportsCyclesAgainstTheIdeal() throws Exception {
        Map<String, String> s = GoldenCommandTest.summary(flow);
        assertEquals("0", s.get("mismatches"));
        assertEquals("0", s.get("assertion_failures"));
        assertEquals("0", s.get("failed_runs"));
        assertTrue(Long.parseLong(s.get("vectors")) > 500, s.get("vectors"));
        assertEquals("5.0000", s.get("ideal_cycles_per_pair"));   // ceil(20 / 4)
        assertTrue(Double.parseDouble(s.get("efficiency")) >= 0.95, s.get("efficiency"));
        // The one-pass engine (spec 10.6): 3 classes of 12 images, each image read once as stored,
        // ceil(20 / 4) = 5 beats of 4 x 6 bits = 15 bytes.
        assertEquals(Long.toString(3 * 12 * 15), s.get("pool_bytes"));
        assertEquals(s.get("pool_bytes"), s.get("dram_bytes_near_memory"));
        assertEquals("1.000", s.get("near_memory_read_factor"));
        double ratio = Double.parseDouble(s.get("modelled_ddr_energy_ratio_60k"));
        assertTrue(ratio > 0 && ratio < 0.2, s.get("modelled_ddr_energy_ratio_60k"));
        assertTrue(Double.parseDouble(s.get("modelled_engine_seconds_60k")) > 0, s.toString());
        assertTrue(Long.parseLong(s.get("sram_bits_store_mem")) == 16L * 5 * 24, s.toString());
        for (String k : List.of("cycles", "cycles_per_pair", "sim_cycles_per_second", "config_hash")) {
            assertTrue(s.containsKey(k), k);
        }
        try (Stream<Path> sub = Files.list(flow)) {
            assertTrue(sub.anyMatch(p -> p.getFileName().toString().startsWith("rtl") && Files.isDirectory(p)));
        }
        assertTrue(Files.isRegularFile(flow.resolve("vectors/nms_distance.csv")));
    }

    /**
     * Line coverage of every generated module, all runs merged, is at least 90% (issue 4). The
     * engine's bench reaches every module as a submodule; the ROM modules only get there because
     * their own vectors sweep every ROM word (the engine's real rows read a few of the words).
     */
    @Test
    void vectorsCoverAtLeastNinetyPercentOfEveryModulesLines() throws Exception {
        Path out = dir.resolve("coverage");
        assertEquals(0, Main.run("verify", "--rtl", flow.resolve("rtl").toString(), "--vectors",
                flow.resolve("vectors").toString(), "--coverage", "--stress", "0",
                "--units", "nms_exp2 nms_log2 nms_engine nms_knn", "--out", out.toString()));
        Map<String, String> s = GoldenCommandTest.summary(out);
        assertTrue(Double.parseDouble(s.get("line_coverage_pct_min")) >= 90, s.toString());
        for (String module : List.of("nms_distance", "nms_exp2", "nms_affinity", "nms_log2", "nms_divider",
                "nms_perplexity", "nms_engine", "nms_knn")) {
            double pct = Double.parseDouble(s.get("line_coverage_pct_" + module));
            assertTrue(pct >= 90, module + " line coverage " + pct + "%");
        }
        assertTrue(s.containsKey("unit_line_coverage_pct_nms_engine"), s.toString()); // alone, reported too
    }

    @Test
    void oddLanesL1AndPlainSearchAreBitExactToo() throws Exception {
        Path out = dir.resolve("odd");
        assertEquals(0, Main.run("flow", "--dataset", "synthetic", "--per-class", "10", "--classes", "0-1",
                "--set", "dims=23", "--set", "lanes=3", "--set", "pixel_width=5", "--set", "metric=l1",
                "--set", "search=plain", "--set", "perplexity=2.5", "--set", "max_rows_per_class=16",
                "--out", out.toString()));
        assertEquals("0", GoldenCommandTest.summary(out).get("mismatches"));
    }

    @Test
    void oneChangedNumberInAVectorFileFailsAndIsNamed() throws Exception {
        Path vectors = copyVectors("tampered");
        Path file = vectors.resolve("nms_distance.csv");
        List<String> lines = Files.readAllLines(file);
        int header = 0;
        while (lines.get(header).startsWith("#")) {
            header++;
        }
        // Data row 3 (vector index 2): change the last digit of dist_o.
        int row = header + 3;
        String line = lines.get(row);
        char last = line.charAt(line.length() - 1);
        lines.set(row, line.substring(0, line.length() - 1) + (last == '0' ? '1' : '0'));
        Files.write(file, lines);

        Path out = dir.resolve("verify-tampered");
        assertEquals(1, Main.run("verify", "--rtl", flow.resolve("rtl").toString(), "--vectors",
                vectors.toString(), "--out", out.toString(), "--units", "nms_distance", "--stress", "0"));
        String log = Files.readString(out.resolve("sim/nms_distance/plain/nms_distance.log"));
        Matcher m = Pattern.compile("MISMATCH vector=2 cycle=\\d+ port=dist_o expected=\\S+ got=\\S+").matcher(log);
        assertTrue(m.find(), log);
        assertTrue(Files.isRegularFile(out.resolve("sim/nms_distance/plain/nms_distance.fst")), "no waveform");
        assertEquals("1", GoldenCommandTest.summary(out).get("mismatches"));
    }

    @Test
    void vectorsFromAnotherConfigurationAreRefused() throws Exception {
        Path vectors = copyVectors("foreign");
        Path file = vectors.resolve("nms_exp2.csv");
        String text = Files.readString(file).replaceFirst("# config_hash: [0-9a-f]+", "# config_hash: 0123456789abcdef");
        Files.writeString(file, text);
        Path out = dir.resolve("verify-foreign");
        assertEquals(1, Main.run("verify", "--rtl", flow.resolve("rtl").toString(), "--vectors",
                vectors.toString(), "--out", out.toString(), "--units", "nms_exp2", "--stress", "0"));
        String log = Files.readString(out.resolve("sim/nms_exp2/plain/nms_exp2.log"));
        assertTrue(log.contains("0123456789abcdef"), log);
    }

    /**
     * An RTL assertion that fires fails verify and is counted: the emitted exp2's a_in_range
     * bound lowered to 0 in a copy of the RTL, so every nonzero result breaks it.
     */
    @Test
    void aFiringRtlAssertionFailsVerifyAndIsCounted() throws Exception {
        Path rtl = dir.resolve("rtl-assert");
        Files.createDirectories(rtl);
        try (Stream<Path> s = Files.list(flow.resolve("rtl"))) {
            for (Path p : s.toList()) {
                Files.copy(p, rtl.resolve(p.getFileName()));
            }
        }
        Path sv = rtl.resolve("nms_exp2.sv");
        String text = Files.readString(sv);
        String broken = text.replaceFirst("\\(a_q <= (\\d+)'d\\d+\\)", "(a_q <= $1'd0)");
        assertNotEquals(text, broken, "the a_in_range bound is in the emitted exp2");
        Files.writeString(sv, broken);
        Path out = dir.resolve("verify-assert");
        assertEquals(1, Main.run("verify", "--rtl", rtl.toString(), "--vectors",
                flow.resolve("vectors").toString(), "--out", out.toString(), "--units", "nms_exp2",
                "--stress", "0", "--icarus"));
        String log = Files.readString(out.resolve("sim/nms_exp2/plain/nms_exp2.log"));
        assertTrue(log.contains("ASSERTION FAILED nms_exp2.a_in_range cycle="), log);
        Map<String, String> s = GoldenCommandTest.summary(out);
        assertEquals("2", s.get("failed_runs"), s.toString());  // plain and icarus
        assertTrue(Long.parseLong(s.get("assertion_failures")) >= 2, s.toString());

        // The stopped runs leave waveforms up to the failing cycle, named in the log and summary.csv.
        Path fst = out.resolve("sim/nms_exp2/plain/nms_exp2.fst");
        assertTrue(log.contains("waveform: "), log);
        assertEquals("sim/nms_exp2/plain/nms_exp2.fst", s.get("waveform_nms_exp2_plain"), s.toString());
        long vlTime = failureTime(log);
        long[] range = fstTimeRange(fst);
        assertTrue(range[0] <= vlTime && vlTime <= range[1], "FST covers " + range[0] + ".." + range[1]
                + ", the assertion fired at " + vlTime);
        String icLog = Files.readString(out.resolve("sim/nms_exp2/icarus/icarus/vvp.log"));
        long icTime = failureTime(icLog);
        assertEquals("sim/nms_exp2/icarus/nms_exp2.icarus.vcd", s.get("waveform_nms_exp2_icarus"), s.toString());
        String vcd = Files.readString(out.resolve("sim/nms_exp2/icarus/nms_exp2.icarus.vcd"));
        assertTrue(vcd.contains("\n#" + icTime + "\n"), "the Icarus VCD has no sample at the failure time " + icTime);
        assertTrue(Files.readString(out.resolve("sim/nms_exp2-icarus.log"))
                .contains("waveform: "), "icarus.sh names the waveform");
        String table = Files.readString(out.resolve("sim/verify.csv"));
        assertTrue(table.contains(",nms_exp2/plain/nms_exp2.fst,fail") && table.contains(",nms_exp2/icarus/nms_exp2.icarus.vcd,fail"),
                table);
    }

    /** The simulation time in the first "ASSERTION FAILED ... time=T" line of a log. */
    static long failureTime(String log) {
        Matcher m = Pattern.compile("ASSERTION FAILED \\S+ cycle=\\d+ time=(\\d+)").matcher(log);
        assertTrue(m.find(), log);
        return Long.parseLong(m.group(1));
    }

    /**
     * The start and end time an FST file's header block records (fstapi: block type 0, then the
     * big-endian section length, start time and end time), written when the trace is closed.
     */
    static long[] fstTimeRange(Path fst) throws Exception {
        assertTrue(Files.isRegularFile(fst), "no waveform " + fst);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(fst));
        assertEquals(0, b.get(), "FST header block first");
        b.getLong();
        return new long[] {b.getLong(), b.getLong()};
    }

    static Path copyVectors(String name) throws Exception {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(flow.resolve("vectors"))) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
