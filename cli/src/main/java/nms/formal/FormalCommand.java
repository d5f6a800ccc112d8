package nms.formal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nms.cli.CliPaths;
import nms.cli.ConfigOptions;
import nms.cli.OutputDir;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "formal", description = "Prove the arithmetic units equal to their behavioural spec modules"
        + " (formal/spec/, written from docs/ARITHMETIC.md) for every input and stall pattern, with yosys sat:"
        + " by induction where it closes, else bounded (stated per proof). Meant for small configurations"
        + " (formal/small.conf). Writes summary.csv (proof_<unit>_<property> = proved / bounded(N) / failed,"
        + " seconds_<unit>_<property>), report.md, each proof's yosys log, and <unit>_<property>_cex.vcd for a"
        + " failed proof; exit status 1 if any proof fails.")
public final class FormalCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--units", split = ",", paramLabel = "UNIT", description = "Units to prove (default: every unit"
            + " with a proof); each unit's proofs run: <unit>_equiv where there is one and <unit>_assertions.")
    List<String> units = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "S", description = "Wall-clock limit per proof in seconds (default 120);"
            + " a proof that hits it is failed.")
    int timeout = 120;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be >= 1 second, got " + timeout);
        }
        NmsConfig c = config.resolve();
        List<Proof> proofs = select(all(c), units);
        Path specDir = CliPaths.checkout().orElseThrow(() -> new IllegalArgumentException(
                "formal: the checkout (with formal/spec/) was not found; run through ./nms")).resolve("formal/spec");
        RtlEmitter.Emitted emitted = RtlEmitter.emit(c);
        try (OutputDir dir = new OutputDir(out)) {
            // A proof with its own configuration (OnePassCheckers) gets its unit emitted at it.
            Map<String, RtlEmitter.Emitted> variants = new java.util.HashMap<>();
            int failed = runProofs(proofs, p -> p.config() == null ? unitFiles(emitted, p.unit())
                    : unitFiles(variants.computeIfAbsent(p.config().hash(), h -> RtlEmitter.emit(p.config())), p.unit()),
                    specDir, dir.path(), timeout, c);
            dir.commit();
            System.err.println("formal: " + (proofs.size() - failed) + " of " + proofs.size() + " proofs hold (config "
                    + c.hash() + "); " + out);
            return failed == 0 ? 0 : 1;
        }
    }

    /** Every proof: the arithmetic units' (Checkers), then the one-pass and LRT units' (OnePassCheckers). */
    static List<Proof> all(NmsConfig c) {
        List<Proof> all = new ArrayList<>(Checkers.all(c));
        all.addAll(OnePassCheckers.all(c));
        return all;
    }

    static List<Proof> select(List<Proof> all, List<String> units) {
        if (units.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(Proof::unit).distinct().toList();
        for (String u : units) {
            if (!known.contains(u)) {
                throw new IllegalArgumentException("--units: no proof for '" + u + "'; known: " + String.join(",", known));
            }
        }
        return all.stream().filter(p -> units.contains(p.unit())).toList();
    }

    /** The unit's filelist (children first) as file name to text. */
    static Map<String, String> unitFiles(RtlEmitter.Emitted emitted, String unit) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : emitted.filelist(unit)) {
            files.put(f, emitted.files().get(f));
        }
        return files;
    }

    /**
     * Runs the proofs into {@code dir} on the files {@code filesOf} gives per unit (the emitted
     * ones; a test hands in a mutated unit) (summary.csv, report.md, logs, traces); returns how many failed. */
    static int run(List<Proof> proofs, java.util.function.Function<String, Map<String, String>> filesOf, Path specDir,
            Path dir, int timeout, NmsConfig c)
            throws Exception {
        return runProofs(proofs, p -> filesOf.apply(p.unit()), specDir, dir, timeout, c);
    }

    /** As {@link #run}, the files chosen per proof (a proof may have its own configuration). */
    static int runProofs(List<Proof> proofs, java.util.function.Function<Proof, Map<String, String>> filesOf,
            Path specDir, Path dir, int timeout, NmsConfig c) throws Exception {
        Summary summary = new Summary();
        summary.put("config_hash", c.hash());
        StringBuilder report = new StringBuilder("# Formal proofs\n\nConfig `" + c.hash() + "` (dims " + c.dims()
                + ", pixel_width " + c.pixelWidth() + ", lanes " + c.lanes() + "). Method and scope:"
                + " docs/VERIFICATION.md.\n\n| proof | result | seconds | scope |\n|---|---|---|---|\n");
        int failed = 0;
        for (Proof p : proofs) {
            Prover.Outcome o = Prover.run(p, filesOf.apply(p), specDir, dir, timeout);
            summary.put("proof_" + p.id(), o.verdict());
            summary.put("seconds_" + p.id(), String.format(java.util.Locale.ROOT, "%.2f", o.seconds()));
            if (p.config() != null) {
                summary.put("config_hash_" + p.id(), p.config().hash());
            }
            report.append("| `").append(p.id()).append("` | ").append(o.verdict()).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", o.seconds())).append(" | ").append(p.stated())
                    .append(" |\n");
            System.err.println("formal: " + p.id() + " " + o.verdict() + String.format(java.util.Locale.ROOT, " (%.1f s)",
                    o.seconds()));
            if (o.failed()) {
                failed++;
            }
        }
        summary.put("proofs", proofs.size());
        summary.put("proofs_failed", failed);
        summary.write(dir);
        Files.writeString(dir.resolve("report.md"), report.toString());
        return failed;
    }
}
