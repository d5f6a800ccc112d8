package nms.eval;

import nms.data.Images;

/**
 * Chooses a subset of one class's images. The evaluation calls it once per class with that
 * class's rows and its share of the budget.
 */
public interface Selector {

    /**
     * Returns {@code budget} distinct row indices into {@code classRows}, sorted ascending.
     * {@code 1 <= budget <= classRows.rows()}. The same arguments must give the same answer.
     */
    int[] select(Images classRows, int budget, long seed);
}
