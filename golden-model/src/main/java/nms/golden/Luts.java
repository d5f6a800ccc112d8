package nms.golden;

import java.math.BigInteger;
import nms.config.ExactMath;
import nms.config.Formats;
import nms.config.NmsConfig;

/**
 * ROM contents, computed once here from exact integer math (spec section 5). The golden units
 * read them and the emitter writes the very same arrays into the Verilog ROMs.
 */
public final class Luts {
    private Luts() {
    }

    /** {@code round(2^(-k / 2^exp_lut_bits) * 2^exp_lut_frac)}, k = 0 .. 2^exp_lut_bits. */
    public static long[] exp2(NmsConfig c) {
        Formats f = c.formats();
        BigInteger[] exact = ExactMath.exp2NegTable(c.expLutBits());
        long[] rom = new long[exact.length];
        for (int k = 0; k < rom.length; k++) {
            rom[k] = ExactMath.roundTo(exact[k], f.expLutFrac);
        }
        return rom;
    }

    /** {@code round(log2(1 + k / 2^log_lut_bits) * 2^log_lut_frac)}, k = 0 .. 2^log_lut_bits. */
    public static long[] log2(NmsConfig c) {
        Formats f = c.formats();
        BigInteger[] exact = ExactMath.log2OnePlusTable(c.logLutBits());
        long[] rom = new long[exact.length];
        for (int k = 0; k < rom.length; k++) {
            rom[k] = ExactMath.roundTo(exact[k], f.logLutFrac);
        }
        return rom;
    }

    /**
     * The embedding's kernel ROM (docs/arithmetic-embedding.md section 11.2):
     * {@code round_half_up(2^30 / (1 + k / 2^bits))} = {@code floor((2^(31+bits) + q) / (2 q))}
     * with {@code q = 2^bits + k}, k = 0 .. 2^bits; entries in [2^29, 2^30], decreasing.
     */
    public static long[] embeddingKernel(int bits) {
        if (bits < 1 || bits > 12) {
            throw new IllegalArgumentException("kernel ROM address bits must be in [1, 12], got " + bits);
        }
        long[] rom = new long[(1 << bits) + 1];
        for (int k = 0; k < rom.length; k++) {
            long q = (1L << bits) + k;
            rom[k] = ((1L << (31 + bits)) + q) / (2 * q);
        }
        return rom;
    }

    /** {@link #embeddingKernel(int)} at the config's {@code embedding_kernel_lut_bits} (>= 1). */
    public static long[] embeddingKernel(NmsConfig c) {
        return embeddingKernel(c.embeddingKernelLutBits());
    }
}
