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
        lloyd.assignAll();
        boolean changed = true;
        for (int iteration = 0; iteration < MAX_ITERATIONS && changed; iteration++) {
            lloyd.updateCentres();
            changed = lloyd.reassign();
        }
        boolean[] chosen = new boolean[n];
        for (int row : lloyd.nearestRowPerCentre()) {
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
        long[] distance = new long[n];
        Arrays.fill(nearest, Long.MAX_VALUE);
        centres[0] = random.nextInt(n);
        used[centres[0]] = true;
        for (int c = 1; c < k; c++) {
            geometry.distancesTo(centres[c - 1], distance);
            long total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], distance[i]);
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
     * Lloyd iterations, accelerated with Hamerly's bounds (Hamerly 2010): per row an upper bound
     * on the distance to its centre and a lower bound on the distance to any other centre. A row
     * whose upper bound is below both its lower bound and half the distance from its centre to
     * the nearest other centre cannot change cluster, so it is skipped. Only rows that fail the
     * test are compared with every centre. This gives the same assignments as plain Lloyd (up to
     * exact distance ties) at a fraction of the cost once few rows still move.
     *
     * <p>A full comparison computes, per row x, {@code |c|^2 - 2 x.c} for every centre at once as
     * a sum over x's non-zero pixels of {@code -2 x_p * centreColumn[p]}: one vectorisable loop
     * over the k centres per non-zero pixel, a few times faster than k separate dot products on
     * the JDK 17 JIT (it will not vectorise a strict double reduction).
     */
    private static final class Lloyd {
        /** Relative slack on the skip test so rounding in the bounds can never skip a move. */
        private static final double SLACK = 1e-9;
        /** Rows compared with all centres together; 16 score rows of k doubles fit in L2. */
        private static final int BLOCK = 16;

        private final int[][] rows;
        private final int dims;
        private final int k;
        /** Centres pixel-major, {@code centreColumn[p][c]}, for the all-centre comparison. */
        private final double[][] centreColumn;
        /** Centres centre-major, {@code centre[c][p]}, for single distances. */
        private final double[][] centre;
        private final double[] centreNorm;
        private final double[] rowNorm;
        private final int[] assignment;
        private final double[] upper;
        private final double[] lower;
        private final double[][] score;

        Lloyd(int[][] rows, int[] seedRows) {
            this.rows = rows;
            this.dims = rows[0].length;
            this.k = seedRows.length;
            centre = new double[k][dims];
            for (int c = 0; c < k; c++) {
                int[] row = rows[seedRows[c]];
                for (int p = 0; p < dims; p++) {
                    centre[c][p] = row[p];
                }
            }
            centreColumn = new double[dims][k];
            centreNorm = new double[k];
            rowNorm = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double norm = 0;
                for (int v : rows[i]) {
                    norm += (double) v * v;
                }
                rowNorm[i] = norm;
            }
            assignment = new int[rows.length];
            upper = new double[rows.length];
            lower = new double[rows.length];
            score = new double[BLOCK][k];
            refreshCentreLayout();
        }

        private void refreshCentreLayout() {
            for (int c = 0; c < k; c++) {
                double norm = 0;
                for (int p = 0; p < dims; p++) {
                    double v = centre[c][p];
                    centreColumn[p][c] = v;
                    norm += v * v;
                }
                centreNorm[c] = norm;
            }
        }

        /**
         * Fills {@code score[b][c]} with {@code |x - c|^2} for rows {@code block[0..count)} and
         * every centre. Why blocks: each centre column is loaded once per block rather than once
         * per row, which keeps the column in L1 (the whole centre matrix, 3.7 MB for 600 x 784,
         * lives in L3). Every row's sum still runs over pixels in order, so results are unchanged.
         */
        private void scoreBlock(int[] block, int count) {
            for (int b = 0; b < count; b++) {
                System.arraycopy(centreNorm, 0, score[b], 0, k);
            }
            for (int p = 0; p < dims; p++) {
                double[] column = centreColumn[p];
                for (int b = 0; b < count; b++) {
                    int v = rows[block[b]][p];
                    if (v == 0) {
                        continue;
                    }
                    double a = -2.0 * v;
                    double[] s = score[b];
                    for (int c = 0; c < k; c++) {
                        s[c] += a * column[c];
                    }
                }
            }
            for (int b = 0; b < count; b++) {
                double norm = rowNorm[block[b]];
                double[] s = score[b];
                for (int c = 0; c < k; c++) {
                    s[c] = Math.max(0.0, s[c] + norm);
                }
            }
        }

        /** Compares the rows in {@code block} with every centre; sets assignments and bounds. */
        private boolean assignExactly(int[] block, int count) {
            scoreBlock(block, count);
            boolean changed = false;
            for (int b = 0; b < count; b++) {
                int i = block[b];
                double[] s = score[b];
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (s[c] < s[best]) {
                        best = c;
                    }
                }
                double second = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != best && s[c] < second) {
                        second = s[c];
                    }
                }
                upper[i] = Math.sqrt(s[best]);
                lower[i] = Math.sqrt(second);
                changed |= assignment[i] != best;
                assignment[i] = best;
            }
            return changed;
        }

        void assignAll() {
            Arrays.fill(assignment, -1);
            int[] block = new int[BLOCK];
            for (int start = 0; start < rows.length; start += BLOCK) {
                int count = Math.min(BLOCK, rows.length - start);
                for (int b = 0; b < count; b++) {
                    block[b] = start + b;
                }
                assignExactly(block, count);
            }
        }

        /** One pruned assignment pass after {@link #updateCentres}; true if any row moved. */
        boolean reassign() {
            double[] halfGap = halfDistanceToNearestOtherCentre();
            boolean changed = false;
            int[] block = new int[BLOCK];
            int count = 0;
            for (int i = 0; i < rows.length; i++) {
                int a = assignment[i];
                double bound = Math.max(halfGap[a], lower[i]);
                if (upper[i] * (1 + SLACK) < bound) {
                    continue;
                }
                upper[i] = Math.sqrt(distanceToCentre(i, a));
                if (upper[i] * (1 + SLACK) < bound) {
                    continue;
                }
                block[count++] = i;
                if (count == BLOCK) {
                    changed |= assignExactly(block, count);
                    count = 0;
                }
            }
            if (count > 0) {
                changed |= assignExactly(block, count);
            }
            return changed;
        }

        private double distanceToCentre(int i, int c) {
            int[] row = rows[i];
            double[] centreRow = centre[c];
            double sum = 0;
            for (int p = 0; p < dims; p++) {
                double d = row[p] - centreRow[p];
                sum += d * d;
            }
            return sum;
        }

        /** Half the distance from each centre to its nearest other centre (Gram-matrix form). */
        private double[] halfDistanceToNearestOtherCentre() {
            double[] half = new double[k];
            double[] dot = new double[k];
            for (int a = 0; a < k; a++) {
                Arrays.fill(dot, 0.0);
                double[] centreRow = centre[a];
                for (int p = 0; p < dims; p++) {
                    double v = centreRow[p];
                    if (v == 0) {
                        continue;
                    }
                    double[] column = centreColumn[p];
                    for (int c = 0; c < k; c++) {
                        dot[c] += v * column[c];
                    }
                }
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != a) {
                        nearest = Math.min(nearest,
                                Math.max(0.0, centreNorm[a] + centreNorm[c] - 2 * dot[c]));
                    }
                }
                half[a] = k == 1 ? Double.POSITIVE_INFINITY : Math.sqrt(nearest) / 2;
            }
            return half;
        }

        /**
         * Moves each centre to the mean of its rows (sums are exact longs, so order-free; an
         * empty cluster keeps its centre) and loosens every row's bounds by how far centres moved.
         */
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
            double[] moved = new double[k];
            int farthest = -1;
            int secondFarthest = -1;
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) {
                    double shift = 0;
                    for (int p = 0; p < dims; p++) {
                        double v = (double) sum[c][p] / count[c];
                        double d = v - centre[c][p];
                        shift += d * d;
                        centre[c][p] = v;
                    }
                    moved[c] = Math.sqrt(shift);
                }
                if (farthest < 0 || moved[c] > moved[farthest]) {
                    secondFarthest = farthest;
                    farthest = c;
                } else if (secondFarthest < 0 || moved[c] > moved[secondFarthest]) {
                    secondFarthest = c;
                }
            }
            refreshCentreLayout();
            for (int i = 0; i < rows.length; i++) {
                int a = assignment[i];
                upper[i] += moved[a];
                int other = a == farthest ? secondFarthest : farthest;
                lower[i] -= other < 0 ? 0 : moved[other];
            }
        }

        /** The row nearest each centre (ties to the lowest row), over all rows. */
        int[] nearestRowPerCentre() {
            int[] nearestRow = new int[k];
            double[] nearestDistance = new double[k];
            Arrays.fill(nearestDistance, Double.POSITIVE_INFINITY);
            int[] block = new int[BLOCK];
            for (int start = 0; start < rows.length; start += BLOCK) {
                int count = Math.min(BLOCK, rows.length - start);
                for (int b = 0; b < count; b++) {
                    block[b] = start + b;
                }
                scoreBlock(block, count);
                for (int b = 0; b < count; b++) {
                    double[] s = score[b];
                    for (int c = 0; c < k; c++) {
                        if (s[c] < nearestDistance[c]) {
                            nearestDistance[c] = s[c];
                            nearestRow[c] = start + b;
                        }
                    }
                }
            }
            return nearestRow;
        }
    }

    @Override
    public String toString() {
        return "kmeans-medoid";
    }
}
