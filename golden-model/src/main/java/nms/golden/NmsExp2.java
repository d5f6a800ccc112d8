package nms.golden;

import nms.config.Formats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_exp2}: {@code a = 2^-t} for t in Q.t_frac_bits, a in Q.affinity_frac_bits
 * (spec section 5.1). The integer part of t is a right shift; the fraction addresses a ROM of
 * {@code 2^-f} and the remaining fraction bits interpolate linearly between two entries.
 */
@RtlTwin("nms_exp2")
public final class NmsExp2 {
    private final long[] rom;
    private final int tFrac;
    private final int interpBits;
    private final int expLutBits;
    private final int dropShift;
    private final int affinityFrac;

    public NmsExp2(NmsConfig c) {
        Formats f = c.formats();
        this.rom = Luts.exp2(c);
        this.tFrac = c.tFracBits();
        this.expLutBits = c.expLutBits();
        this.interpBits = f.expInterpBits;
        this.dropShift = f.expLutFrac - c.affinityFracBits();
        this.affinityFrac = c.affinityFracBits();
    }

    public long[] rom() {
        return rom.clone();
    }

    public long exp2(long t) {
        long tInt = t >>> tFrac;
        if (tInt >= affinityFrac + 2) {
            return 0; // 2^-t rounds to 0 at this affinity precision
        }
        long frac = t & ((1L << tFrac) - 1);
        long index = frac >>> (tFrac - expLutBits);
        long y = rom[(int) index];
        if (interpBits > 0) {
            long rem = frac & ((1L << interpBits) - 1);
            long step = rom[(int) index] - rom[(int) index + 1];
            y -= FixedPoint.roundShift(step * rem, interpBits);
        }
        return FixedPoint.roundShift(y, (int) tInt + dropShift);
    }
}
