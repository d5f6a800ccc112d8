package nms.golden;

import nms.config.LrtFormats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_lrt_write} (docs/ARITHMETIC.md section 12.3): the density-gated LRT weight
 * write, one cell (i, j) per step, cells in row-major order (cell i * m + j). An attempt is two
 * passes over the n x m cells with the same inputs: a count pass ({@code commit = false}) and a
 * commit pass ({@code commit = true}). Per cell:
 *
 * <ul>
 *   <li>{@code dot = sum_k a_k b_k}, a = row i of U (n x r), b = row j of V (m x r), factor codes
 *       of value {@code code * 2^-basis_frac} (max-normed factors lie in [-1, 1]);
 *   <li>{@code delta = clamp(round_half_even(dot / 2^write_shift))} on the weight grid, where
 *       {@code write_shift = lr_shift + 2 basis_frac - (weight_bits - 1)}: the update
 *       {@code 2^-lr_shift U V^T} in weight steps;
 *   <li>{@code count} = nonzero deltas of the pass so far (restarts on the first cell),
 *       {@code gate = count > density_threshold};
 *   <li>on a count pass's last cell the gate is latched; in a commit pass
 *       {@code we = gate_latched && delta != 0} and {@code w' = we ? clamp(w - delta) : w}.
 * </ul>
 *
 * <p>{@code we} is the per-cell write stream; the host counts writes per cell from it.
 */
@RtlTwin("nms_lrt_write")
public final class NmsLrtWrite {
    private final LrtFormats f;
    private long count;
    private boolean gateLatched;

    public NmsLrtWrite(NmsConfig c) {
        this.f = c.lrtFormats();
    }

    /** What the unit sends for one cell. */
    public record Cell(long delta, long weight, boolean writeEnable, long count, boolean gate) {}

    public Cell cell(long[] a, long[] b, long w, boolean first, boolean last, boolean commit) {
        if (a.length != f.rank || b.length != f.rank) {
            throw new IllegalArgumentException("nms_lrt_write wants " + f.rank + " factor codes per side");
        }
        if (w < f.weightMin || w > f.weightMax) {
            throw new IllegalArgumentException("weight code " + w + " outside [" + f.weightMin + ", "
                    + f.weightMax + "]");
        }
        long dot = 0;
        long lo = -(1L << f.basisFrac);
        long hi = (1L << f.basisFrac) - 1;
        for (int k = 0; k < f.rank; k++) {
            if (a[k] < lo || a[k] > hi || b[k] < lo || b[k] > hi) {
                throw new IllegalArgumentException("factor code outside the " + f.basisWidth
                        + "-bit signed range");
            }
            dot += a[k] * b[k];
        }
        long delta = clamp(Rounding.shiftHalfEven(dot, f.writeShift));
        count = (first ? 0 : count) + (delta != 0 ? 1 : 0);
        boolean gate = count > f.densityThreshold;
        boolean we = commit && gateLatched && delta != 0;
        long weight = we ? clamp(w - delta) : w;
        if (last && !commit) {
            gateLatched = gate;
        }
        return new Cell(delta, weight, we, count, gate);
    }

    private long clamp(long x) {
        return Math.max(f.weightMin, Math.min(f.weightMax, x));
    }

    /**
     * One write attempt (count pass, then commit pass) on {@code weights} (n * m codes, row-major),
     * updated in place; {@code writes} (n * m) gets one count per written cell. Returns the cells
     * written (0 when the density gate held the write back).
     */
    public long attempt(long[][] u, long[][] v, long[] weights, long[] writes) {
        long written = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean commit = pass == 1;
            for (int i = 0; i < f.n; i++) {
                for (int j = 0; j < f.m; j++) {
                    int c = i * f.m + j;
                    Cell r = cell(u[i], v[j], weights[c], c == 0, c == f.cells - 1, commit);
                    if (commit) {
                        weights[c] = r.weight();
                        if (r.writeEnable()) {
                            writes[c]++;
                            written++;
                        }
                    }
                }
            }
        }
        return written;
    }
}
