package nms.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Yosys synthesis target and how its cell library maps onto LUTs, flip-flops, block RAMs and
 * DSPs. Every target flattens, so one stat section covers a unit and what it instantiates.
 */
public enum Target {
    /** Lattice iCE40: SB_LUT4, SB_DFF*, SB_RAM40_4K, SB_MAC16 (with -dsp), SB_CARRY. */
    ICE40("ice40", "synth_ice40"),
    /** Xilinx 7-series (xc7): LUT1..LUT6, FD*, RAMB18E1/RAMB36E1, DSP48E1, CARRY4; out of context. */
    XILINX("xilinx", "synth_xilinx -flatten -noiopad -noclkbuf"),
    /**
     * Yosys's generic gate library: $_AND_, $_MUX_, ... as logic, $_DFF*, $_SDFF*, ... as flip-flops.
     * {@code synth} up to its fine stage, then its fine stage without {@code memory_map}, so a
     * memory stays one {@code $mem_v2} cell (a block RAM from a memory compiler) rather than
     * becoming thousands of flip-flops.
     */
    GENERIC("generic", "synth -flatten -run begin:fine");

    /** What a cell counts as. */
    public enum Kind { LUT, FF, BRAM, DSP, CARRY, OTHER }

    public final String key;
    final String synthCommand;

    Target(String key, String synthCommand) {
        this.key = key;
        this.synthCommand = synthCommand;
    }

    /** The Yosys synthesis command for {@code top}. */
    public String synth(String top, boolean dsp) {
        String s = synthCommand + (dsp && this == ICE40 ? " -dsp" : "") + " -top " + top;
        if (this == GENERIC) {
            s += "; opt -fast -full; techmap; opt -fast; abc -fast; opt -fast; hierarchy -check; check";
        }
        return s;
    }

    /** Column heading of the LUT count: generic synthesis counts gates, not LUTs. */
    public String lutLabel() {
        return this == GENERIC ? "logic cells" : this == ICE40 ? "LUT4" : "LUTs";
    }

    public Kind kind(String cell) {
        switch (this) {
            case ICE40:
                if (cell.equals("SB_LUT4")) {
                    return Kind.LUT;
                }
                if (cell.startsWith("SB_DFF")) {
                    return Kind.FF;
                }
                if (cell.startsWith("SB_RAM40_4K") || cell.equals("SB_SPRAM256KA")) {
                    return Kind.BRAM;
                }
                if (cell.equals("SB_MAC16")) {
                    return Kind.DSP;
                }
                return cell.equals("SB_CARRY") ? Kind.CARRY : Kind.OTHER;
            case XILINX:
                if (cell.matches("LUT[1-6]")) {
                    return Kind.LUT;
                }
                if (cell.matches("FD[CPRS]E(_1)?") || cell.matches("LD[CP]E")) {
                    return Kind.FF;
                }
                if (cell.startsWith("RAMB")) {
                    return Kind.BRAM;
                }
                if (cell.startsWith("DSP48")) {
                    return Kind.DSP;
                }
                return cell.equals("CARRY4") ? Kind.CARRY : Kind.OTHER;
            default:
                if (cell.matches("\\$_(S?DFF|DFFE|SDFFE|SDFFCE|DFFSR|DFFSRE|ALDFF|ALDFFE|DLATCH|SR)\\w*")) {
                    return Kind.FF;
                }
                if (cell.startsWith("$mem")) {
                    return Kind.BRAM;
                }
                if (cell.equals("$mul") || cell.equals("$macc")) {
                    return Kind.DSP;
                }
                return cell.startsWith("$_") ? Kind.LUT : Kind.OTHER;
        }
    }

    /** Parses {@code ice40}, {@code xilinx}, {@code generic}, comma lists of them, or {@code all}. */
    public static List<Target> parseList(String text) {
        List<Target> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String k = part.trim().toLowerCase(Locale.ROOT);
            if (k.equals("all")) {
                for (Target t : values()) {
                    if (!out.contains(t)) {
                        out.add(t);
                    }
                }
                continue;
            }
            Target found = null;
            for (Target t : values()) {
                if (t.key.equals(k)) {
                    found = t;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("--target: unknown target '" + part.trim()
                        + "' (known: ice40, xilinx, generic, all)");
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--target: no target given");
        }
        return out;
    }
}
