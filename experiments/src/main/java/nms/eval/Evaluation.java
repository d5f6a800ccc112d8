package nms.eval;

import nms.io.AtomicFiles;
import nms.report.Budget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import nms.data.Images;

/**
 * Scores subset selectors by the test accuracy of the fixed {@link Classifier} recipe trained on
 * their subsets.
 *
 * <p>For every selector, budget and seed: split the pool by class, give each class its
 * {@link Budget} share, let the selector choose within the class, train on the union and score
 * on the test set. The classifier seed is the evaluation seed itself, the same for every selector
 * and budget, so selectors are compared on paired runs (same init and batch-order stream) and
 * the differences are not training noise. Each class gets its own selection seed derived from the
 * evaluation seed and the label. The full pool is trained once per seed as the ceiling.
 *
 * <p>Outputs (each written to a temp file and moved into place):
 * <ul>
 *   <li>{@code summary.csv}: {@code metric,value}; {@code acc_<selector>_<budget>} (mean test
 *       accuracy in percent), {@code acc_full}, {@code selection_seconds_per_class} (mean over
 *       every per-class selection call), then {@code std_<selector>_<budget>}, {@code std_full}
 *       and {@code selection_seconds_per_class_<selector>_<budget>}</li>
 *   <li>{@code runs.csv}: every single run (selector, budget, seed, images, accuracy)</li>
 *   <li>{@code report.md}: mean &plusmn; std tables</li>
 *   <li>{@code selected_<selector>_<budget>_seed<k>.csv}: {@code sourceIndex,label} of the
 *       subset</li>
 *   <li>{@code accuracy_vs_budget.png}</li>
 * </ul>
 * Identical inputs give byte-identical files, except the measured selection times (the
 * {@code selection_seconds_per_class*} rows and the timing table of the report).
 */
public final class Evaluation {

    public static final List<Double> DEFAULT_BUDGETS = List.of(0.01, 0.05, 0.10);
    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

    /** Selector names become file and row names, so keep them plain; '_' separates fields. */
    private static final Pattern SELECTOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /**
     * What to run besides the selectors.
     *
     * @param budgets fractions of the whole pool, each in (0, 1]
     * @param seeds   one complete run of every selector and budget per seed
     * @param recipe  the classifier recipe
     */
    /**
     * @param scoredOn what the accuracy is measured on, as the report names it: "test", or
     *                 "validation" when the scored rows are held out of the training set
     */
    public record Settings(List<Double> budgets, List<Long> seeds, Classifier.Recipe recipe, String scoredOn) {

        public Settings(List<Double> budgets, List<Long> seeds, Classifier.Recipe recipe) {
            this(budgets, seeds, recipe, "test");
        }

        public Settings {
            Objects.requireNonNull(scoredOn, "scoredOn");
            budgets = List.copyOf(budgets);
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(recipe, "recipe");
            if (budgets.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("need at least one budget and one seed");
            }
            if (budgets.stream().distinct().count() != budgets.size()
                    || seeds.stream().distinct().count() != seeds.size()) {
                throw new IllegalArgumentException("budgets and seeds must be distinct");
            }
            budgets.forEach(Budget::name); // validates each fraction
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_BUDGETS, DEFAULT_SEEDS, Classifier.Recipe.DEFAULT);
        }
    }

    /**
     * One (selector, budget) cell of the result table.
     *
     * @param images                   subset size (sum of the per-class budgets)
     * @param accuracyPercent          test accuracy per seed, in the order of the seeds
     * @param meanPercent              mean over seeds
     * @param stdPercent               sample standard deviation over seeds (0 for one seed)
     * @param selectionSecondsPerClass mean wall time of one per-class selection call
     */
    public record Row(String selector, double budget, int images, double[] accuracyPercent,
                      double meanPercent, double stdPercent, double selectionSecondsPerClass) {

        public String budgetName() {
            return Budget.name(budget);
        }
    }

    /**
     * The result table plus the full-data ceiling.
     *
     * @param rows                     in selector order, then budget order
     * @param fullAccuracyPercent      full-pool accuracy per seed
     * @param selectionSecondsPerClass mean over every per-class selection call of the run
     * @param seeds                    how many seeds each mean is over
     */
    public record Result(List<Row> rows, double[] fullAccuracyPercent, double fullMeanPercent,
                         double fullStdPercent, double selectionSecondsPerClass, int seeds) {

        public Row row(String selector, double budget) {
            for (Row row : rows) {
                if (row.selector().equals(selector) && row.budget() == budget) {
                    return row;
                }
            }
            throw new IllegalArgumentException("no row for " + selector + " at " + budget);
        }
    }

    private Evaluation() {
    }

    /** {@link #run(Images, Images, Map, Settings, Path)} with budgets 1/5/10%, seeds 1, 2, 3. */
    public static Result run(Images train, Images test, Map<String, Selector> selectors,
                             Path outputDir) throws IOException {
        return run(train, test, selectors, Settings.defaults(), outputDir);
    }

    /**
     * Runs every selector at every budget for every seed, trains and scores the classifier, and
     * writes the outputs into {@code outputDir} (created if missing). Progress goes to stderr.
     *
     * @param train     the pool to select from (and the full-data training set)
     * @param test      scored only, never selected from
     * @param selectors named selectors, run and reported in map order
     */
    public static Result run(Images train, Images test, Map<String, Selector> selectors,
                             Settings settings, Path outputDir) throws IOException {
        checkInputs(train, test, selectors);
        int classes = Math.max(Arrays.stream(train.labels()).max().orElse(0),
                Arrays.stream(test.labels()).max().orElse(0)) + 1;
        int[] labels = train.classes();
        int[][] classRowIndices = new int[labels.length][];
        int[] classSizes = new int[labels.length];
        Images[] classRows = new Images[labels.length];
        for (int c = 0; c < labels.length; c++) {
            classRowIndices[c] = train.indicesOfClass(labels[c]);
            classSizes[c] = classRowIndices[c].length;
            classRows[c] = train.select(classRowIndices[c]);
        }

        List<Row> rows = new ArrayList<>();
        StringBuilder runsCsv = new StringBuilder("selector,budget,seed,images,accuracy\n");
        double allSelectionSeconds = 0;
        long allSelectionCalls = 0;
        for (Map.Entry<String, Selector> entry : selectors.entrySet()) {
            String name = entry.getKey();
            Selector selector = entry.getValue();
            for (double budget : settings.budgets()) {
                int[] perClass = Budget.perClass(classSizes, budget);
                int images = Arrays.stream(perClass).sum();
                double[] accuracy = new double[settings.seeds().size()];
                double selectionSeconds = 0;
                for (int s = 0; s < accuracy.length; s++) {
                    long seed = settings.seeds().get(s);
                    boolean[] inSubset = new boolean[train.rows()];
                    double seedSelectionSeconds = 0;
                    for (int c = 0; c < labels.length; c++) {
                        long started = System.nanoTime();
                        int[] chosen = selector.select(classRows[c], perClass[c],
                                Selections.derive(seed, labels[c]));
                        seedSelectionSeconds += (System.nanoTime() - started) / 1e9;
                        checkSelection(name, labels[c], chosen, perClass[c], classSizes[c]);
                        for (int row : chosen) {
                            inSubset[classRowIndices[c][row]] = true;
                        }
                    }
                    Images subset = train.select(Selections.sortedIndices(inSubset));
                    writeSelection(outputDir.resolve("selected_" + name + "_"
                            + Budget.name(budget) + "_seed" + seed + ".csv"), subset);
                    long started = System.nanoTime();
                    accuracy[s] = 100 * Classifier.train(subset, classes, settings.recipe(), seed)
                            .accuracy(test);
                    double trainSeconds = (System.nanoTime() - started) / 1e9;
                    selectionSeconds += seedSelectionSeconds;
                    progress(name, Budget.name(budget), seed, images, accuracy[s],
                            seedSelectionSeconds, trainSeconds);
                    runsCsv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.4f%n", name,
                            Budget.name(budget), seed, images, accuracy[s]));
                }
                long calls = (long) labels.length * accuracy.length;
                allSelectionSeconds += selectionSeconds;
                allSelectionCalls += calls;
                rows.add(new Row(name, budget, images, accuracy, mean(accuracy),
                        sampleStd(accuracy), selectionSeconds / calls));
            }
        }

        double[] full = new double[settings.seeds().size()];
        for (int s = 0; s < full.length; s++) {
            long seed = settings.seeds().get(s);
            long started = System.nanoTime();
            full[s] = 100 * Classifier.train(train, classes, settings.recipe(), seed)
                    .accuracy(test);
            progress("full", "100pct", seed, train.rows(), full[s], 0,
                    (System.nanoTime() - started) / 1e9);
            runsCsv.append(String.format(Locale.ROOT, "full,100pct,%d,%d,%.4f%n", seed,
                    train.rows(), full[s]));
        }
        Result result = new Result(List.copyOf(rows), full, mean(full), sampleStd(full),
                allSelectionCalls == 0 ? 0 : allSelectionSeconds / allSelectionCalls,
                full.length);

        AtomicFiles.writeString(outputDir.resolve("runs.csv"), runsCsv.toString());
        AtomicFiles.writeString(outputDir.resolve("summary.csv"), summaryCsv(result));
        AtomicFiles.writeString(outputDir.resolve("report.md"),
                reportMarkdown(result, train, test, classes, settings));
        Plots.accuracyVersusBudget(result, outputDir.resolve("accuracy_vs_budget.png"));
        return result;
    }

    private static void checkInputs(Images train, Images test, Map<String, Selector> selectors) {
        if (train.rows() == 0 || test.rows() == 0) {
            throw new IllegalArgumentException("train and test must not be empty");
        }
        if (train.dims() != test.dims() || train.pixelWidth() != test.pixelWidth()) {
            throw new IllegalArgumentException("train and test differ in dims or pixel width");
        }
        for (String name : selectors.keySet()) {
            if (!SELECTOR_NAME.matcher(name).matches() || name.equals("full")) {
                throw new IllegalArgumentException("selector name '" + name + "' must match "
                        + SELECTOR_NAME + " and not be 'full'");
            }
        }
    }

    /** A selector that breaks its contract would silently skew the table; fail loudly instead. */
    private static void checkSelection(String selector, int label, int[] chosen, int budget,
                                       int classSize) {
        boolean ok = chosen.length == budget;
        for (int i = 0; ok && i < chosen.length; i++) {
            ok = chosen[i] >= 0 && chosen[i] < classSize && (i == 0 || chosen[i] > chosen[i - 1]);
        }
        if (!ok) {
            throw new IllegalStateException("selector " + selector + " on class " + label
                    + " must return " + budget + " sorted distinct rows in [0, " + classSize
                    + "), got " + Arrays.toString(chosen));
        }
    }

    private static void writeSelection(Path file, Images subset) throws IOException {
        StringBuilder csv = new StringBuilder("sourceIndex,label\n");
        for (int i = 0; i < subset.rows(); i++) {
            csv.append(subset.sourceIndex()[i]).append(',').append(subset.labels()[i])
                    .append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    private static void progress(String selector, String budget, long seed, int images,
                                 double accuracyPercent, double selectionSeconds,
                                 double trainSeconds) {
        System.err.printf(Locale.ROOT, "eval %-16s %-7s seed %-3d %6d images  accuracy %7.3f%%"
                + "  select %7.1f s  train+score %6.1f s%n", selector, budget, seed, images,
                accuracyPercent, selectionSeconds, trainSeconds);
    }

    static String summaryCsv(Result result) {
        StringBuilder csv = new StringBuilder("metric,value\n");
        for (Row row : result.rows()) {
            csv.append(metric("acc_" + row.selector() + "_" + row.budgetName(), row.meanPercent()));
        }
        csv.append(metric("acc_full", result.fullMeanPercent()));
        csv.append(metric("selection_seconds_per_class", result.selectionSecondsPerClass()));
        for (Row row : result.rows()) {
            csv.append(metric("std_" + row.selector() + "_" + row.budgetName(), row.stdPercent()));
        }
        csv.append(metric("std_full", result.fullStdPercent()));
        for (Row row : result.rows()) {
            csv.append(metric("selection_seconds_per_class_" + row.selector() + "_"
                    + row.budgetName(), row.selectionSecondsPerClass()));
        }
        return csv.toString();
    }

    private static String metric(String name, double value) {
        return String.format(Locale.ROOT, "%s,%.4f%n", name, value);
    }

    static String reportMarkdown(Result result, Images train, Images test, int classes,
                                 Settings settings) {
        Classifier.Recipe r = settings.recipe();
        String scored = settings.scoredOn();
        StringBuilder md = new StringBuilder("# Subset selection: " + scored + " accuracy\n\n");
        md.append(String.format(Locale.ROOT, "- Pool: `%s`, %d images, %d classes; %s: `%s`, "
                + "%d images.%n", train.source(), train.rows(), train.classes().length,
                scored, test.source(), test.rows()));
        md.append(String.format(Locale.ROOT, "- Classifier: MLP %d-%d-%d (ReLU, softmax "
                + "cross-entropy), Adam lr %s to %s linear, %d steps of batch %d, weight decay "
                + "%s; the same recipe for every subset.%n", train.dims(), r.hidden(), classes,
                plain(r.learningRate()), plain(r.finalLearningRate()), r.steps(), r.batchSize(),
                plain(r.weightDecay())));
        md.append(String.format(Locale.ROOT, "- Budgets are fractions of the whole pool, split "
                + "over classes in proportion to class size. Seeds: %s (paired: one classifier "
                + "seed per evaluation seed for every selector).%n",
                settings.seeds().toString().replaceAll("[\\[\\]]", "")));
        md.append("- Cells: " + scored + " accuracy in percent, mean \u00b1 sample std over seeds.\n\n");

        List<Double> budgets = settings.budgets();
        Map<String, List<Row>> bySelector = new LinkedHashMap<>();
        for (Row row : result.rows()) {
            bySelector.computeIfAbsent(row.selector(), s -> new ArrayList<>()).add(row);
        }
        md.append("| selector |");
        int[] classSizes = Arrays.stream(train.classes())
                .map(label -> train.indicesOfClass(label).length).toArray();
        for (double budget : budgets) {
            int images = Arrays.stream(Budget.perClass(classSizes, budget)).sum();
            md.append(String.format(Locale.ROOT, " %s (%d images) |", percent(budget), images));
        }
        md.append("\n|---|").append("---:|".repeat(budgets.size())).append('\n');
        for (Map.Entry<String, List<Row>> entry : bySelector.entrySet()) {
            md.append("| ").append(entry.getKey()).append(" |");
            for (double budget : budgets) {
                Row row = result.row(entry.getKey(), budget);
                md.append(String.format(Locale.ROOT, " %.2f \u00b1 %.2f |", row.meanPercent(),
                        row.stdPercent()));
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "%nFull pool (%d images, the ceiling): %.2f \u00b1 "
                + "%.2f%%.%n", train.rows(), result.fullMeanPercent(), result.fullStdPercent()));

        md.append("\n## Selection time\n\nWall seconds per class per call (mean over classes and "
                + "seeds); measured, so this section differs from run to run.\n\n| selector |");
        for (double budget : budgets) {
            md.append(' ').append(percent(budget)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(budgets.size())).append('\n');
        for (String selector : bySelector.keySet()) {
            md.append("| ").append(selector).append(" |");
            for (double budget : budgets) {
                md.append(String.format(Locale.ROOT, " %.3f |",
                        result.row(selector, budget).selectionSecondsPerClass()));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** 1e-5 as "0.00001", not "1.0E-5". */
    private static String plain(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros()
                .toPlainString();
    }

    /** 0.05 as "5%", 0.005 as "0.5%". */
    static String percent(double fraction) {
        return Budget.name(fraction).replace("pct", "%").replace('p', '.');
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1 denominator); 0 for a single value. */
    static double sampleStd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
