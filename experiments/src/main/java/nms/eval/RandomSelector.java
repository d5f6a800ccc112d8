package nms.eval;

import java.util.SplittableRandom;
import nms.data.Images;

/** Uniform random subset without replacement: the baseline every other selector must beat. */
public final class RandomSelector implements Selector {

    @Override
    public int[] select(Images classRows, int budget, long seed) {
        int n = classRows.rows();
        Selections.checkBudget(budget, n);
        // Partial Fisher-Yates: the first `budget` slots become a uniform sample.
        int[] order = Selections.all(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < budget; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(order, budget);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    @Override
    public String toString() {
        return "random";
    }
}
