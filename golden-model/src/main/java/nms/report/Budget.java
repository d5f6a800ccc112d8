package nms.report;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Turns a budget given as a fraction of the whole pool (1%, 5%, 10%) into per-class image counts
 * proportional to class size.
 *
 * <p>Rounding is largest-remainder (Hamilton) in exact integer arithmetic, so the counts always sum
 * to the total and no class drifts by more than one image from its exact share. Every non-empty
 * class gets at least one image, because a classifier cannot learn a class it never sees; classes
 * forced up to one are taken out and the rest re-apportioned, so the sum stays exact.
 */
public final class Budget {

    private Budget() {
    }

    /**
     * The total number of images for {@code fraction} of a pool of {@code poolSize}:
     * {@code round(fraction * poolSize)}, raised to {@code minimum} (one per class) and capped at
     * the pool.
     */
    public static int total(int poolSize, double fraction, int minimum) {
        checkFraction(fraction);
        if (poolSize < 0 || minimum < 0 || minimum > poolSize) {
            throw new IllegalArgumentException("need 0 <= minimum <= poolSize, got minimum "
                    + minimum + ", pool " + poolSize);
        }
        long rounded = Math.round(fraction * poolSize);
        return (int) Math.min(poolSize, Math.max(minimum, rounded));
    }

    /** Per-class counts for {@code fraction} of the pool whose class sizes are given. */
    public static int[] perClass(int[] classSizes, double fraction) {
        int pool = Arrays.stream(classSizes).sum();
        int nonEmpty = (int) Arrays.stream(classSizes).filter(s -> s > 0).count();
        return perClass(classSizes, total(pool, fraction, nonEmpty));
    }

    /**
     * Splits {@code total} images over classes of the given sizes, proportionally, by largest
     * remainder (ties to the lower class index), at least one per non-empty class.
     */
    public static int[] perClass(int[] classSizes, int total) {
        long pool = 0;
        int nonEmpty = 0;
        for (int size : classSizes) {
            if (size < 0) {
                throw new IllegalArgumentException("negative class size " + size);
            }
            pool += size;
            nonEmpty += size > 0 ? 1 : 0;
        }
        if (total < nonEmpty || total > pool) {
            throw new IllegalArgumentException("total " + total + " must lie in [" + nonEmpty
                    + ", " + pool + "] (one per non-empty class .. whole pool)");
        }
        int classes = classSizes.length;
        boolean[] pinnedToOne = new boolean[classes];
        while (true) {
            int[] counts = new int[classes];
            long freeTotal = total;
            long freePool = 0;
            for (int c = 0; c < classes; c++) {
                if (pinnedToOne[c]) {
                    counts[c] = 1;
                    freeTotal--;
                } else {
                    freePool += classSizes[c];
                }
            }
            long[] remainder = new long[classes];
            long assigned = 0;
            for (int c = 0; c < classes; c++) {
                if (!pinnedToOne[c] && classSizes[c] > 0) {
                    long share = freeTotal * classSizes[c];
                    counts[c] = (int) (share / freePool);
                    remainder[c] = share % freePool;
                    assigned += counts[c];
                }
            }
            Integer[] byRemainder = new Integer[classes];
            for (int c = 0; c < classes; c++) {
                byRemainder[c] = c;
            }
            Arrays.sort(byRemainder, (a, b) -> remainder[a] != remainder[b]
                    ? Long.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
            for (int i = 0; assigned < freeTotal; i++) {
                int c = byRemainder[i];
                if (!pinnedToOne[c] && classSizes[c] > 0) {
                    counts[c]++;
                    assigned++;
                }
            }
            boolean pinnedMore = false;
            for (int c = 0; c < classes; c++) {
                if (classSizes[c] > 0 && counts[c] == 0) {
                    pinnedToOne[c] = true;
                    pinnedMore = true;
                }
            }
            if (!pinnedMore) {
                for (int c = 0; c < classes; c++) {
                    if (counts[c] > classSizes[c]) {
                        throw new IllegalStateException("class " + c + " got " + counts[c]
                                + " of " + classSizes[c] + " images");
                    }
                }
                return counts;
            }
        }
    }

    /**
     * The file/row name of a budget: its percentage with a {@code p} for the decimal point,
     * then {@code pct}, e.g. 0.01 -> {@code 1pct}, 0.10 -> {@code 10pct}, 0.005 -> {@code 0p5pct}.
     */
    public static String name(double fraction) {
        checkFraction(fraction);
        String percent = new BigDecimal(Double.toString(fraction)).movePointRight(2)
                .stripTrailingZeros().toPlainString();
        return percent.replace('.', 'p') + "pct";
    }

    private static void checkFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("budget fraction must be in (0, 1], got "
                    + fraction);
        }
    }
}
