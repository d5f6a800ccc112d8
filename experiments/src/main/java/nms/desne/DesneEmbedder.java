package nms.desne;

import nms.config.NmsConfig;
import nms.data.Images;
import nms.eval.ClassEmbedder;

/**
 * A DE-SNE class embedder: per-class calibration and joint P, then a 2-D t-SNE, as
 * {@link ClassEmbedder} for the evaluation. Besides the points, every run yields its
 * {@link ClassStats}: from {@link #embedWithStats} directly, or, for a caller that only holds a
 * {@code ClassEmbedder}, from {@link #lastStats()} after {@link #embed}.
 *
 * <p>Same arguments give the same points, bit for bit (both paths are deterministic whatever the
 * number of threads). Classes of 0 or 1 rows are not calibrated: one row maps to the origin.
 */
public abstract sealed class DesneEmbedder implements ClassEmbedder
        permits FixedDesneEmbedder, DoubleDesneEmbedder {

    /** Points and stats of one class. {@code points[i]} embeds row {@code i}. */
    public record Result(double[][] points, ClassStats stats) {
    }

    protected final NmsConfig config;
    protected final DesneOptions options;
    private volatile ClassStats lastStats;

    protected DesneEmbedder(NmsConfig config, DesneOptions options) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    public NmsConfig config() {
        return config;
    }

    public DesneOptions options() {
        return options;
    }

    /** {@code "fixed"} or {@code "double"}. */
    public abstract String path();

    /** Embeds one class and reports its stats. */
    public final Result embedWithStats(Images classRows, long seed) {
        int n = classRows.rows();
        Result r = n < 2
                ? new Result(new double[n][2], ClassStats.trivial(path(), n, options.iterations(),
                        config.perplexity()))
                : run(classRows, seed);
        lastStats = r.stats();
        return r;
    }

    @Override
    public final double[][] embed(Images classRows, long seed) {
        return embedWithStats(classRows, seed).points();
    }

    /**
     * The stats of the most recent {@link #embed} or {@link #embedWithStats} call on this
     * instance (any thread), or null before the first.
     */
    public ClassStats lastStats() {
        return lastStats;
    }

    /**
     * The run proper, for a class of at least 2 rows: at the config's perplexity, or with the
     * adaptive perplexity at each of {@link DesneOptions#candidatesFor} keeping the run of the
     * smallest occupancy collision count (the most uniform embedding; ties to the smaller
     * perplexity), its times the sum over the candidates.
     */
    protected final Result run(Images classRows, long seed) {
        if (!options.adaptivePerplexity()) {
            return runAt(config, classRows, seed).result();
        }
        Scored best = null;
        double pSeconds = 0;
        double embeddingSeconds = 0;
        for (java.math.BigDecimal p : options.candidatesFor(classRows.rows())) {
            Scored s = runAt(config.with("perplexity", p.toPlainString()), classRows, seed);
            pSeconds += s.result().stats().pSeconds();
            embeddingSeconds += s.result().stats().embeddingSeconds();
            best = best == null || s.collisions() < best.collisions() ? s : best;
        }
        ClassStats b = best.result().stats();
        return new Result(best.result().points(), new ClassStats(b.path(), b.rows(), b.dense(), b.neighbours(),
                b.search(), b.rowsOutsideTolerance(), pSeconds, embeddingSeconds, b.iterations(), b.perplexity()));
    }

    /** One run and the occupancy collision count of its embedding (computed on the path's own numbers). */
    protected record Scored(Result result, long collisions) {
    }

    /** DE-SNE of one class of at least 2 rows at {@code at}'s perplexity. */
    protected abstract Scored runAt(NmsConfig at, Images classRows, long seed);

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
