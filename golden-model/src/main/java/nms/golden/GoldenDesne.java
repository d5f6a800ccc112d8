package nms.golden;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import nms.data.Images;

/**
 * DE-SNE's near-memory stages for one class, integer-only: distances, per-row beta search,
 * affinities at the found beta, conditional and joint P (spec sections 4-7).
 *
 * <p>Dense mode uses every other row of the class as a neighbour; sparse mode the
 * {@code k = floor(3 * perplexity)} nearest (ties to the lower index), as bhtsne does for large N.
 *
 * <p>A class larger than {@code max_rows_per_class} is run as the engine runs it (spec 10.5):
 * {@link #chunks} splits it into consecutive chunks, each then a class of its own.
 */
public final class GoldenDesne {
    private final NmsConfig config;
    private final NmsDistance distance;
    private final NmsPerplexity perplexity;
    private final NmsJointP jointP;

    public GoldenDesne(NmsConfig config) {
        this.config = config;
        this.distance = new NmsDistance(config);
        this.perplexity = new NmsPerplexity(config);
        this.jointP = new NmsJointP(config);
    }

    public NmsPerplexity perplexity() {
        return perplexity;
    }

    /** Neighbour lists and their distances for each row of one class. */
    public record Neighbours(int[][] index, long[][] dist) {
        public int rows() {
            return index.length;
        }
    }

    /** All neighbours of every row (j != i, ascending j). */
    public Neighbours dense(Images cls) {
        return dense(distanceMatrix(cls));
    }

    /** All neighbours of every row from a class's symmetric distance matrix (j != i, ascending j). */
    public Neighbours dense(long[][] full) {
        int n = full.length;
        int[][] idx = new int[n][n - 1];
        long[][] dist = new long[n][n - 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0, c = 0; j < n; j++) {
                if (j != i) {
                    idx[i][c] = j;
                    dist[i][c++] = full[i][j];
                }
            }
        }
        return new Neighbours(idx, dist);
    }

    /**
     * The k nearest neighbours of every row, nearest first, ties to the lower index: the first
     * {@code k} of the other rows ordered by (distance, index).
     *
     * <p>Each row keeps a bounded sorted list of its best {@code k} candidates while scanning the
     * other rows in increasing index, so an equal distance never displaces an earlier index; this
     * is {@code O(n k)} at worst per row and needs no boxing (at n = 6000 it replaced a boxed
     * full sort of every row that cost about as much as the distances themselves).
     */
    public Neighbours sparse(Images cls, int k) {
        return sparse(distanceMatrix(cls), k);
    }

    /** {@link #sparse(Images, int)} from a class's symmetric distance matrix. */
    public Neighbours sparse(long[][] full, int k) {
        int n = full.length;
        int kk = Math.min(k, n - 1);
        if (kk < 1) {
            throw new IllegalArgumentException("sparse neighbours need k >= 1 and at least 2 rows, got k = "
                    + k + ", " + n + " rows");
        }
        int[][] idx = new int[n][];
        long[][] dist = new long[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            idx[i] = new int[kk];
            dist[i] = new long[kk];
            nearest(full[i], i, idx[i], dist[i]);
        });
        return new Neighbours(idx, dist);
    }

    /**
     * Fills {@code best} and {@code bestDist} (length k) with the k smallest entries of
     * {@code row} other than {@code self}, ordered by (distance, index).
     */
    static void nearest(long[] row, int self, int[] best, long[] bestDist) {
        int size = 0;
        for (int j = 0; j < row.length; j++) {
            if (j != self) {
                size = NmsKnn.offer(best, bestDist, size, j, row[j]);
            }
        }
    }

    /**
     * Sparse neighbour count for the configured perplexity: {@code knn_k} = floor(3 *
     * perplexity), at most max_rows_per_class - 1 (a class's rows keep at most n - 1 anyway).
     */
    public int sparseK() {
        return config.formats().knnK;
    }

    /**
     * The chunks of one class (spec 10.5, {@link NmsEngine#chunks}): consecutive rows, sizes
     * differing by at most one, each at most {@code max_rows_per_class}; a class that fits is one
     * chunk. Each chunk is then a class of its own (its neighbours and P within the chunk), so the
     * golden side and the engine calibrate the same rows against the same candidates.
     */
    public List<Images> chunks(Images cls) {
        int[] start = new NmsEngine(config).chunks(cls.rows());
        List<Images> out = new ArrayList<>(start.length - 1);
        for (int c = 0; c + 1 < start.length; c++) {
            out.add(cls.select(IntStream.range(start[c], start[c + 1]).toArray()));
        }
        return out;
    }

    /** Symmetric distance matrix of one class or chunk ({@link NmsDistance#matrix}). */
    public long[][] distanceMatrix(Images cls) {
        int n = cls.rows();
        if (n > config.maxRowsPerClass()) {
            throw new IllegalArgumentException(cls.source() + ": a class has " + n
                    + " rows, more than max_rows_per_class = " + config.maxRowsPerClass()
                    + "; split it with GoldenDesne.chunks (spec 10.5)");
        }
        return NmsDistance.matrix(cls.pixels(), config.metric());
    }

    /**
     * The distances the one-pass engine compares (spec 11.2): with {@code sketch = none} the exact
     * image distances ({@link #distanceMatrix}); with a sketch, those of the rows' integer
     * sketches ({@link NmsSketch}, {@link NmsDistance#ofSketches}).
     */
    public long[][] engineDistanceMatrix(Images cls) {
        if (config.formats().sketchPattern == null) {
            return distanceMatrix(cls);
        }
        if (cls.rows() > config.maxRowsPerClass()) {
            throw new IllegalArgumentException(cls.source() + ": a class has " + cls.rows()
                    + " rows, more than max_rows_per_class = " + config.maxRowsPerClass()
                    + "; split it with GoldenDesne.chunks (spec 10.5)");
        }
        return NmsDistance.matrixOfSketches(new NmsSketch(config).sketches(cls.pixels()), config.metric());
    }

    /** Per-row search results and the joint P of one class. */
    public record ClassResult(Neighbours neighbours, NmsPerplexity.Search[] rows, JointP p) {
        public int outsideTolerance() {
            return (int) Arrays.stream(rows).filter(r -> !r.withinTolerance()).count();
        }
    }

    public ClassResult run(Neighbours nb, SearchVariant variant) {
        int n = nb.rows();
        if (n < 2) {
            throw new IllegalArgumentException("a class needs at least 2 rows, got " + n);
        }
        NmsPerplexity.Search[] rows = new NmsPerplexity.Search[n];
        long[][] cond = new long[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            rows[i] = perplexity.search(nb.dist()[i], variant);
            long[] a = perplexity.affinity().affinities(rows[i].beta(), rows[i].dmin(), nb.dist()[i]);
            cond[i] = jointP.conditional(a);
        });
        return new ClassResult(nb, rows, JointP.symmetrise(nb.index(), cond));
    }
}
