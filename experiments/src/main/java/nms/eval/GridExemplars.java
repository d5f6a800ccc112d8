package nms.eval;

import java.util.Arrays;

/**
 * Grid exemplars: lay a grid of square cells over the embedding's bounding box, fine enough that
 * at least {@code budget} cells are occupied, and take one real sample per occupied cell (the
 * one nearest the centroid of that cell's points). This spreads exemplars uniformly over the
 * occupied area, the coverage DE-SNE aims for, whatever the local density.
 *
 * <p>The grid is refined one column at a time along the longer side of the box (rows follow so
 * cells stay square) and the first grid whose occupied cells reach the budget is used. When it
 * overshoots, the most populous cells are kept (ties to the lower cell number): the cells
 * dropped are the sparsest, lone outliers, which lose the least mass. If no grid reaches the
 * budget (many coincident points), the shortfall is filled farthest-first. The seed is unused.
 */
public final class GridExemplars implements ExemplarRule {

    @Override
    public int[] choose(double[][] points, int budget, long seed) {
        int n = points.length;
        Selections.checkBudget(budget, n);
        if (budget == n) {
            return Selections.all(n);
        }
        Box box = Box.of(points);
        int distinct = distinctPoints(points);
        long[] cells = null;
        // A well-spread embedding reaches the budget near sqrt(budget) columns; the cap only
        // bounds the work for pathological clumps, which the farthest-first fill then covers.
        int maxColumns = 16 * (int) Math.ceil(Math.sqrt(n)) + 16;
        for (int columns = 1; columns <= maxColumns; columns++) {
            long[] candidate = box.cellOf(points, columns);
            int occupied = countDistinct(candidate);
            cells = candidate;
            if (occupied >= budget || occupied >= distinct) {
                break;
            }
        }
        boolean[] chosen = new boolean[n];
        for (int row : representatives(points, cells, budget)) {
            chosen[row] = true;
        }
        PlaneGeometry.fillFarthestFirst(points, chosen, budget);
        return Selections.sortedIndices(chosen);
    }

    /**
     * One row per occupied cell, for at most {@code limit} cells (the most populous): the row
     * nearest the centroid of the cell's points.
     */
    private static int[] representatives(double[][] points, long[] cells, int limit) {
        int n = points.length;
        Integer[] byCell = new Integer[n];
        for (int i = 0; i < n; i++) {
            byCell[i] = i;
        }
        Arrays.sort(byCell, (a, b) -> cells[a] != cells[b] ? Long.compare(cells[a], cells[b])
                : Integer.compare(a, b));
        // Runs of equal cell number: [start, end) into byCell.
        int[] runStart = new int[n + 1];
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || cells[byCell[i]] != cells[byCell[i - 1]]) {
                runStart[runs++] = i;
            }
        }
        runStart[runs] = n;
        Integer[] runOrder = new Integer[runs];
        for (int r = 0; r < runs; r++) {
            runOrder[r] = r;
        }
        Arrays.sort(runOrder, (a, b) -> {
            int sizeA = runStart[a + 1] - runStart[a];
            int sizeB = runStart[b + 1] - runStart[b];
            return sizeA != sizeB ? Integer.compare(sizeB, sizeA) : Integer.compare(a, b);
        });
        int kept = Math.min(limit, runs);
        int[] rows = new int[kept];
        for (int r = 0; r < kept; r++) {
            int start = runStart[runOrder[r]];
            int end = runStart[runOrder[r] + 1];
            double[] centroid = new double[2];
            for (int i = start; i < end; i++) {
                centroid[0] += points[byCell[i]][0];
                centroid[1] += points[byCell[i]][1];
            }
            centroid[0] /= end - start;
            centroid[1] /= end - start;
            int best = byCell[start];
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = start; i < end; i++) {
                double d = PlaneGeometry.squaredDistance(points[byCell[i]], centroid);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = byCell[i];
                }
            }
            rows[r] = best;
        }
        return rows;
    }

    private static int countDistinct(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int count = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            count += sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return count;
    }

    private static int distinctPoints(double[][] points) {
        double[][] sorted = points.clone();
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : Double.compare(a[1], b[1]));
        int count = 1;
        for (int i = 1; i < sorted.length; i++) {
            count += Arrays.equals(sorted[i], sorted[i - 1]) ? 0 : 1;
        }
        return count;
    }

    /** The bounding box; cells are squares whose side divides the longer side evenly. */
    private record Box(double minX, double minY, double width, double height) {

        static Box of(double[][] points) {
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
            return new Box(minX, minY, maxX - minX, maxY - minY);
        }

        /** The cell number of every point for a grid with {@code cells} cells on the long side. */
        long[] cellOf(double[][] points, int cells) {
            double longSide = Math.max(width, height);
            long[] cell = new long[points.length];
            if (longSide == 0) {
                return cell; // all points coincide: one cell
            }
            double side = longSide / cells;
            long columns = Math.max(1, (long) Math.ceil(width / side));
            long rows = Math.max(1, (long) Math.ceil(height / side));
            for (int i = 0; i < points.length; i++) {
                long cx = Math.min(columns - 1, (long) ((points[i][0] - minX) / side));
                long cy = Math.min(rows - 1, (long) ((points[i][1] - minY) / side));
                cell[i] = cy * columns + cx;
            }
            return cell;
        }
    }

    @Override
    public String toString() {
        return "grid";
    }
}
