package nms.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import nms.data.Images;

/**
 * k-means on raw pixels with {@code budget} centres, then the real sample nearest each centre:
 * a coverage-by-density baseline in the input space, the natural pixel-space counterpart of
 * taking 2-D k-means exemplars on a DE-SNE embedding.
 *
 * <p>Recipe: k-means++ seeding (D^2 sampling, exact integer distances, {@link SplittableRandom}),
 * then Lloyd iterations until no assignment changes or {@link #MAX_ITERATIONS}; an empty cluster
 * keeps its previous centre. Each centre contributes the sample nearest it (ties to the lowest
 * index); centres that share a nearest sample count once, and the shortfall is filled
 * farthest-first in pixel space.
 */
public final class KMeansMedoidSelector implements Selector {

    public static final int MAX_ITERATIONS = 50;

    @Override
    public int[] select(Images classRows, int budget, long seed) {
        int n = classRows.rows();
        Selections.checkBudget(budget, n);
        if (budget == n) {
            return Selections.all(n);
        }
        PixelGeometry geometry = new PixelGeometry(classRows);
        int[] seeds = kMeansPlusPlus(geometry, budget, new SplittableRandom(seed));
        Lloyd lloyd = new Lloyd(classRows.pixels(), seeds);
        boolean changed = lloyd.assign();
        for (int iteration = 0; iteration < MAX_ITERATIONS && changed; iteration++) {
            lloyd.updateCentres();
            changed = lloyd.assign();
        }
        boolean[] chosen = new boolean[n];
        for (int row : lloyd.nearestRowPerCentre) {
            chosen[row] = true;
        }
        geometry.fillFarthestFirst(chosen, budget);
        return Selections.sortedIndices(chosen);
    }

    /** k-means++ seeding: each next centre is a row drawn with probability proportional to D^2. */
    static int[] kMeansPlusPlus(PixelGeometry geometry, int k, SplittableRandom random) {
        int n = geometry.size();
        int[] centres = new int[k];
        boolean[] used = new boolean[n];
        long[] nearest = new long[n];
        Arrays.fill(nearest, Long.MAX_VALUE);
        centres[0] = random.nextInt(n);
        used[centres[0]] = true;
        for (int c = 1; c < k; c++) {
            long total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], geometry.squaredDistance(i, centres[c - 1]));
                total += nearest[i];
            }
            int pick = -1;
            if (total > 0) {
                long target = random.nextLong(total); // exact integer draw: reproducible
                long cumulative = 0;
                for (int i = 0; i < n; i++) {
                    cumulative += nearest[i];
                    if (target < cumulative) {
                        pick = i;
                        break;
                    }
                }
            } else {
                // Every row duplicates a centre: take the lowest unused row.
                for (int i = 0; i < n && pick < 0; i++) {
                    pick = used[i] ? -1 : i;
                }
            }
            centres[c] = pick;
            used[pick] = true;
        }
        return centres;
    }

    /**
     * Lloyd iterations. The assignment computes, per row x, {@code |c|^2 - 2 x.c} for every
     * centre at once as a sum over x's non-zero pixels of {@code -2 x_p * centreColumn[p]}: one
     * vectorisable loop over the k centres per non-zero pixel, a few times faster than k separate
     * dot products on the JDK 17 JIT (it will not vectorise a strict double reduction).
     */
    private static final class Lloyd {
        private final int[][] rows;
        private final int dims;
        private final int k;
        /** Centre coordinates pixel-major: {@code centreColumn[p][c]} is pixel p of centre c. */
        private final double[][] centreColumn;
        private final double[] centreNorm;
        private final int[] assignment;
        final int[] nearestRowPerCentre;

        Lloyd(int[][] rows, int[] seedRows) {
            this.rows = rows;
            this.dims = rows[0].length;
            this.k = seedRows.length;
            centreColumn = new double[dims][k];
            centreNorm = new double[k];
            for (int c = 0; c < k; c++) {
                int[] row = rows[seedRows[c]];
                for (int p = 0; p < dims; p++) {
                    centreColumn[p][c] = row[p];
                }
            }
            assignment = new int[rows.length];
            Arrays.fill(assignment, -1);
            nearestRowPerCentre = new int[k];
        }

        /** Assigns every row to its nearest centre; true if any assignment changed. */
        boolean assign() {
            Arrays.fill(centreNorm, 0.0);
            for (int p = 0; p < dims; p++) {
                double[] column = centreColumn[p];
                for (int c = 0; c < k; c++) {
                    centreNorm[c] += column[c] * column[c];
                }
            }
            double[] nearestDistance = new double[k];
            Arrays.fill(nearestDistance, Double.POSITIVE_INFINITY);
            double[] score = new double[k];
            boolean changed = false;
            for (int i = 0; i < rows.length; i++) {
                int[] row = rows[i];
                System.arraycopy(centreNorm, 0, score, 0, k);
                double rowNorm = 0;
                for (int p = 0; p < dims; p++) {
                    int v = row[p];
                    if (v == 0) {
                        continue;
                    }
                    rowNorm += (double) v * v;
                    double[] column = centreColumn[p];
                    double a = -2.0 * v;
                    for (int c = 0; c < k; c++) {
                        score[c] += a * column[c];
                    }
                }
                int best = 0;
                for (int c = 0; c < k; c++) {
                    double distance = rowNorm + score[c]; // |x - c|^2
                    if (score[c] < score[best]) {
                        best = c;
                    }
                    if (distance < nearestDistance[c]) {
                        nearestDistance[c] = distance;
                        nearestRowPerCentre[c] = i;
                    }
                }
                if (assignment[i] != best) {
                    assignment[i] = best;
                    changed = true;
                }
            }
            return changed;
        }

        /** Moves each centre to the mean of its rows; sums are exact longs, so order-free. */
        void updateCentres() {
            long[][] sum = new long[k][dims];
            int[] count = new int[k];
            for (int i = 0; i < rows.length; i++) {
                int c = assignment[i];
                count[c]++;
                long[] s = sum[c];
                int[] row = rows[i];
                for (int p = 0; p < dims; p++) {
                    s[p] += row[p];
                }
            }
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) {
                    continue; // empty cluster keeps its centre
                }
                for (int p = 0; p < dims; p++) {
                    centreColumn[p][c] = (double) sum[c][p] / count[c];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "kmeans-medoid";
    }
}
