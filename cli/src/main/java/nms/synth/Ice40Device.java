package nms.synth;

import java.util.List;
import java.util.Locale;
import nms.rtl.FpgaTop;

/**
 * The iCE40 parts the flow places and routes on, largest logic first: the HX8K (7680 logic
 * cells, 32 block RAMs, no DSP) in the CT256 package of the iCE40-HX8K breakout board, and the
 * UltraPlus UP5K (5280 logic cells, 30 block RAMs, 8 SB_MAC16 DSPs) in the SG48 package of
 * UPduino/iCEBreaker-style boards, synthesised with {@code -dsp}. The pins of each are the wrapper's
 * five ({@link FpgaTop#PINS}), the clock on a global-buffer input.
 */
public enum Ice40Device {
    HX8K("hx8k", "ct256", 7680, 32, 0, false, List.of("J3", "B5", "B4", "A2", "A1")),
    UP5K("up5k", "sg48", 5280, 30, 8, true, List.of("35", "2", "3", "4", "6"));

    public final String key;
    public final String pkg;
    public final int logicCells;
    public final int brams;
    public final int dsps;
    /** Whether synthesis maps multipliers onto SB_MAC16 ({@code synth_ice40 -dsp}). */
    public final boolean dsp;
    /** Package pins of {@link FpgaTop#PINS}, in that order. */
    public final List<String> pins;

    Ice40Device(String key, String pkg, int logicCells, int brams, int dsps, boolean dsp, List<String> pins) {
        this.key = key;
        this.pkg = pkg;
        this.logicCells = logicCells;
        this.brams = brams;
        this.dsps = dsps;
        this.dsp = dsp;
        this.pins = pins;
    }

    /** {@code hx8k-ct256}. */
    public String label() {
        return key + "-" + pkg;
    }

    /** nextpnr-ice40's device and package options. */
    public List<String> nextpnrOptions() {
        return List.of("--" + key, "--package", pkg);
    }

    /**
     * Why a synthesised design cannot fit, or null when its cells may fit: each SB_LUT4 needs a
     * logic cell, and the block RAM and DSP counts must not exceed the part's.
     */
    public String misfit(Area a) {
        if (a.luts() > logicCells) {
            return a.luts() + " SB_LUT4 > " + logicCells + " logic cells of the " + key;
        }
        if (a.brams() > brams) {
            return a.brams() + " block RAMs > " + brams + " of the " + key;
        }
        if (a.dsps() > dsps) {
            return a.dsps() + " SB_MAC16 > " + dsps + " DSPs of the " + key;
        }
        return null;
    }

    /** {@code auto} (every part, in order) or one part's key. */
    public static List<Ice40Device> parse(String text) {
        String k = text.trim().toLowerCase(Locale.ROOT);
        if (k.equals("auto")) {
            return List.of(values());
        }
        for (Ice40Device d : values()) {
            if (d.key.equals(k)) {
                return List.of(d);
            }
        }
        throw new IllegalArgumentException("--device: unknown iCE40 part '" + text + "' (known: auto, hx8k, up5k)");
    }
}
