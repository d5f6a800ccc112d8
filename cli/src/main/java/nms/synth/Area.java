package nms.synth;

import java.util.Map;

/**
 * A unit's area on one target, from Yosys's cell counts: LUTs (generic: logic gates), flip-flops,
 * block RAMs (generic: memories kept as {@code $mem_v2}), DSP/multiplier blocks, carry cells, the
 * bits of memories left as memories, and every cell type as counted.
 */
public record Area(long luts, long ffs, long brams, long dsps, long carries, long cells, long memoryBits,
        Map<String, Long> byType) {

    /** Classifies {@code section}'s cells by {@code target}'s cell library. */
    public static Area of(Target target, YosysStat.Section section) {
        long luts = 0;
        long ffs = 0;
        long brams = 0;
        long dsps = 0;
        long carries = 0;
        for (Map.Entry<String, Long> e : section.byType().entrySet()) {
            switch (target.kind(e.getKey())) {
                case LUT -> luts += e.getValue();
                case FF -> ffs += e.getValue();
                case BRAM -> brams += e.getValue();
                case DSP -> dsps += e.getValue();
                case CARRY -> carries += e.getValue();
                default -> {
                }
            }
        }
        return new Area(luts, ffs, brams, dsps, carries, section.cells(), section.memoryBits(), section.byType());
    }
}
