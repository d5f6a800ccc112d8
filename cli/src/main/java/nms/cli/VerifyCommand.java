package nms.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nms.io.AtomicFiles;
import nms.io.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Run every unit's Verilator testbench on its vectors; bit-exact or fail.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--rtl", required = true, description = "RTL folder written by 'nms rtl'.")
    Path rtl;

    @Option(names = "--vectors", required = true, description = "Vector folder written by 'nms golden'.")
    Path vectors;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Option(names = "--stress", defaultValue = "0.2",
            description = "Bubble and back-pressure probability of the stressed run; 0 skips it (default: ${DEFAULT-VALUE}).")
    String stress;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the stressed run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--icarus", description = "Also replay the vectors in Icarus (4-state) and compare.")
    boolean icarus;

    @Option(names = "--coverage", description = "Also measure line coverage of the generated units.")
    boolean coverage;

    @Option(names = "--units", description = "Only these units, space separated.")
    String units;

    @Override
    public Integer call() throws Exception {
        Summary s;
        try (OutputDir dir = new OutputDir(out)) {
            s = verify(rtl, vectors, dir.path(), options());
            s.write(dir.path());
            AtomicFiles.writeString(dir.path().resolve("report.md"), VerifyResults.report(s));
            // A failed verification is a finished result: keep it, with its waveforms.
            dir.commit();
        }
        System.out.print(s.toCsv());
        return "0".equals(s.get("failed_runs")) ? 0 : 1;
    }

    List<String> options() {
        List<String> o = new ArrayList<>(List.of("--stress", stress, "--seed", Long.toString(seed)));
        if (icarus) {
            o.add("--icarus");
        }
        if (coverage) {
            o.add("--coverage");
        }
        if (units != null) {
            o.add("--units");
            o.add(units);
        }
        return o;
    }

    /** Runs sim-scripts/verify.sh into {@code out/sim} and summarises its table. */
    static Summary verify(Path rtl, Path vectors, Path out, List<String> options) throws Exception {
        nms.synth.Tools.require("verilator");
        if (options.contains("--icarus")) {
            nms.synth.Tools.require("iverilog");
        }
        if (!Files.isRegularFile(rtl.resolve("nms_config.h"))) {
            throw new IllegalArgumentException(rtl + ": not an RTL folder (no nms_config.h); make one with 'nms rtl'");
        }
        if (!Files.isDirectory(vectors)) {
            throw new IllegalArgumentException(vectors + ": no such vector folder");
        }
        // The scripts get absolute paths: they run in whatever folder, and cd as they need.
        List<String> args = new ArrayList<>(List.of(CliPaths.resolve(rtl).toString(),
                CliPaths.resolve(vectors).toString(), CliPaths.resolve(out.resolve("sim")).toString()));
        args.addAll(options);
        int status = SimScripts.run("verify.sh", args);
        Path table = out.resolve("sim/verify.csv");
        if (!Files.isRegularFile(table)) {
            throw new IllegalStateException("verify.sh exited " + status + " without writing " + table);
        }
        Summary s = VerifyResults.summarise(table, rtl.resolve("nms_config.h"));
        if (status != 0 && "0".equals(s.get("failed_runs"))) {
            s.put("failed_runs", 1); // the script failed outside any recorded run
        }
        return s;
    }
}
