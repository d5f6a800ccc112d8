package nms.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsEngine;
import nms.io.Summary;
import nms.report.Traffic;
import nms.rtl.units.PerplexityUnit;

/**
 * The one-pass engine's cycle model for a class (chunk) of n rows (docs/ARITHMETIC.md 10.6), used
 * to extrapolate the flow's measured runs to the full 60k pool. With K lanes, P = ceil(n / K)
 * passes, s = sketch_beats, kept = min(knn_k, n - 1), E the search's per-evaluation overhead and
 * it the mean evaluations per row measured on the flow's classes, one lane's search of a row
 * takes {@code S = kept + it * (kept + E)} cycles (load, then the evaluations), and
 * {@code cycles(n) = max(n * beats, n * s) + (P - 1) * max(n * s, S) + S}: pass 0 streams as the
 * DRAM delivers, every later pass streams the store or waits for the previous pass's searches,
 * and the last pass's searches are the tail.
 */
final class EngineModel {
    /**
     * The clock the model assumes: the slowest placed unit the engine instantiates, nms_log2 at
     * 42.70 MHz on an iCE40 HX8K (docs/SYNTHESIS.md); the engine itself does not fit an HX8K.
     */
    static final double CLOCK_MHZ = 42.70;

    private EngineModel() {
    }

    static long cycles(NmsConfig c, int n, double meanIterations) {
        Formats f = c.formats();
        long k = f.engineAnchors;
        long kept = Math.min(f.knnK, n - 1);
        long e = PerplexityUnit.cyclesPerEvaluation(c, 0);
        long search = kept + Math.round(meanIterations * (kept + e));
        long passes = (n + k - 1) / k;
        long stream = (long) n * f.sketchBeats;
        return Math.max((long) n * f.beats, stream) + (passes - 1) * Math.max(stream, search) + search;
    }

    /** Mean evaluations per row over the {@code iterations_o} column of nms_engine.csv. */
    static double meanIterations(NmsConfig c, Path csv) throws IOException {
        int width = c.formats().iterationWidth;
        List<String> lines = Files.readAllLines(csv);
        int rowsCol = -1;
        int itCol = -1;
        long sum = 0;
        long rows = 0;
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",");
            if (rowsCol < 0) {
                List<String> header = List.of(cells);
                rowsCol = header.indexOf("rows_i");
                itCol = header.indexOf("iterations_o");
                if (rowsCol < 0 || itCol < 0) {
                    throw new IllegalStateException(csv + ": no rows_i or iterations_o column");
                }
                continue;
            }
            int n = Integer.parseInt(cells[rowsCol], 16);
            BigInteger it = new BigInteger(cells[itCol], 16);
            for (int i = 0; i < n; i++) {
                sum += it.shiftRight(i * width).and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE))
                        .longValueExact();
            }
            rows += n;
        }
        if (rows == 0) {
            throw new IllegalStateException(csv + ": no rows");
        }
        return (double) sum / rows;
    }

    /** The full pool's chunks: every class of 6 000 rows split as NmsEngine.chunks says. */
    static List<Integer> chunks60k(NmsConfig c) {
        int[] start = new NmsEngine(c).chunks(Traffic.POOL_60K_ROWS_PER_CLASS);
        List<Integer> sizes = new ArrayList<>();
        for (int cls = 0; cls < Traffic.POOL_60K_CLASSES; cls++) {
            for (int k = 0; k + 1 < start.length; k++) {
                sizes.add(start[k + 1] - start[k]);
            }
        }
        return sizes;
    }

    /**
     * The flow's summary rows: the model at the flow's own classes against the measured cycles
     * per class ({@code measuredPerClass}, the check of the model), then at the 60k pool.
     */
    static Summary summary(NmsConfig c, Path engineCsv, String measuredPerClass) throws IOException {
        double it = meanIterations(c, engineCsv);
        int[] sizes = TrafficOptions.engineClassSizes(engineCsv);
        double own = 0;
        for (int n : sizes) {
            own += cycles(c, n, it);
        }
        own /= sizes.length;
        Summary s = new Summary()
                .put("modelled_engine_cycles_per_class", String.format(Locale.ROOT, "%.1f", own));
        if (measuredPerClass != null && !measuredPerClass.isEmpty()) {
            double m = Double.parseDouble(measuredPerClass);
            s.put("engine_model_error", String.format(Locale.ROOT, "%.4f", own / m - 1));
        }
        long total = 0;
        for (int n : chunks60k(c)) {
            total += cycles(c, n, it);
        }
        return s
                .put("engine_mean_iterations", String.format(Locale.ROOT, "%.2f", it))
                .put("modelled_engine_cycles_60k", total)
                .put("modelled_engine_clock_mhz", String.format(Locale.ROOT, "%.2f", CLOCK_MHZ))
                .put("modelled_engine_seconds_60k",
                        String.format(Locale.ROOT, "%.3f", total / (CLOCK_MHZ * 1e6)));
    }
}
