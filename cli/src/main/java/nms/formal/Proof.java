package nms.formal;

import java.util.List;

/**
 * One proof: the unit it is about, the property's name, the checker pasted into the unit (yosys
 * 0.23 ignores {@code bind}), the spec modules it instantiates (files in {@code formal/spec/}),
 * and how it is closed: by temporal induction ({@code depth} = the longest induction tried) or
 * bounded from reset to {@code depth} cycles.
 */
record Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
        String stated) {
    String id() {
        return unit + "_" + property;
    }
}
