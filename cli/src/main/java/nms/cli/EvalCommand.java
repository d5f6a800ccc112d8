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
import nms.data.FashionMnist;
import nms.data.Images;
import nms.desne.DesneOptions;
import nms.desne.DoubleDesneEmbedder;
import nms.desne.FixedDesneEmbedder;
import nms.report.Budget;
import nms.eval.CachedEmbedder;
import nms.eval.EmbeddingSelector;
import nms.eval.Evaluation;
import nms.eval.ExemplarRule;
import nms.eval.GridExemplars;
import nms.eval.KCenterGreedySelector;
import nms.eval.KMeansExemplars;
import nms.eval.KMeansMedoidSelector;
import nms.eval.Plots;
import nms.eval.RandomSelector;
import nms.eval.Selector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", description = "Train one fixed classifier on each selector's subset and compare accuracy.")
final class EvalCommand implements Callable<Integer> {
    static final List<String> ALL = List.of("desne_fixed", "desne_double", "random", "kcenter", "kmeans");

    @Mixin
    ConfigOptions config;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Only fashion-mnist (train pool, test set).")
    String dataset;

    @Option(names = "--pool-per-class", defaultValue = "0",
            description = "Pool rows per class from the train split, first in file order; 0 = all (default).")
    int poolPerClass;

    @Option(names = "--validation", description = "Score on the last 1000 train rows of each class instead of the "
            + "test set (they leave the pool): for choosing options without touching the test set.")
    boolean validation;

    @Option(names = "--budgets", defaultValue = "0.01,0.05,0.10", split = ",",
            description = "Budgets as fractions of the pool (default: ${DEFAULT-VALUE}).")
    List<Double> budgets;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", description = "Seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--selectors", defaultValue = "desne_fixed,desne_double,random,kcenter,kmeans", split = ",",
            description = "Selectors, from " + "desne_fixed, desne_double, random, kcenter, kmeans (default: all).")
    List<String> selectors;

    @Option(names = "--rule", defaultValue = "grid",
            description = "DE-SNE exemplar rule: grid | kmeans | both (adds <name>_kmeans rows) (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--iterations", defaultValue = "1000", description = "Embedding iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("--dataset: eval needs a train pool and a test set; only fashion-mnist has both");
        }
        NmsConfig c = config.resolve();
        Images train = Datasets.requantize(Datasets.resample(FashionMnist.load("train"), c.dims()), c.pixelWidth());
        Images test;
        Images pool;
        if (validation) {
            List<Integer> held = new ArrayList<>();
            List<Integer> rest = new ArrayList<>();
            for (int label : train.classes()) {
                int[] rows = train.indicesOfClass(label);
                for (int k = 0; k < rows.length; k++) {
                    (k >= rows.length - 1000 ? held : rest).add(rows[k]);
                }
            }
            test = train.select(held.stream().mapToInt(Integer::intValue).toArray());
            pool = train.select(rest.stream().mapToInt(Integer::intValue).toArray());
        } else {
            test = Datasets.requantize(Datasets.resample(FashionMnist.load("test"), c.dims()), c.pixelWidth());
            pool = train;
        }
        if (poolPerClass > 0) {
            pool = Datasets.select(pool, null, poolPerClass);
        }
        int largest = largestClass(pool);
        if (largest > c.maxRowsPerClass()) {
            throw new IllegalArgumentException("the pool has " + largest + " rows in a class, more than "
                    + "max_rows_per_class = " + c.maxRowsPerClass() + "; add --set max_rows_per_class=8192");
        }
        System.err.printf("eval: pool %d rows, scored on %d %s rows, config %s%n", pool.rows(), test.rows(),
                validation ? "held-out train" : "test", c.hash());

        DesneOptions opts = DesneOptions.DEFAULT.withIterations(iterations);
        Map<String, Selector> chosen = new LinkedHashMap<>();
        Map<String, CachedEmbedder> embedders = new LinkedHashMap<>();
        for (String name : selectors) {
            switch (name) {
                case "desne_fixed", "desne_double" -> {
                    CachedEmbedder e = new CachedEmbedder(name.equals("desne_fixed")
                            ? new FixedDesneEmbedder(c, opts) : new DoubleDesneEmbedder(c, opts), c.seed());
                    embedders.put(name, e);
                    for (String r : rules()) {
                        chosen.put(r.equals(rule) || !rule.equals("both") ? name : name + "_" + r,
                                new EmbeddingSelector(e, r.equals("grid") ? new GridExemplars() : new KMeansExemplars()));
                    }
                }
                case "random" -> chosen.put(name, new RandomSelector());
                case "kcenter" -> chosen.put(name, new KCenterGreedySelector());
                case "kmeans" -> chosen.put(name, new KMeansMedoidSelector());
                default -> throw new IllegalArgumentException("--selectors: unknown selector '" + name + "' (known: " + ALL + ")");
            }
        }
        Evaluation.Settings settings = new Evaluation.Settings(budgets, seeds, Evaluation.Settings.defaults().recipe(),
                validation ? "validation" : "test");
        try (OutputDir dir = new OutputDir(out)) {
            Evaluation.Result result = Evaluation.run(pool, test, chosen, settings, dir.path());
            Plots.accuracyVersusBudget(result, dir.path().resolve("accuracy_vs_budget.png"));
            plotEmbeddings(pool, embedders, dir.path());
            dir.commit();
        }
        System.err.println("eval: wrote " + out);
        return 0;
    }

    static int largestClass(Images images) {
        return Arrays.stream(images.classes()).map(l -> images.indicesOfClass(l).length).max().orElse(0);
    }

    List<String> rules() {
        return switch (rule) {
            case "grid", "kmeans" -> List.of(rule);
            case "both" -> List.of("grid", "kmeans");
            default -> throw new IllegalArgumentException("--rule must be grid, kmeans or both, got '" + rule + "'");
        };
    }

    /** Each DE-SNE path's embedding of every class with the exemplars of the middle budget marked. */
    void plotEmbeddings(Images pool, Map<String, CachedEmbedder> embedders, Path dir) throws Exception {
        double budget = budgets.get(budgets.size() / 2);
        int[] labels = pool.classes();
        int[] sizes = Arrays.stream(labels).map(l -> pool.indicesOfClass(l).length).toArray();
        int[] perClass = Budget.perClass(sizes, budget);
        for (Map.Entry<String, CachedEmbedder> e : embedders.entrySet()) {
            ExemplarRule r = rule.equals("kmeans") ? new KMeansExemplars() : new GridExemplars();
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
}
