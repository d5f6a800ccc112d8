package nms.desne;

import nms.config.NmsConfig;
import nms.data.Images;
import nms.reference.PairwiseDistances;
import nms.reference.ReferenceAffinities;
import nms.reference.ReferenceOccupancy;
import nms.reference.ReferenceSketch;
import nms.reference.ReferenceTsne;

/**
 * The double-precision DE-SNE reference path: exact integer distances
 * ({@link PairwiseDistances}), bhtsne / scikit-learn calibration and joint P
 * ({@link ReferenceAffinities}, dense up to {@link DesneOptions#denseMaxRows()} rows, else the
 * {@code floor(3 * perplexity)} nearest rows, the same neighbours as the fixed path), then
 * {@link ReferenceTsne} with {@link DesneOptions#iterations()} steps from the same seeded start
 * as the integer embedding.
 *
 * <p>With {@code sketch = block} or {@code projection} it gets the same sketch as the fixed path,
 * so fidelity is measured like for like: distances of the unrounded double sketches
 * ({@link ReferenceSketch#distanceMatrix}, exact) and always the sparse P on the
 * {@code floor(3 * perplexity)} nearest rows, as the one-pass engine.
 *
 * <p>From the config it takes the metric, perplexity, search tolerance and search iterations. The
 * search is always bhtsne's plain bisection (the robust variant is a property of the fixed-point
 * hardware); {@code max_rows_per_class} does not apply.
 */
public final class DoubleDesneEmbedder extends DesneEmbedder {

    private final ReferenceAffinities affinities;
    private final ReferenceTsne tsne;
    private final ReferenceSketch sketch;

    public DoubleDesneEmbedder(NmsConfig config, DesneOptions options) {
        super(config, options);
        this.affinities = affinities(config);
        this.tsne = new ReferenceTsne(options.schedule(), config.embeddingArithmetic());
        this.sketch = config.formats().sketchPattern == null ? null : new ReferenceSketch(config);
    }

    private static ReferenceAffinities affinities(NmsConfig c) {
        return new ReferenceAffinities(c.metric(), c.perplexity().doubleValue(),
                c.searchTolerance().doubleValue(), c.searchIterations());
    }

    public DoubleDesneEmbedder(NmsConfig config) {
        this(config, DesneOptions.DEFAULT);
    }

    @Override
    public String path() {
        return "double";
    }

    @Override
    protected Scored runAt(NmsConfig at, Images cls, long seed) {
        ReferenceAffinities affinities = at.equals(config) ? this.affinities : affinities(at);
        int n = cls.rows();
        long start = System.nanoTime();
        long[][] distances = sketch == null ? PairwiseDistances.compute(cls.pixels(), config.metric())
                : sketch.distanceMatrix(cls.pixels(), config.metric());
        boolean dense = sketch == null && options.dense(n);
        double[][] points;
        ReferenceAffinities.Calibration calibration;
        double pSeconds;
        double embeddingSeconds;
        if (dense) {
            ReferenceAffinities.Dense p = affinities.dense(distances);
            distances = null; // let the n x n matrix go before the embedding
            calibration = p.calibration();
            pSeconds = secondsSince(start);
            start = System.nanoTime();
            points = tsne.embed(p.joint(), seed);
        } else {
            ReferenceAffinities.Sparse p = affinities.sparse(distances);
            distances = null;
            calibration = p.calibration();
            pSeconds = secondsSince(start);
            start = System.nanoTime();
            points = tsne.embed(p.joint(), seed);
        }
        embeddingSeconds = secondsSince(start);
        ClassStats stats = new ClassStats(path(), n, dense, dense ? n - 1 : affinities.neighbourCount(n),
                "plain", calibration.rowsOutsideTolerance(), pSeconds, embeddingSeconds, options.iterations(),
                at.perplexity());
        return new Scored(new Result(points, stats), ReferenceOccupancy.collisions(points));
    }
}
