package nms.golden;

import java.util.Arrays;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_sampler} (docs/ARITHMETIC.md section 13): the default exemplar rule (k-means
 * in 2-D, then the real point nearest each centre) in integers on the Q.20 coordinates that
 * {@link NmsEmbedding} outputs, so the selection can be made next to memory.
 *
 * <p>Differences from the double {@code nms.eval.KMeansExemplars}, each for the hardware: the
 * initial centres are chosen farthest-first from row {@code n / 2} (no random draw) instead of
 * by k-means++; the centre update rounds the mean half up to Q.20; and a centre whose
 * nearest point is already taken takes its nearest point not yet taken, instead of a
 * farthest-first fill at the end (one chosen bit per row instead of a distance per row).
 */
@RtlTwin("nms_sampler")
public final class NmsSampler {

    /** Bits of a signed coordinate: NmsEmbedding keeps them strictly inside +-2^30. */
    public static final int COORD_WIDTH = NmsEmbedding.Y_LIMIT_BITS + 1;
    /** Largest coordinate magnitude. */
    public static final long COORD_LIMIT = (1L << NmsEmbedding.Y_LIMIT_BITS) - 1;
    /** Bits of an unsigned squared 2-D distance: dx, dy < 2^31, dx^2 + dy^2 < 2^63. */
    public static final int DIST_WIDTH = 2 * COORD_WIDTH + 1;

    /**
     * A selection: the chosen rows ascending, the Lloyd centre updates made and whether the
     * assignment converged (the last assignment pass changed nothing).
     */
    public record Result(int[] selected, int updates, boolean converged) {
    }

    private final int iterations;
    private final int maxCentres;

    public NmsSampler(NmsConfig config) {
        this(config.samplerIterations(), config.samplerMaxCentres());
    }

    /** A sampler making at most {@code iterations} centre updates of at most {@code maxCentres} centres. */
    public NmsSampler(int iterations, int maxCentres) {
        if (iterations < 1) {
            throw new IllegalArgumentException("sampler iterations = " + iterations + " must be >= 1");
        }
        if (maxCentres < 1) {
            throw new IllegalArgumentException("sampler max centres = " + maxCentres + " must be >= 1");
        }
        this.iterations = iterations;
        this.maxCentres = maxCentres;
    }

    public int iterations() {
        return iterations;
    }

    public int maxCentres() {
        return maxCentres;
    }

    /** Squared 2-D distance, exact: both coordinates within {@link #COORD_LIMIT}. */
    public static long dist2(long ax, long ay, long bx, long by) {
        long dx = ax - bx;
        long dy = ay - by;
        return dx * dx + dy * dy;
    }

    /**
     * Selects {@code budget} of the rows {@code y[i] = {x, y}} (Q.20, from {@link NmsEmbedding}).
     *
     * @throws IllegalArgumentException for a budget outside 1 .. min(n, max centres) or a
     *                                  coordinate outside +-{@link #COORD_LIMIT}, naming the row
     */
    public Result select(long[][] y, int budget) {
        int n = y.length;
        if (budget < 1 || budget > n || budget > maxCentres) {
            throw new IllegalArgumentException("budget = " + budget + " must be in 1 .. min(rows = " + n
                    + ", sampler_max_centres = " + maxCentres + ")");
        }
        for (int i = 0; i < n; i++) {
            if (y[i].length != 2 || Math.abs(y[i][0]) > COORD_LIMIT || Math.abs(y[i][1]) > COORD_LIMIT) {
                throw new IllegalArgumentException("row " + i + ": " + Arrays.toString(y[i])
                        + " is not two coordinates within +-" + COORD_LIMIT + " (Q.20, |y| < 1024)");
            }
        }
        long[] cx = new long[budget];
        long[] cy = new long[budget];
        // Farthest-first init: row n / 2, then each next centre the row farthest from the centres
        // so far (the smaller row on ties). Deterministic, one pass per centre, and on real
        // embedded classes it covers as well as the double rule's k-means++ (SamplerExemplarsTest).
        long[] nearestCentre = new long[n];
        Arrays.fill(nearestCentre, Long.MAX_VALUE);
        int row = n / 2;
        for (int c = 0; c < budget; c++) {
            cx[c] = y[row][0];
            cy[c] = y[row][1];
            int far = 0;
            for (int i = 0; i < n; i++) {
                nearestCentre[i] = Math.min(nearestCentre[i], dist2(y[i][0], y[i][1], cx[c], cy[c]));
                if (nearestCentre[i] > nearestCentre[far]) {
                    far = i;
                }
            }
            row = far;
        }
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        long[] sx = new long[budget];
        long[] sy = new long[budget];
        int[] count = new int[budget];
        boolean changed = assign(y, cx, cy, assignment, sx, sy, count);
        int updates = 0;
        while (changed && updates < iterations) {
            for (int c = 0; c < budget; c++) {
                if (count[c] > 0) { // an empty cluster keeps its centre
                    cx[c] = meanHalfUp(sx[c], count[c]);
                    cy[c] = meanHalfUp(sy[c], count[c]);
                }
            }
            updates++;
            changed = assign(y, cx, cy, assignment, sx, sy, count);
        }
        boolean[] chosen = new boolean[n];
        for (int c = 0; c < budget; c++) {
            int best = -1;
            long bestD = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                long d = dist2(y[i][0], y[i][1], cx[c], cy[c]);
                if (!chosen[i] && (best < 0 || d < bestD)) {
                    best = i;
                    bestD = d;
                }
            }
            chosen[best] = true;
        }
        int[] selected = new int[budget];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (chosen[i]) {
                selected[k++] = i;
            }
        }
        return new Result(selected, updates, !changed);
    }

    /**
     * {@code sum / count} rounded half up (toward +infinity): {@code floor((2 sum + count) / (2
     * count))}. Half up, not half away from zero, because the RTL holds coordinates offset by
     * 2^30 (unsigned), and rounding half up commutes with that offset.
     */
    public static long meanHalfUp(long sum, long count) {
        return Math.floorDiv(2 * sum + count, 2 * count);
    }

    /** One assignment pass: nearest centre per row (smaller centre on ties), sums and counts. */
    private static boolean assign(long[][] y, long[] cx, long[] cy, int[] assignment,
                                  long[] sx, long[] sy, int[] count) {
        Arrays.fill(sx, 0);
        Arrays.fill(sy, 0);
        Arrays.fill(count, 0);
        boolean changed = false;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            long bestD = dist2(y[i][0], y[i][1], cx[0], cy[0]);
            for (int c = 1; c < cx.length; c++) {
                long d = dist2(y[i][0], y[i][1], cx[c], cy[c]);
                if (d < bestD) {
                    best = c;
                    bestD = d;
                }
            }
            changed |= assignment[i] != best;
            assignment[i] = best;
            sx[best] += y[i][0];
            sy[best] += y[i][1];
            count[best]++;
        }
        return changed;
    }

    /** Cycles nms_sampler spends per centre update: one to load its two serial dividers, one per quotient bit. */
    public static final int UPDATE_CYCLES = COORD_WIDTH + 1;

    /**
     * Cycles of {@code nms_sampler} from the class's last row taken to its last index sent, the
     * output never stalled (section 13): per centre of the init 1 + n; per assignment pass n b
     * + 1 (the decision); per update b {@link #UPDATE_CYCLES}; the pick n b; the output scan
     * of rows 0 .. {@code lastChosen} (the largest chosen row), one row per cycle.
     */
    public static long selectCycles(int n, int budget, int updates, int lastChosen) {
        long b = budget;
        return b * (1 + n) + (updates + 1L) * (n * b + 1) + updates * b * UPDATE_CYCLES + n * b
                + lastChosen + 1;
    }
}
