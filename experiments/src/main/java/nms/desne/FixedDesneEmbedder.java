package nms.desne;

import nms.config.NmsConfig;
import nms.data.Images;
import nms.golden.EmbeddingOccupancy;
import nms.golden.EmbeddingWeights;
import nms.golden.GoldenDesne;
import nms.golden.NmsEmbedding;
import nms.reference.FixedPointBridge;

/**
 * The bit-accurate DE-SNE path, integer from the pixels to the Q.20 coordinates:
 * <ol>
 *   <li>{@link GoldenDesne}: exact distances, per-row beta search with the configured variant,
 *       conditional and joint P as integer weights with an integer total (docs/ARITHMETIC.md
 *       sections 4-7). Dense neighbour lists up to {@link DesneOptions#denseMaxRows()} rows, else the
 *       {@link GoldenDesne#sparseK()} nearest rows. With {@code sketch = block} or
 *       {@code projection}, what the one-pass engine does (spec 11): the distances are those of
 *       the rows' integer sketches ({@link GoldenDesne#engineDistanceMatrix}) and P is always the
 *       kNN-sparse one on {@code knn_k} neighbours, calibrated on the sketch distances.</li>
 *   <li>{@link EmbeddingWeights}: the integer rescale of the joint weights to a total of about
 *       2^30 (docs/arithmetic-embedding.md, "From joint P to embedding weights").</li>
 *   <li>{@link NmsEmbedding}: the integer t-SNE with {@link DesneOptions#iterations()} steps.</li>
 * </ol>
 * Only the final coordinates leave the integer domain, through the exact
 * {@link FixedPointBridge#toDouble} ({@code y / 2^20}).
 *
 * <p>A class larger than the config's {@code max_rows_per_class} is refused (the accumulators are
 * sized for it): for whole Fashion-MNIST classes (6000 rows) set {@code max_rows_per_class=8192}.
 */
public final class FixedDesneEmbedder extends DesneEmbedder {

    private final GoldenDesne desne;
    private final NmsEmbedding embedding;
    private final boolean sketched;

    public FixedDesneEmbedder(NmsConfig config, DesneOptions options) {
        super(config, options);
        this.desne = new GoldenDesne(config);
        this.embedding = new NmsEmbedding(options.schedule(), config.embeddingArithmetic());
        this.sketched = config.formats().sketchPattern != null;
    }

    public FixedDesneEmbedder(NmsConfig config) {
        this(config, DesneOptions.DEFAULT);
    }

    @Override
    public String path() {
        return "fixed";
    }

    @Override
    protected Scored runAt(NmsConfig at, Images cls, long seed) {
        checkFormat(cls);
        GoldenDesne golden = at.equals(config) ? desne : new GoldenDesne(at);
        int n = cls.rows();
        long start = System.nanoTime();
        // With a sketch, the one-pass engine's rule: kNN over sketch distances, never a dense P.
        boolean dense = !sketched && options.dense(n);
        long[][] full = golden.engineDistanceMatrix(cls);
        GoldenDesne.Neighbours nb = dense ? golden.dense(full) : golden.sparse(full, golden.sparseK());
        full = null; // let the n x n matrix go before the embedding
        GoldenDesne.ClassResult result = golden.run(nb, at.search());
        EmbeddingWeights.Scaled weights = EmbeddingWeights.of(result.p());
        double pSeconds = secondsSince(start);

        start = System.nanoTime();
        long[][] y = embedding.embed(weights.weights(), weights.total(), seed);
        double[][] points = FixedPointBridge.toDouble(y);
        double embeddingSeconds = secondsSince(start);

        ClassStats stats = new ClassStats(path(), n, dense, nb.dist()[0].length,
                at.search().name().toLowerCase(java.util.Locale.ROOT), result.outsideTolerance(),
                pSeconds, embeddingSeconds, options.iterations(), at.perplexity());
        return new Scored(new Result(points, stats), EmbeddingOccupancy.collisions(y));
    }

    /** The golden distance reads {@code dims} pixels of {@code pixel_width} bits: the images must match. */
    private void checkFormat(Images cls) {
        if (cls.dims() != config.dims() || cls.pixelWidth() > config.pixelWidth()) {
            throw new IllegalArgumentException(cls.source() + ": images of " + cls.dims() + " pixels of "
                    + cls.pixelWidth() + " bits do not fit the config (dims = " + config.dims()
                    + ", pixel_width = " + config.pixelWidth() + ")");
        }
    }
}
