package nms.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.io.AtomicFiles;
import nms.io.Summary;
import nms.report.GoldenReport;
import nms.report.Traffic;
import nms.rtl.RtlEmitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "flow", description = "The main job: golden model -> vectors -> RTL -> Verilator -> report.")
final class FlowCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    DatasetOptions data;

    @Option(names = "--vectors-per-unit", defaultValue = "5000",
            description = "Cap on transactions per unit (default: ${DEFAULT-VALUE}).")
    int vectorsPerUnit;

    @Option(names = "--icarus", description = "Also replay the vectors in Icarus (4-state) and compare.")
    boolean icarus;

    @Option(names = "--coverage", description = "Also measure line coverage of the generated units.")
    boolean coverage;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Mixin
    TrafficOptions traffic;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        NmsConfig c = config.resolve();
        traffic.validate();
        Images images = data.load(c);
        System.err.printf("flow: config %s, %d images (%s)%n", c.hash(), images.rows(), data.spec(c).describe());
        try (OutputDir dir = new OutputDir(out)) {
            Path root = dir.path();
            System.err.println("flow [1/3] golden model and vectors");
            Summary golden = GoldenReport.run(c, images, data.spec(c).describe(), vectorsPerUnit,
                    root.resolve("vectors"), root.resolve("golden"), System.err);
            System.err.println("flow [2/3] RTL");
            RtlEmitter.Emitted rtl = RtlEmitter.emit(c);
            rtl.writeTo(root.resolve("rtl"));
            System.err.println("flow [3/3] Verilator verification");
            List<String> opts = new java.util.ArrayList<>(List.of("--stress", "0.2", "--seed", Long.toString(c.seed())));
            if (icarus) {
                opts.add("--icarus");
            }
            if (coverage) {
                opts.add("--coverage");
            }
            Summary verify = VerifyCommand.verify(root.resolve("rtl"), root.resolve("vectors"),
                    root.resolve("verify"), opts);
            verify.write(root.resolve("verify"));

            Summary s = new Summary().putAll(verify)
                    .put("images", golden.get("images"))
                    .put("p_l1_error", golden.get("p_l1_error"))
                    .put("rows_outside_tolerance_plain", golden.get("rows_outside_tolerance_plain"))
                    .put("rows_outside_tolerance_robust", golden.get("rows_outside_tolerance_robust"))
                    .put("rtl_modules", rtl.summary().get("modules"))
                    .put("rtl_lines", rtl.summary().get("lines"))
                    .putAll(sramRows(rtl.summary()))
                    .put("config_hash", c.hash());
            String trafficSection = "";
            Traffic.Result measured = traffic.compute(c, root.resolve("vectors"), verify);
            if (measured != null) {
                s.putAll(Traffic.summary(measured));
                trafficSection = "\n" + Traffic.markdown(measured);
                s.putAll(EngineModel.summary(c, root.resolve("vectors").resolve("nms_engine.csv"),
                        verify.get("engine_cycles_per_class")));
            }
            s.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            s.write(root);
            AtomicFiles.writeString(root.resolve("report.md"), report(c, s) + trafficSection);
            // A failed verification is a finished result: keep it, with its waveform.
            dir.commit();
            boolean ok = "0".equals(s.get("failed_runs")) && "0".equals(s.get("mismatches"))
                    && "0".equals(s.get("assertion_failures"));
            System.err.printf("flow: %s — %s vectors, %s mismatches, %s assertion failures, efficiency %s; report %s%n",
                    ok ? "PASS" : "FAIL", s.get("vectors"), s.get("mismatches"), s.get("assertion_failures"),
                    s.get("efficiency"), out.resolve("report.md"));
            return ok ? 0 : 1;
        }
    }

    static String report(NmsConfig c, Summary s) {
        StringBuilder sb = new StringBuilder("# NMS flow report\n\n");
        sb.append("Config ").append(c.hash()).append(": pixel_width ").append(c.pixelWidth())
                .append(", dims ").append(c.dims()).append(", lanes ").append(c.lanes())
                .append(", perplexity ").append(c.perplexity()).append(", search ")
                .append(c.search().name().toLowerCase(java.util.Locale.ROOT)).append(".\n\n");
        sb.append("| metric | value |\n|---|---|\n");
        s.rows().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\nDetails: `golden/report.md` (fidelity against the double reference), `verify/report.md` and "
                + "`verify/sim/verify.csv` (per unit and run), RTL in `rtl/` (a datasheet `<unit>.md` per unit),"
                + " vectors in `vectors/`.\n");
        return sb.toString();
    }

    /** The RTL summary's {@code sram_bits_*} rows (the engine's on-chip memory, spec 10.3). */
    private static Summary sramRows(Summary rtl) {
        Summary out = new Summary();
        for (String metric : rtl.rows().keySet()) {
            if (metric.startsWith("sram_bits_")) {
                out.put(metric, rtl.get(metric));
            }
        }
        return out;
    }
}
