package nms.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.desne.DesneOptions;
import nms.eval.DesneSelection;
import nms.eval.RandomSelector;

/**
 * NMS and LRT together: pre-train on the subset the bit-accurate DE-SNE selector
 * ({@link DesneSelection}, what {@code ./nms select} runs) picks from the pre-training pool, and on
 * a random subset of the same per-class sizes; then run the online stream with LRT and with SGD
 * from each. Only the subset crosses the link to the trainer, so "images sent" is its size (the
 * full-pool run sends the whole pool).
 */
final class NmsStudy {
    static final String RULE = "kmeans";

    /** One arm: the pre-training subset it came from and the online results by method. */
    record Arm(String subset, int imagesSent, OnlineExperiment.Pretrained pretrained,
               Map<String, OnlineExperiment.MethodResult> methods) {
    }

    private NmsStudy() {
    }

    static List<Arm> run(OnlineExperiment.Settings settings, int subsetEpochs, Scenario scenario, Images pool,
                         OnlineExperiment.Stream stream, double budget, NmsConfig config, Path selectionDir,
                         PrintStream progress) throws IOException {
        DesneSelection.Result sel = DesneSelection.run(config, pool,
                new DesneSelection.Settings(budget, RULE, false, DesneOptions.DEFAULT), selectionDir, progress);
        List<Integer> desne = new ArrayList<>();
        List<Integer> random = new ArrayList<>();
        RandomSelector rs = new RandomSelector();
        for (DesneSelection.Group g : sel.groups()) {
            int[] rowsOfClass = pool.indicesOfClass(g.label());
            for (int i : g.selected()) {
                desne.add(rowsOfClass[i]);
            }
            for (int i : rs.select(g.rows(), g.selected().length, settings.seed() * 31 + g.label())) {
                random.add(rowsOfClass[i]);
            }
        }
        OnlineExperiment e = new OnlineExperiment(settings.withPretrainEpochs(subsetEpochs));
        List<Arm> arms = new ArrayList<>();
        for (String name : List.of("desne", "random")) {
            int[] rows = (name.equals("desne") ? desne : random).stream().mapToInt(Integer::intValue).sorted().toArray();
            OnlineExperiment.Pretrained pre = e.pretrain(pool.select(rows), null);
            if (progress != null) {
                progress.printf(Locale.ROOT, "train: nms: %s subset of %d images, pre-trained %d epochs, running "
                        + "accuracy %.1f%%%n", name, rows.length, subsetEpochs, 100 * pre.accuracyLastEpoch());
            }
            Map<String, OnlineExperiment.MethodResult> results = new LinkedHashMap<>();
            for (Method m : List.of(Method.LRT, Method.SGD)) {
                results.put(m.id(), e.run(m, pre, stream, scenario, null));
            }
            arms.add(new Arm(name, rows.length, pre, results));
        }
        return arms;
    }

    static void summary(StringBuilder csv, List<Arm> arms, int window) {
        for (Arm a : arms) {
            csv.append("nms_images_sent_").append(a.subset()).append(',').append(a.imagesSent()).append('\n');
            for (OnlineExperiment.MethodResult m : a.methods().values()) {
                String k = a.subset() + "_" + m.method();
                csv.append(String.format(Locale.ROOT, "nms_accuracy_mean_%s,%.4f%n", k, 100 * m.accuracyMean()));
                csv.append(String.format(Locale.ROOT, "nms_accuracy_final_%s,%.4f%n", k, 100 * m.accuracyFinal(window)));
                csv.append("nms_max_writes_per_cell_").append(k).append(',').append(m.maxWritesPerCell()).append('\n');
                csv.append("nms_max_writes_per_cell_per_sample_").append(k).append(',')
                        .append(m.maxWritesPerCellPerSample()).append('\n');
                csv.append("nms_total_writes_").append(k).append(',').append(m.totalWrites()).append('\n');
            }
        }
    }

    static String report(List<Arm> arms, Map<String, OnlineExperiment.MethodResult> full, int poolSize,
                         double fullPretrainAccuracy, double budget, int subsetEpochs, int window) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## NMS + LRT%n%nPre-training subsets of "
                + "%s of the %d-image pool: `desne` = the bit-accurate DE-SNE selector (%s exemplars per class, "
                + "`nms_selection/`), `random` = random rows, the same count per class; each pre-trained %d epochs. "
                + "The full-pool rows are the run above (1 epoch). Images sent = images crossing the link to the "
                + "trainer for pre-training.%n%n| pre-training set | images sent | running accuracy, last pre-training epoch (%%) | online "
                + "method | accuracy, mean (%%) | accuracy, last %d (%%) | max writes per cell, per pixel | per sample "
                + "| total writes |%n|---|---:|---:|---|---:|---:|---:|---:|---:|%n", percent(budget), poolSize, RULE,
                subsetEpochs, window));
        for (Arm a : arms) {
            for (OnlineExperiment.MethodResult m : a.methods().values()) {
                md.append(row(a.subset(), a.imagesSent(), a.pretrained().accuracyLastEpoch(), m, window));
            }
        }
        for (String id : List.of("lrt", "sgd")) {
            if (full.containsKey(id)) {
                md.append(row("full pool", poolSize, fullPretrainAccuracy, full.get(id), window));
            }
        }
        return md.toString();
    }

    static String row(String subset, int sent, double preAcc, OnlineExperiment.MethodResult m, int window) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %.1f | %.1f | %d | %d | %d |%n", subset, sent,
                100 * preAcc, m.method(), 100 * m.accuracyMean(), 100 * m.accuracyFinal(window), m.maxWritesPerCell(),
                m.maxWritesPerCellPerSample(), m.totalWrites());
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%s %%", TrainingRun.num(100 * fraction));
    }
}
