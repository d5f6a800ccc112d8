package nms.lrt;

/**
 * The weight write of LRT ({@code update_W_SKS_B}): quantize the update to the weight grid; if
 * more than {@code minDensity} of the cells would change, subtract it, re-quantize the weights
 * (which clamps them to the grid's range) and count one write in every changed cell; otherwise
 * write nothing and report {@code false} so the caller keeps accumulating. With
 * {@code minDensity < 0} every nonzero update is written (plain SGD).
 */
public final class DensityGatedWrite {
    private final FixedQuantizer grid;
    private final double minDensity;

    public DensityGatedWrite(FixedQuantizer grid, double minDensity) {
        if (!(minDensity < 1)) {
            throw new IllegalArgumentException("min_density must be below 1, got " + minDensity);
        }
        this.grid = grid;
        this.minDensity = minDensity;
    }

    /**
     * {@code weights -= Q(update)} when the density test passes. {@code update} is overwritten
     * with its quantized value. Returns the number of cells written (0 when gated off).
     */
    public int write(double[] weights, double[] update, WriteCounter counter) {
        if (weights.length != update.length || counter.cells() != weights.length) {
            throw new IllegalArgumentException("weights, update and counter sizes differ: " + weights.length
                    + ", " + update.length + ", " + counter.cells());
        }
        int changed = 0;
        for (int i = 0; i < update.length; i++) {
            update[i] = grid.quantize(update[i]);
            if (Math.abs(update[i]) > 1e-12) {
                changed++;
            }
        }
        if (changed == 0 || (double) changed / update.length <= minDensity) {
            return 0;
        }
        for (int i = 0; i < update.length; i++) {
            // Every cell is re-quantized, as the authors' quant_regen does: that only snaps
            // sub-step analog drift back to the grid, so only changed cells count as writes.
            weights[i] = grid.quantize(weights[i] - update[i]);
            if (Math.abs(update[i]) > 1e-12) {
                counter.add(i, 1);
            }
        }
        return changed;
    }
}
