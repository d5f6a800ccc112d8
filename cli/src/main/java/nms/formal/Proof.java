package nms.formal;

import java.util.List;
import nms.config.NmsConfig;

/**
 * One proof: the unit it is about, the property's name, the checker pasted into the unit (yosys
 * 0.23 ignores {@code bind}), the spec modules it instantiates (files in {@code formal/spec/}),
 * and how it is closed: by temporal induction ({@code depth} = the longest induction tried) or
 * bounded from reset to {@code depth} cycles. {@code config}: the configuration the unit is
 * emitted at when it is not the command's (a unit that needs its own tiny variant, e.g. a sketch
 * on square images); null for the command's.
 */
record Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
        String stated, NmsConfig config) {
    Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
            String stated) {
        this(unit, property, checker, specs, induction, depth, stated, null);
    }

    String id() {
        return unit + "_" + property;
    }
}
