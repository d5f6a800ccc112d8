package nms.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.io.AtomicFiles;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import nms.train.LrtHardwareVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./nms lrt}: the LRT hardware units on real training. Per weight layer of the train
 * network: the RTL of nms_lrt_project and nms_lrt_write for that layer's shape (lrt = true,
 * lrt_n x lrt_m), vectors from online LRT training on Fashion-MNIST, and the Verilator benches
 * (clean and stressed, optionally Icarus and coverage).
 */
@Command(name = "lrt", description = "LRT hardware units (nms_lrt_project, nms_lrt_write) per layer of the"
        + " train network: RTL for the layer's shape, vectors from online LRT training on Fashion-MNIST,"
        + " Verilator clean + stressed runs (docs/ARITHMETIC.md section 12).")
final class LrtCommand implements Callable<Integer> {
    static final String UNITS = "nms_lrt_project nms_lrt_write nms_lrt_rotate";

    @Mixin
    ConfigOptions config;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Option(names = "--pairs", defaultValue = "2500",
            description = "Gradient pairs (vector samples) per layer (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--pretrain", defaultValue = "5000",
            description = "Train images of the offline pre-training (default: ${DEFAULT-VALUE}).")
    int pretrain;

    @Option(names = "--write-cells", defaultValue = "40000",
            description = "About this many nms_lrt_write cells per layer (whole attempts, 1..50; default: ${DEFAULT-VALUE}).")
    int writeCells;

    @Option(names = "--layers", description = "Only these layers, comma separated (default: all).")
    String layers;

    @Option(names = "--no-verify", description = "Write RTL and vectors only.")
    boolean noVerify;

    @Option(names = "--icarus", description = "Also replay the vectors in Icarus.")
    boolean icarus;

    @Option(names = "--coverage", description = "Also measure line coverage.")
    boolean coverage;

    @Override
    public Integer call() throws Exception {
        if (pairs < 1 || pretrain < 1 || writeCells < 1) {
            throw new IllegalArgumentException("--pairs, --pretrain and --write-cells must be >= 1");
        }
        NmsConfig base = config.resolve();
        long t0 = System.nanoTime();
        Images train = FashionMnist.load("train");
        Images test = FashionMnist.load("test");
        List<LrtHardwareVectors.Layer> sets = LrtHardwareVectors.generate(base, train, test, pairs, pretrain,
                writeCells, System.err);
        Summary s = new Summary();
        StringBuilder report = new StringBuilder("# LRT hardware units on real training\n\n"
                + "| layer | n x m | config | samples | skips (ref agree) | write cells | project mismatches"
                + " | write mismatches | project cycles/sample (ideal) | efficiency |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        int failed = 0;
        long total = 0;
        try (OutputDir dir = new OutputDir(out)) {
            for (LrtHardwareVectors.Layer l : sets) {
                if (layers != null && !List.of(layers.split(",")).contains(l.name())) {
                    continue;
                }
                Path ld = dir.path().resolve(l.name());
                Path rtl = ld.resolve("rtl");
                Path vec = ld.resolve("vectors");
                Files.createDirectories(vec);
                RtlEmitter.emit(l.config()).writeTo(rtl);
                l.vectors().write(vec);
                String p = l.name() + "_";
                total += l.vectors().samples();
                s.put(p + "config_hash", l.config().hash())
                        .put(p + "samples", l.vectors().samples())
                        .put(p + "skips", l.vectors().skips())
                        .put(p + "reference_skips", l.referenceSkips())
                        .put(p + "skip_agreement_with_reference", l.skipAgree())
                        .put(p + "inexact_input_codes", l.inexact())
                        .put(p + "clamped_input_codes", l.clamped())
                        .put(p + "write_cells", l.vectors().cells())
                        .put(p + "write_attempts_committed", l.vectors().committed())
                        .put(p + "rotate_sides", l.vectors().rotateSides())
                        .put(p + "rotate_beats", l.vectors().rotateFile() == null ? 0 : l.vectors().rotateFile().size());
                String cps = "";
                String eff = "";
                String pm = "";
                String wm = "";
                if (!noVerify) {
                    // no accepted sample (a tiny --pairs): no rotate vectors, said in rotate_sides = 0
                    List<String> opts = new ArrayList<>(List.of("--units", l.vectors().rotateSides() > 0 ? UNITS
                            : UNITS.replace(" nms_lrt_rotate", "")));
                    if (icarus) {
                        opts.add("--icarus");
                    }
                    if (coverage) {
                        opts.add("--coverage");
                    }
                    Summary v = VerifyCommand.verify(rtl, vec, ld, opts);
                    failed += Integer.parseInt(v.get("failed_runs"));
                    for (VerifyResults.Run r : VerifyResults.read(ld.resolve("sim/verify.csv"))) {
                        String k = p + r.unit() + "_" + r.run();
                        if (r.run().equals("coverage") || r.run().equals("coverage-merged")) {
                            s.put(k + "_line_coverage_pct", r.coverage());
                            continue;
                        }
                        s.put(k + "_mismatches", r.mismatches()).put(k + "_status", r.status());
                        if (r.run().equals("plain")) {
                            s.put(k + "_cycles_per_transaction", fmt(r.cyclesPerTransaction()))
                                    .put(k + "_ideal_cycles_per_transaction", fmt(r.ideal()))
                                    .put(k + "_efficiency", fmt(r.efficiency()));
                            if (r.unit().equals("nms_lrt_project")) {
                                cps = fmt(r.cyclesPerTransaction()) + " (" + fmt(r.ideal()) + ")";
                                eff = fmt(r.efficiency());
                                pm = Long.toString(r.mismatches());
                            } else if (r.unit().equals("nms_lrt_write")) {
                                wm = Long.toString(r.mismatches());
                            }
                        }
                    }
                }
                int[] shape = {l.config().lrtN(), l.config().lrtM()};
                report.append("| ").append(l.name()).append(" | ").append(shape[0]).append(" x ").append(shape[1])
                        .append(" | ").append(l.config().hash()).append(" | ").append(l.vectors().samples())
                        .append(" | ").append(l.vectors().skips()).append(" (").append(l.skipAgree()).append(")")
                        .append(" | ").append(l.vectors().cells()).append(" | ").append(pm).append(" | ").append(wm)
                        .append(" | ").append(cps).append(" | ").append(eff).append(" |\n");
            }
            s.put("samples_total", total).put("failed_runs", failed)
                    .put("seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            s.write(dir.path());
            AtomicFiles.writeString(dir.path().resolve("report.md"), report.toString());
            dir.commit();
        }
        System.out.print(s.toCsv());
        return failed == 0 ? 0 : 1;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
