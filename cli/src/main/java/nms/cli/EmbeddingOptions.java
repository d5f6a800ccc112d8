package nms.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import nms.desne.DesneOptions;
import picocli.CommandLine.Option;

/** The DE-SNE embedding options beyond the config, shared by select and eval. */
public final class EmbeddingOptions {
    @Option(names = "--iterations", defaultValue = "1000", description = "Embedding iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--adaptive-perplexity", split = ",", paramLabel = "P,P,...",
            description = "Entropy-guided perplexity: embed each class at every listed perplexity it can hold "
                    + "(3P < rows) and keep the most uniform embedding (fewest grid-occupancy collisions); "
                    + "the config's perplexity is then unused. Costs one embedding per candidate. Default: off.")
    List<BigDecimal> adaptivePerplexity = new ArrayList<>();

    @Option(names = "--dense-max-rows", defaultValue = "" + DesneOptions.DEFAULT_DENSE_MAX_ROWS,
            description = "With sketch = none, classes of at most this many rows get a dense P (every other row a "
                    + "neighbour), larger ones the kNN-sparse P on knn_k neighbours; 0 = always sparse. A sketch "
                    + "is always sparse, as the one-pass engine (default: ${DEFAULT-VALUE}).")
    int denseMaxRows;

    public DesneOptions desne() {
        return DesneOptions.DEFAULT.withIterations(iterations).withPerplexityCandidates(adaptivePerplexity)
                .withDenseMaxRows(denseMaxRows);
    }
}
