package nms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.report.GoldenReport;
import nms.rtl.RtlEmitter;
import nms.golden.NmsEngine;
import nms.io.Summary;
import nms.report.Traffic;
import picocli.CommandLine.Option;

/**
 * The traffic model's parameters, shared by flow and synth, and the step that turns a verified
 * {@code nms_engine} run (its vectors and the byte counts its bench measured) into a
 * {@link Traffic.Result}.
 */
public final class TrafficOptions {
    /** Cap on the other units' vectors while measuring: only nms_engine's (one per class) matter. */
    private static final int ENGINE_VECTORS = 100;

    @Option(names = "--budget", defaultValue = "0.1",
            description = "Traffic model: fraction of the pool selected (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--epochs", defaultValue = "10",
            description = "Traffic model: training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--offchip-pj-per-bit", defaultValue = "" + Traffic.DEFAULT_OFFCHIP_PJ_PER_BIT,
            description = "Traffic model: energy of an off-chip DRAM access, pJ/bit (default: ${DEFAULT-VALUE},"
                    + " low end of Horowitz ISSCC 2014).")
    double offchipPjPerBit;

    @Option(names = "--near-memory-pj-per-bit", defaultValue = "" + Traffic.DEFAULT_NEAR_MEMORY_PJ_PER_BIT,
            description = "Traffic model: energy of a near-memory DRAM read, pJ/bit (default: ${DEFAULT-VALUE},"
                    + " about an HBM2 access, O'Connor et al. MICRO 2017).")
    double nearMemoryPjPerBit;

    /** Refuses bad parameters before a long run, not after it. */
    void validate() {
        new Traffic.Inputs(new int[] {1}, 1, 0, 0, budget, epochs, offchipPjPerBit, nearMemoryPjPerBit);
    }

    /**
     * The model over the classes nms_engine ran (their sizes from {@code vectors/nms_engine.csv}),
     * with the byte counts of {@code verify}; null when the engine did not run or reported none.
     */
    Traffic.Result compute(NmsConfig c, Path vectors, Summary verify) throws IOException {
        String near = verify.get("dram_bytes_near_memory");
        String host = verify.get("host_bytes");
        Path engine = vectors.resolve("nms_engine.csv");
        if (near == null || near.isEmpty() || host == null || host.isEmpty() || !Files.isRegularFile(engine)) {
            return null;
        }
        long imageBytes = (new NmsEngine(c).storedImageBits() + 7) / 8;
        return Traffic.compute(new Traffic.Inputs(engineClassSizes(engine), imageBytes, Long.parseLong(near),
                Long.parseLong(host), budget, epochs, offchipPjPerBit, nearMemoryPjPerBit));
    }

    /**
     * Measures traffic for synth: golden vectors of {@code images}, the RTL, and a Verilator run
     * of {@code nms_engine} alone (no back-pressure), all kept under {@code work}. Fails if the
     * engine does not match its golden vectors: counts from wrong RTL measure nothing.
     */
    Traffic.Result measure(NmsConfig c, Images images, String dataset, Path work) throws Exception {
        Path vectors = work.resolve("vectors");
        GoldenReport.run(c, images, dataset, ENGINE_VECTORS, vectors, work.resolve("golden"), System.err);
        RtlEmitter.emit(c).writeTo(work.resolve("rtl"));
        Summary verify = VerifyCommand.verify(work.resolve("rtl"), vectors, work.resolve("verify"),
                List.of("--units", "nms_engine", "--stress", "0"));
        verify.write(work.resolve("verify"));
        if (!"0".equals(verify.get("failed_runs")) || !"0".equals(verify.get("mismatches"))) {
            throw new IllegalStateException("traffic: nms_engine does not match its golden vectors ("
                    + verify.get("mismatches") + " mismatches); see " + work.resolve("verify/sim"));
        }
        Traffic.Result r = compute(c, vectors, verify);
        if (r == null) {
            throw new IllegalStateException("traffic: the nms_engine run reported no byte counts; see "
                    + work.resolve("verify/sim"));
        }
        return r;
    }

    /**
     * The traffic of a finished {@code nms flow} run in {@code flowDir}, refused unless it was
     * made for configuration {@code c}.
     */
    Traffic.Result fromFlow(NmsConfig c, Path flowDir) throws IOException {
        Path file = flowDir.resolve("summary.csv");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--traffic-from " + flowDir + ": no summary.csv (not an 'nms flow' output folder)");
        }
        Summary flow = Summary.read(file);
        if (!c.hash().equals(flow.get("config_hash"))) {
            throw new IllegalArgumentException("--traffic-from " + flowDir + ": made for config "
                    + flow.get("config_hash") + ", this is " + c.hash());
        }
        if (!"0".equals(flow.get("mismatches")) || !"0".equals(flow.get("failed_runs"))) {
            throw new IllegalArgumentException("--traffic-from " + flowDir + ": that flow failed verification ("
                    + flow.get("mismatches") + " mismatches); its byte counts measure nothing");
        }
        Traffic.Result r = compute(c, flowDir.resolve("vectors"), flow);
        if (r == null) {
            throw new IllegalArgumentException("--traffic-from " + flowDir + ": the flow has no nms_engine byte counts");
        }
        return r;
    }

    /** The {@code rows_i} column of nms_engine.csv: the size of each class the engine ran. */
    static int[] engineClassSizes(Path vectors) throws IOException {
        List<String> lines = Files.readAllLines(vectors);
        List<Integer> sizes = new ArrayList<>();
        boolean header = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.startsWith("rows_i,")) {
                    throw new IllegalStateException(vectors + ":" + (n + 1) + ": the first column is not rows_i");
                }
                header = true;
                continue;
            }
            int comma = line.indexOf(',');
            try {
                sizes.add(Integer.parseInt(comma < 0 ? line : line.substring(0, comma), 16));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(vectors + ":" + (n + 1) + ": rows_i is not hex: " + e.getMessage());
            }
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
