package nms.eval;

/** Picks exemplars that cover a 2-D embedding of one class. */
public interface ExemplarRule {

    /**
     * Returns {@code budget} distinct indices into {@code points} (each a {@code double[2]}),
     * sorted ascending. {@code 1 <= budget <= points.length}. Deterministic in its arguments.
     */
    int[] choose(double[][] points, int budget, long seed);
}
