package nms.eval;

import nms.data.Images;

/**
 * Greedy k-center (farthest-first traversal) on raw pixels with squared L2: start from the sample
 * nearest the class mean, then repeatedly add the sample farthest from all chosen ones. The
 * classic coreset baseline (Sener and Savarese 2018), here without a DNN feature space.
 *
 * <p>Deterministic: the seed is not used, so its spread over seeds is training noise only.
 */
public final class KCenterGreedySelector implements Selector {

    @Override
    public int[] select(Images classRows, int budget, long seed) {
        int n = classRows.rows();
        Selections.checkBudget(budget, n);
        if (budget == n) {
            return Selections.all(n);
        }
        boolean[] chosen = new boolean[n];
        new PixelGeometry(classRows).fillFarthestFirst(chosen, budget);
        return Selections.sortedIndices(chosen);
    }

    @Override
    public String toString() {
        return "kcenter";
    }
}
