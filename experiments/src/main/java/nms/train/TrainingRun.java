package nms.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nms.data.Images;
import nms.eval.Plots;
import nms.io.AtomicFiles;

/**
 * One scenario, every chosen method, written to a folder: {@code accuracy.png} (prequential
 * accuracy over a sliding window, all methods), {@code writes_histogram.png} (cells per write-count
 * bin), {@code summary.csv} and {@code report.md}. Everything but the {@code seconds} row is a
 * function of the settings, the images and the seed.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    /** The method ids, in the order of the summary and report. */
    public static List<String> methodIds() {
        return Method.ids();
    }

    /** The scenario ids. */
    public static List<String> scenarioIds() {
        return java.util.Arrays.stream(Scenario.values()).map(Scenario::id).toList();
    }

    /** Checks method ids (known, no repeats); the error names the option. */
    public static List<String> checkMethods(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("--methods: give at least one of " + Method.ids());
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String id : ids) {
            Method.of(id);
            if (!seen.add(id)) {
                throw new IllegalArgumentException("--methods: '" + id + "' is given twice");
            }
        }
        return List.copyOf(seen);
    }

    /** Checks a scenario id; the error names the option. */
    public static String checkScenario(String id) {
        return Scenario.of(id).id();
    }

    /** What a run measured, by method id in the order given; {@code nms} empty unless requested. */
    public record Result(String scenario, OnlineExperiment.Pretrained pretrained,
                         Map<String, OnlineExperiment.MethodResult> methods, List<NmsStudy.Arm> nms, double seconds) {
    }

    /**
     * The NMS + LRT study: DE-SNE ({@code config}) and random subsets of {@code budget} of the
     * pre-training pool, each pre-trained {@code epochs} epochs, then LRT and SGD online.
     */
    public record NmsRequest(double budget, int epochs, nms.config.NmsConfig config) {
        public NmsRequest {
            if (!(budget > 0 && budget < 1)) {
                throw new IllegalArgumentException("--nms must be a fraction in (0, 1), got " + budget);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("--nms-epochs must be >= 1, got " + epochs);
            }
        }
    }

    /**
     * Pre-trains on {@code pretrainPool}, streams the first {@code settings.onlineSamples()} rows of
     * {@code online} (file order) through every method and writes the folder {@code dir}.
     */
    public static Result run(OnlineExperiment.Settings settings, List<String> methodIds, String scenarioId,
                             Images pretrainPool, Images online, NmsRequest nms, Path dir, PrintStream progress)
            throws IOException {
        long t0 = System.nanoTime();
        List<String> ids = checkMethods(methodIds);
        Scenario scenario = Scenario.of(scenarioId);
        OnlineExperiment e = new OnlineExperiment(settings);
        OnlineExperiment.Pretrained pre = e.pretrain(pretrainPool, progress);
        if (progress != null) {
            progress.printf(Locale.ROOT, "train: pre-trained on %d images, running accuracy %.1f%%, %.1f s%n",
                    pre.samples(), 100 * pre.accuracyLastEpoch(), pre.seconds());
        }
        OnlineExperiment.Stream stream = e.stream(online, scenario);
        Map<String, OnlineExperiment.MethodResult> results = new LinkedHashMap<>();
        for (String id : ids) {
            OnlineExperiment.MethodResult r = e.run(Method.of(id), pre, stream, scenario, progress);
            results.put(id, r);
            if (progress != null) {
                progress.printf(Locale.ROOT, "train: %s %s: prequential accuracy %.1f%%, max writes per cell %d, "
                        + "%.1f s%n", scenario.id(), id, 100 * r.accuracyMean(), r.maxWritesPerCell(), r.seconds());
            }
        }
        List<NmsStudy.Arm> arms = nms == null ? List.of() : NmsStudy.run(settings, nms.epochs(), scenario,
                pretrainPool, stream, nms.budget(), nms.config(), dir.resolve("nms_selection"), progress);
        Result result = new Result(scenario.id(), pre, results, arms, 0);
        accuracyPlot(result, settings, dir.resolve("accuracy.png"));
        writesHistogram(result, dir.resolve("writes_histogram.png"));
        String md = report(result, settings, e, pretrainPool, online, stream.labels().length);
        if (nms != null) {
            md += NmsStudy.report(arms, results, pretrainPool.rows(), pre.accuracyLastEpoch(), nms.budget(),
                    nms.epochs(), settings.window());
        }
        AtomicFiles.writeString(dir.resolve("report.md"), md);
        double seconds = (System.nanoTime() - t0) / 1e9;
        result = new Result(scenario.id(), pre, results, arms, seconds);
        AtomicFiles.writeString(dir.resolve("summary.csv"), summary(result, settings, stream.labels().length));
        return result;
    }

    static void accuracyPlot(Result r, OnlineExperiment.Settings s, Path png) throws IOException {
        List<String> names = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            boolean[] c = m.correct();
            int step = Math.max(1, c.length / 400);
            int points = (c.length + step - 1) / step;
            double[] x = new double[points];
            double[] y = new double[points];
            int[] prefix = new int[c.length + 1];
            for (int i = 0; i < c.length; i++) {
                prefix[i + 1] = prefix[i] + (c[i] ? 1 : 0);
            }
            for (int k = 0; k < points; k++) {
                int end = Math.min(c.length, (k + 1) * step);
                int start = Math.max(0, end - s.window());
                x[k] = end;
                y[k] = 100.0 * (prefix[end] - prefix[start]) / (end - start);
            }
            names.add(m.method());
            xs.add(x);
            ys.add(y);
        }
        Plots.lines(names, xs, ys, String.format(Locale.ROOT, "Prequential accuracy, %s (window %d samples)",
                r.scenario(), s.window()), "online sample", "accuracy over the last window (%)", png);
    }

    /** Bin 0: cells never written; bin k >= 1: cells written 2^(k-1) to 2^k - 1 times. */
    static int bin(long writes) {
        return writes == 0 ? 0 : 64 - Long.numberOfLeadingZeros(writes);
    }

    static void writesHistogram(Result r, Path png) throws IOException {
        int bins = 1;
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            bins = Math.max(bins, bin(m.maxWritesPerCell()) + 1);
        }
        List<String> names = new ArrayList<>();
        List<double[]> heights = new ArrayList<>();
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            long[] cells = m.writesPerCell();
            double[] h = new double[bins];
            for (long w : cells) {
                h[bin(w)]++;
            }
            // Log scale: the few most-written cells are what wears out first.
            for (int b = 0; b < bins; b++) {
                h[b] = Math.log10(1 + h[b]);
            }
            names.add(m.method());
            heights.add(h);
        }
        Plots.bars(names, heights, "Writes per weight cell, " + r.scenario() + " (per-pixel counting)",
                "bin k: cells written 2^(k-1) .. 2^k - 1 times (bin 0: never)", "log10(1 + cells)", png);
    }

    static String summary(Result r, OnlineExperiment.Settings s, int samples) {
        StringBuilder csv = new StringBuilder("metric,value\n");
        csv.append("scenario,").append(r.scenario()).append('\n');
        csv.append("seed,").append(s.seed()).append('\n');
        csv.append("pretrain_samples,").append(r.pretrained().samples()).append('\n');
        csv.append(String.format(Locale.ROOT, "pretrain_accuracy,%.4f%n", 100 * r.pretrained().accuracyLastEpoch()));
        csv.append("online_samples,").append(samples).append('\n');
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            String id = m.method();
            csv.append(String.format(Locale.ROOT, "accuracy_final_%s,%.4f%n", id, 100 * m.accuracyFinal(s.window())));
            csv.append(String.format(Locale.ROOT, "accuracy_mean_%s,%.4f%n", id, 100 * m.accuracyMean()));
            csv.append("max_writes_per_cell_").append(id).append(',').append(m.maxWritesPerCell()).append('\n');
            csv.append("max_writes_per_cell_per_sample_").append(id).append(',')
                    .append(m.maxWritesPerCellPerSample()).append('\n');
            csv.append("total_writes_").append(id).append(',').append(m.totalWrites()).append('\n');
            csv.append("total_writes_per_sample_").append(id).append(',').append(m.totalWritesPerSample())
                    .append('\n');
            csv.append("aux_memory_words_").append(id).append(',').append(m.auxMemoryWords()).append('\n');
            m.counters().forEach((k, v) -> csv.append(id).append('_').append(k).append(',').append(v).append('\n'));
        }
        NmsStudy.summary(csv, r.nms(), s.window());
        // Measured, so it differs between identical runs; it stays last.
        csv.append(String.format(Locale.ROOT, "seconds,%.3f%n", r.seconds()));
        return csv.toString();
    }

    static String ratio(long a, long b) {
        return b == 0 ? (a == 0 ? "-" : "inf") : String.format(Locale.ROOT, "%.1fx", (double) a / b);
    }

    static String report(Result r, OnlineExperiment.Settings s, OnlineExperiment e, Images pretrainPool,
                         Images online, int samples) {
        StringBuilder md = new StringBuilder("# Online training: " + r.scenario() + "\n\n");
        md.append(String.format(Locale.ROOT, "- Pre-training: %d images of `%s`, %d epoch(s), float master weights, "
                + "lr %s, batch 1; running accuracy of the last epoch %.1f %%.%n", pretrainPool.rows(),
                pretrainPool.source(), s.pretrainEpochs(), num(s.pretrainLr()), 100 * r.pretrained().accuracyLastEpoch()));
        md.append(String.format(Locale.ROOT, "- Online: the first %d images of `%s`, predict then train "
                + "(prequential), batch 1, seed %d; scenario `%s`%s.%n", samples, online.source(), s.seed(), r.scenario(),
                switch (r.scenario()) {
                    case "shift" -> ", augmentation regime switching every " + s.regime() + " samples";
                    case "analog", "bitflip" -> String.format(Locale.ROOT, ", drift rate %s per million samples, "
                            + "applied every %d samples", num(s.driftRate()), s.driftEvery());
                    default -> "";
                }));
        StringBuilder shapes = new StringBuilder();
        for (Map.Entry<String, int[]> l : e.layerShapes().entrySet()) {
            shapes.append(shapes.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d x %d%s",
                    l.getKey(), l.getValue()[0], l.getValue()[1],
                    l.getValue()[2] > 1 ? " (" + l.getValue()[2] + " pixels)" : ""));
        }
        md.append("- Weight layers (inputs x outputs): ").append(shapes).append(".\n");
        md.append(String.format(Locale.ROOT, "- SGD lr %s; LRT lr %s, rank %d, kappa %s, B = %d dense / %d conv, "
                + "max-norm %s, min density %s; bias lr %s. A dense gradient accumulator would need %d words.%n%n",
                num(s.sgdLr()), num(s.lrtLr()), s.rank(), num(s.kappa()), s.pseudoBatchDense(), s.pseudoBatchConv(),
                s.maxNorm() ? "on" : "off", num(s.minDensity()), num(s.biasLr()), e.denseAccumulatorWords()));
        md.append(String.format(Locale.ROOT, "| method | accuracy, mean (%%) | accuracy, last %d (%%) | max writes "
                + "per cell, per pixel | max writes per cell, per sample | total writes, per pixel | total writes, "
                + "per sample | aux memory (words) |%n|---|---:|---:|---:|---:|---:|---:|---:|%n", s.window()));
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %d | %d | %d | %d |%n", m.method(),
                    100 * m.accuracyMean(), 100 * m.accuracyFinal(s.window()), m.maxWritesPerCell(),
                    m.maxWritesPerCellPerSample(), m.totalWrites(), m.totalWritesPerSample(), m.auxMemoryWords()));
        }
        OnlineExperiment.MethodResult sgd = r.methods().get("sgd");
        for (String id : List.of("lrt", "lrt_biased")) {
            OnlineExperiment.MethodResult l = r.methods().get(id);
            if (sgd != null && l != null) {
                md.append(String.format(Locale.ROOT, "%nSGD / %s, max writes per cell: %s per pixel, %s per sample; "
                        + "accuracy %s minus SGD: %+.1f points (mean).", id, ratio(sgd.maxWritesPerCell(),
                        l.maxWritesPerCell()), ratio(sgd.maxWritesPerCellPerSample(), l.maxWritesPerCellPerSample()),
                        id, 100 * (l.accuracyMean() - sgd.accuracyMean())));
            }
        }
        OnlineExperiment.MethodResult fl = r.methods().get("lrt");
        OnlineExperiment.MethodResult in = r.methods().get("lrt_int");
        if (fl != null && in != null) {
            md.append(String.format(Locale.ROOT, "%n%nFidelity of the integer SKS: lrt_int minus lrt, accuracy %+.1f "
                    + "points (mean), %+.1f (last %d); max writes per cell %d against %d (%+.1f %%), total writes %d "
                    + "against %d (%+.1f %%).", 100 * (in.accuracyMean() - fl.accuracyMean()),
                    100 * (in.accuracyFinal(s.window()) - fl.accuracyFinal(s.window())), s.window(),
                    in.maxWritesPerCell(), fl.maxWritesPerCell(), percent(in.maxWritesPerCell(), fl.maxWritesPerCell()),
                    in.totalWrites(), fl.totalWrites(), percent(in.totalWrites(), fl.totalWrites())));
        }
        md.append("\n\nPer layer, max writes per cell (per pixel / per sample; LRT: accepted of attempted writes):\n\n"
                + "| method |");
        List<String> layerNames = new ArrayList<>(e.layerShapes().keySet());
        for (String l : layerNames) {
            md.append(' ').append(l).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(layerNames.size())).append('\n');
        for (OnlineExperiment.MethodResult m : r.methods().values()) {
            md.append("| ").append(m.method()).append(" |");
            for (OnlineExperiment.LayerWrites l : m.layers()) {
                long a = l.writes() == null ? 0 : l.writes().max();
                long b = l.perSample() == null ? 0 : l.perSample().max();
                md.append(' ').append(a).append(" / ").append(b);
                if (l.attempts() > 0) {
                    md.append(" (").append(l.accepted()).append(" of ").append(l.attempts()).append(')');
                }
                md.append(" |");
            }
            md.append('\n');
        }
        md.append("\nPer-pixel counting is the paper's: SGD on a convolution writes a cell once per output pixel "
                + "whose input and gradient are both nonzero; per-sample counting writes it at most once per image. "
                + "Dense layers and LRT count the same both ways. `accuracy.png`: prequential accuracy over a sliding "
                + "window; `writes_histogram.png`: cells per write-count bin. The run time is the last row of "
                + "`summary.csv`, the only value that changes between identical runs.\n");
        return md.toString();
    }

    static double percent(long a, long b) {
        return b == 0 ? 0 : 100.0 * (a - b) / b;
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
