package nms.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.eval.DesneSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "select", description = "Choose a subset of a dataset with the bit-accurate DE-SNE: "
        + "selected.csv, one embedding picture per class, report.md, summary.csv.")
final class SelectCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    DatasetOptions data;

    @Option(names = "--budget", required = true, description = "Fraction of the pool to select, in (0, 1].")
    double budget;

    @Option(names = "--rule", defaultValue = "kmeans",
            description = "Exemplar rule on each 2-D embedding: kmeans | grid (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--class-agnostic", description = "One embedding of the whole pool, labels unused "
            + "(for unlabelled data); default: one per class, shares proportional to class size.")
    boolean classAgnostic;

    @Mixin
    EmbeddingOptions embedding;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        NmsConfig c = config.resolve();
        DesneSelection.Settings settings = new DesneSelection.Settings(budget, rule, classAgnostic,
                embedding.desne());
        Images pool = data.loadPool(c);
        System.err.printf("select: %s, %d images, config %s%n", pool.source(), pool.rows(), c.hash());
        try (OutputDir dir = new OutputDir(out)) {
            DesneSelection.Result r = DesneSelection.run(c, pool, settings, dir.path(), System.err);
            dir.commit();
            System.err.printf("select: %d of %d images, wrote %s%n", r.selected(), r.images(), out);
        }
        return 0;
    }
}
