package nms.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.data.Datasets;
import nms.data.DatasetSpec;
import nms.data.Images;
import nms.desne.DoubleDesneEmbedder;
import nms.desne.FixedDesneEmbedder;
import nms.report.Budget;
import nms.eval.CachedEmbedder;
import nms.eval.DesneSelection;
import nms.eval.EmbeddingSelector;
import nms.eval.Evaluation;
import nms.eval.ExemplarRule;
import nms.eval.HerdingSelector;
import nms.eval.KCenterGreedySelector;
import nms.eval.KMeansMedoidSelector;
import nms.eval.Plots;
import nms.eval.RandomSelector;
import nms.eval.Selector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", description = "Train one fixed classifier on each selector's subset and compare accuracy.")
final class EvalCommand implements Callable<Integer> {
    static final List<String> ALL = List.of("desne_fixed", "desne_double", "random", "kcenter", "kmeans", "herding");

    @Mixin
    ConfigOptions config;

    /** The pool: --dataset, --split, --per-class (default all), --classes. */
    @Mixin
    DatasetOptions data;

    @Option(names = "--test", description = "The labelled dataset scored on, as --dataset takes it (default for "
            + "fashion-mnist: its test split; other datasets need --test or --test-fraction).")
    String test;

    @Option(names = "--test-split", description = "--split of the --test dataset (fashion-mnist: test; idx: a file-name start).")
    String testSplit;

    @Option(names = "--test-fraction", description = "Score on the last ceil(F x n) rows of each pool class "
            + "instead of a --test dataset; they leave the pool.")
    Double testFraction;

    @Option(names = "--validation", description = "Score on the last ceil(n / 6) rows of each pool class (1000 of "
            + "Fashion-MNIST's 6000) instead of the test set; they leave the pool: for choosing options without "
            + "touching the test set.")
    boolean validation;

    @Option(names = "--budgets", defaultValue = "0.01,0.05,0.10", split = ",",
            description = "Budgets as fractions of the pool (default: ${DEFAULT-VALUE}).")
    List<Double> budgets;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", description = "Seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--selectors", split = ",",
            defaultValue = "desne_fixed,desne_double,random,kcenter,kmeans,herding",
            description = "Selectors, from desne_fixed, desne_double, random, kcenter, kmeans, herding (default: all).")
    List<String> selectors;

    @Option(names = "--rule", defaultValue = "kmeans",
            description = "DE-SNE exemplar rule: kmeans | grid | sampler (nms_sampler's integer rule) | both (rows <name>_kmeans and <name>_grid) (default: ${DEFAULT-VALUE},"
                    + " chosen on validation: docs/eval-rule-validation.md).")
    String rule;

    @Mixin
    EmbeddingOptions embedding;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        NmsConfig c = config.resolve();
        Images pool = data.loadPool(c);
        Images scored;
        String scoredOn;
        if (validation || testFraction != null) {
            if (test != null) {
                throw new IllegalArgumentException("--test cannot be combined with "
                        + (validation ? "--validation" : "--test-fraction") + ": both choose what is scored");
            }
            double fraction = validation ? 1.0 / 6 : testFraction;
            if (validation && testFraction != null || !(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException(validation && testFraction != null
                        ? "--validation holds out 1/6 of each class; do not give --test-fraction too"
                        : "--test-fraction must be in (0, 1), got " + fraction);
            }
            Images[] split = holdOut(pool, fraction);
            pool = split[0];
            scored = split[1];
            scoredOn = validation ? "validation" : "held-out";
        } else {
            String spec = test != null ? test : data.dataset;
            if (test == null && !spec.equals("fashion-mnist")) {
                throw new IllegalArgumentException("eval needs a test set for " + spec
                        + ": give --test DATASET (as --dataset takes it) or --test-fraction F");
            }
            String split = testSplit != null ? testSplit : spec.equals("fashion-mnist") ? "test" : null;
            scored = Datasets.loadExactShape(DatasetSpec.parse(DatasetOptions.userPaths(spec), split, 0, data.classes, c.pixelWidth(),
                    c.dims(), c.seed()));
            scoredOn = "test";
        }
        int largest = largestClass(pool);
        if (largest > c.maxRowsPerClass()) {
            throw new IllegalArgumentException("the pool has " + largest + " rows in a class, more than "
                    + "max_rows_per_class = " + c.maxRowsPerClass() + "; add --set max_rows_per_class=8192");
        }
        System.err.printf("eval: pool %s, %d rows; scored on %d %s rows of %s; config %s%n", pool.source(),
                pool.rows(), scored.rows(), scoredOn, scored.source(), c.hash());

        nms.desne.DesneOptions opts = embedding.desne();
        System.err.println("eval: DE-SNE distances: " + desneDistances(c, opts));
        Map<String, Selector> chosen = new LinkedHashMap<>();
        Map<String, CachedEmbedder> embedders = new LinkedHashMap<>();
        for (String name : selectors) {
            switch (name) {
                case "desne_fixed", "desne_double" -> {
                    CachedEmbedder e = new CachedEmbedder(name.equals("desne_fixed")
                            ? new FixedDesneEmbedder(c, opts) : new DoubleDesneEmbedder(c, opts), c.seed());
                    embedders.put(name, e);
                    for (String r : rules()) {
                        chosen.put(!rule.equals("both") ? name : name + "_" + r,
                                new EmbeddingSelector(e, DesneSelection.exemplarRule(r)));
                    }
                }
                case "random" -> chosen.put(name, new RandomSelector());
                case "kcenter" -> chosen.put(name, new KCenterGreedySelector());
                case "kmeans" -> chosen.put(name, new KMeansMedoidSelector());
                case "herding" -> chosen.put(name, new HerdingSelector());
                default -> throw new IllegalArgumentException("--selectors: unknown selector '" + name + "' (known: " + ALL + ")");
            }
        }
        Evaluation.Settings settings = new Evaluation.Settings(budgets, seeds, Evaluation.Settings.defaults().recipe(),
                scoredOn);
        try (OutputDir dir = new OutputDir(out)) {
            Evaluation.Result result = Evaluation.run(pool, scored, chosen, settings, dir.path());
            Plots.accuracyVersusBudget(result, dir.path().resolve("accuracy_vs_budget.png"));
            plotEmbeddings(pool, embedders, dir.path());
            dir.commit();
        }
        System.err.println("eval: wrote " + out);
        return 0;
    }

    /**
     * {pool, held out}: the last {@code ceil(fraction x n)} rows of each class (in file order) are
     * held out, at least one, and at least one row stays in the pool.
     */
    static Images[] holdOut(Images images, double fraction) {
        List<Integer> held = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int label : images.classes()) {
            int[] rows = images.indicesOfClass(label);
            if (rows.length < 2) {
                throw new IllegalArgumentException(images.source() + ": class " + label + " has " + rows.length
                        + " row; holding rows out needs at least 2 per class");
            }
            int out = (int) Math.min(rows.length - 1, Math.max(1, (long) Math.ceil(fraction * rows.length - 1e-9)));
            for (int k = 0; k < rows.length; k++) {
                (k >= rows.length - out ? held : rest).add(rows[k]);
            }
        }
        return new Images[] {images.select(rest.stream().mapToInt(Integer::intValue).toArray()),
            images.select(held.stream().mapToInt(Integer::intValue).toArray())};
    }

    static int largestClass(Images images) {
        return Arrays.stream(images.classes()).map(l -> images.indicesOfClass(l).length).max().orElse(0);
    }

    List<String> rules() {
        return switch (rule) {
            case "grid", "kmeans", "sampler" -> List.of(rule);
            case "both" -> List.of("grid", "kmeans");
            default -> throw new IllegalArgumentException("--rule must be grid, kmeans, sampler or both, got '"
                    + rule + "'");
        };
    }

    /** Each DE-SNE path's embedding of every class with the exemplars of the middle budget marked. */
    void plotEmbeddings(Images pool, Map<String, CachedEmbedder> embedders, Path dir) throws Exception {
        double budget = budgets.get(budgets.size() / 2);
        int[] labels = pool.classes();
        int[] sizes = Arrays.stream(labels).map(l -> pool.indicesOfClass(l).length).toArray();
        int[] perClass = Budget.perClass(sizes, budget);
        for (Map.Entry<String, CachedEmbedder> e : embedders.entrySet()) {
            // "both" pictures the grid rule
            ExemplarRule r = DesneSelection.exemplarRule(rule.equals("both") ? "grid" : rule);
            for (int k = 0; k < labels.length; k++) {
                Images cls = pool.ofClass(labels[k]);
                EmbeddingSelector.Embedded em = new EmbeddingSelector(e.getValue(), r)
                        .selectWithEmbedding(cls, perClass[k], seeds.get(0));
                Plots.embedding(em.embedding(), em.selected(), e.getKey() + " class " + labels[k] + ": "
                        + perClass[k] + " exemplars of " + cls.rows() + " (" + Budget.name(budget) + ")",
                        dir.resolve("embedding_" + e.getKey() + "_class" + labels[k] + ".png"));
            }
        }
    }

    /** What the DE-SNE selectors compare, for the log: exact or the configuration's sketch, and the P. */
    static String desneDistances(NmsConfig c, nms.desne.DesneOptions opts) {
        nms.config.Formats f = c.formats();
        if (f.sketchPattern == null) {
            return "exact (sketch = none), dense P up to " + opts.denseMaxRows()
                    + " rows per class, else kNN-sparse on " + f.knnK + " neighbours";
        }
        return "sketch = " + c.raw(nms.config.ConfigField.SKETCH) + " (" + f.sketchDims + " elements of "
                + f.sketchWidth + " bits), kNN-sparse P on " + f.knnK + " neighbours, as the one-pass engine";
    }
}
