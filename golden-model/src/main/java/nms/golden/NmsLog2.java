package nms.golden;

import nms.config.Formats;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_log2}: {@code log2(s / 2^affinity_frac)} in Q.entropy_frac for
 * {@code s >= 2^affinity_frac} (a row sum is at least 1), spec section 5.3. The leading one gives
 * the integer part; the next mantissa bits address a ROM of {@code log2(1 + m)} and interpolate.
 */
@RtlTwin("nms_log2")
public final class NmsLog2 {
    private final long[] rom;
    private final int mantissaBits;
    private final int interpBits;
    private final int affinityFrac;
    private final int entropyFrac;

    public NmsLog2(NmsConfig c) {
        Formats f = c.formats();
        this.rom = Luts.log2(c);
        this.mantissaBits = f.logMantissaBits;
        this.interpBits = c.logInterpBits();
        this.affinityFrac = c.affinityFracBits();
        this.entropyFrac = c.entropyFracBits();
    }

    public long[] rom() {
        return rom.clone();
    }

    public long log2(long s) {
        if (s < (1L << affinityFrac)) {
            throw new IllegalArgumentException("nms_log2 input " + s + " is below 1.0");
        }
        int lead = 63 - Long.numberOfLeadingZeros(s);
        long mantissa = lead >= mantissaBits ? s >>> (lead - mantissaBits) : s << (mantissaBits - lead);
        mantissa &= (1L << mantissaBits) - 1;
        int index = (int) (mantissa >>> interpBits);
        long y = rom[index];
        if (interpBits > 0) {
            long rem = mantissa & ((1L << interpBits) - 1);
            y += FixedPoint.roundShift((rom[index + 1] - rom[index]) * rem, interpBits);
        }
        return ((long) (lead - affinityFrac) << entropyFrac)
                + FixedPoint.roundShift(y, Formats.LOG_GUARD);
    }
}
