package nms.eval;

import nms.data.Images;

/**
 * Herding on raw pixels (Welling 2009; DeepCore's {@code Herding}, Guo et al. 2022, without a DNN
 * feature space): greedily add the sample that brings the mean of the chosen ones closest to the
 * class mean. Step {@code t} (0-based) picks the unchosen {@code x} minimising
 * {@code |(t + 1) mu - S - x|^2}, {@code S} the sum of those already chosen, as DeepCore does;
 * ties go to the lower row.
 *
 * <p>Deterministic: the seed is not used, so its spread over seeds is training noise only.
 */
public final class HerdingSelector implements Selector {

    @Override
    public int[] select(Images classRows, int budget, long seed) {
        int n = classRows.rows();
        Selections.checkBudget(budget, n);
        if (budget == n) {
            return Selections.all(n);
        }
        int[][] x = classRows.pixels();
        int dims = classRows.dims();
        double[] mean = new double[dims];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dims; k++) {
                mean[k] += x[i][k];
                norm[i] += (double) x[i][k] * x[i][k];
            }
        }
        for (int k = 0; k < dims; k++) {
            mean[k] /= n;
        }
        double[] chosenSum = new double[dims];
        double[] target = new double[dims];
        boolean[] chosen = new boolean[n];
        for (int t = 0; t < budget; t++) {
            for (int k = 0; k < dims; k++) {
                target[k] = (t + 1) * mean[k] - chosenSum[k];
            }
            // |target - x|^2 = |target|^2 - 2 target.x + |x|^2; the first term is the same for every x.
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    continue;
                }
                double dot = 0;
                int[] row = x[i];
                for (int k = 0; k < dims; k++) {
                    dot += target[k] * row[k];
                }
                double score = norm[i] - 2 * dot;
                if (score < bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            chosen[best] = true;
            for (int k = 0; k < dims; k++) {
                chosenSum[k] += x[best][k];
            }
        }
        return Selections.sortedIndices(chosen);
    }

    @Override
    public String toString() {
        return "herding";
    }
}
