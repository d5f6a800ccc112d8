package nms.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.io.Summary;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads sim-scripts/verify.sh's table into the summary metrics and a human report. */
final class VerifyResults {
    private VerifyResults() {
    }

    /** One run of one unit, as verify.csv has it. */
    record Run(String unit, String run, long vectors, long mismatches, long assertionFailures, long cycles,
               double cyclesPerTransaction, double ideal, double efficiency, double simSeconds,
               String dramBytesNearMemory, String hostBytes, String coverage, String waveform, String status) {
        boolean passed() {
            return status.equals("pass");
        }
    }

    static List<Run> read(Path table) throws IOException {
        List<Run> runs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(table)) {
            for (CSVRecord c : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                runs.add(new Run(c.get("unit"), c.get("run"), num(c.get("vectors")), num(c.get("mismatches")),
                        num(optional(c, "assertion_failures")), num(c.get("cycles")), dbl(c.get("cycles_per_transaction")),
                        dbl(c.get("ideal_cycles_per_transaction")), dbl(c.get("efficiency")),
                        dbl(c.get("sim_seconds")), optional(c, "dram_bytes_near_memory"),
                        optional(c, "host_bytes"), c.get("line_coverage_pct"), optional(c, "waveform"), c.get("status")));
            }
        }
        return runs;
    }

    /** A column older tables lack (nms_engine's byte counts): empty when absent. */
    private static String optional(CSVRecord c, String name) {
        return c.isMapped(name) ? c.get(name) : "";
    }

    private static long num(String s) {
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    private static double dbl(String s) {
        return s.isEmpty() ? 0 : Double.parseDouble(s);
    }

    static String configHash(Path header) throws IOException {
        Matcher m = Pattern.compile("#define NMS_CONFIG_HASH\\s+\"([0-9a-f]+)\"").matcher(Files.readString(header));
        if (!m.find()) {
            throw new IllegalArgumentException(header + ": no NMS_CONFIG_HASH");
        }
        return m.group(1);
    }

    static Summary summarise(Path table, Path configHeader) throws IOException {
        List<Run> runs = read(table);
        long vectors = 0;
        long mismatches = 0;
        long assertionFailures = 0;
        long cycles = 0;
        double simSeconds = 0;
        int failed = 0;
        double coverageMin = Double.NaN;
        int merged = 0;
        Summary s = new Summary();
        for (Run r : runs) {
            mismatches += r.mismatches();
            assertionFailures += r.assertionFailures();
            failed += r.passed() ? 0 : 1;
            // The trace a failed run left (verify.sh's waveform column, relative to sim/).
            if (!r.waveform().isEmpty()) {
                s.put("waveform_" + r.unit() + "_" + r.run(), "sim/" + r.waveform());
            }
            if (r.run().equals("plain")) {
                vectors += r.vectors();
                cycles += r.cycles();
                simSeconds += r.simSeconds();
            }
            // A unit's vectors alone, over its whole filelist (submodules included).
            if (r.run().equals("coverage") && !r.coverage().isEmpty()) {
                s.put("unit_line_coverage_pct_" + r.unit(), r.coverage());
            }
            // Each module, all units' vectors merged: the coverage figure (verify.sh --coverage).
            if (r.run().equals("coverage-merged")) {
                merged++;
                double c = Double.parseDouble(r.coverage());
                coverageMin = Double.isNaN(coverageMin) ? c : Math.min(coverageMin, c);
                s.put("line_coverage_pct_" + r.unit(), r.coverage());
            }
        }
        s.put("vectors", vectors).put("mismatches", mismatches)
                .put("assertion_failures", assertionFailures).put("cycles", cycles);
        Run distance = runs.stream().filter(r -> r.unit().equals("nms_distance") && r.run().equals("plain"))
                .findFirst().orElse(null);
        if (distance != null) {
            s.put("cycles_per_pair", fmt(distance.cyclesPerTransaction()))
                    .put("ideal_cycles_per_pair", fmt(distance.ideal()))
                    .put("efficiency", fmt(distance.efficiency()));
        }
        // The near-memory engine (spec section 10): cycles per class against one DRAM beat per
        // cycle, and the bytes its DRAM model served and its host stream carried.
        Run engine = runs.stream().filter(r -> r.unit().equals("nms_engine") && r.run().equals("plain"))
                .findFirst().orElse(null);
        if (engine != null) {
            s.put("engine_classes", engine.vectors())
                    .put("engine_cycles_per_class", String.format(Locale.ROOT, "%.1f", engine.cyclesPerTransaction()))
                    .put("engine_ideal_cycles_per_class", String.format(Locale.ROOT, "%.1f", engine.ideal()))
                    .put("engine_efficiency", fmt(engine.efficiency()))
                    .put("dram_bytes_near_memory", engine.dramBytesNearMemory())
                    .put("host_bytes", engine.hostBytes());
        }
        s.put("sim_cycles_per_second", String.format(Locale.ROOT, "%.0f", simSeconds > 0 ? cycles / simSeconds : 0));
        if (!Double.isNaN(coverageMin)) {
            s.put("line_coverage_pct_min", fmt(coverageMin));
        }
        s.put("runs", runs.size() - merged).put("failed_runs", failed).put("config_hash", configHash(configHeader));
        return s;
    }

    static String report(Summary s) {
        return "# Verification\n\n" + "| metric | value |\n|---|---|\n"
                + s.rows().entrySet().stream().map(e -> "| " + e.getKey() + " | " + e.getValue() + " |\n")
                .reduce("", String::concat)
                + "\nPer-unit runs: `sim/verify.csv`; a failing run leaves a waveform up to the failure"
                + " (`waveform_<unit>_<run>` above: `sim/<unit>/<run>/<unit>.fst` from Verilator,"
                + " `sim/<unit>/icarus/<unit>.icarus.vcd` from Icarus).\n";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
