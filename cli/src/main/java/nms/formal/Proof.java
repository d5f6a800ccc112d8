package nms.formal;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import nms.config.NmsConfig;

/**
 * One proof: the unit it is about, the property's name, the checker pasted into the unit (yosys
 * 0.23 ignores {@code bind}), the spec modules it instantiates (files in {@code formal/spec/}),
 * and how it is closed: by temporal induction ({@code depth} = the longest induction tried) or
 * bounded from reset to {@code depth} cycles. {@code prepare} rewrites the unit's files (name to
 * text, children first) before the checker goes in: a child abstracted by its proved spec, the
 * emitted assertion blocks turned into proof obligations ({@link Protocol}). {@code openIsBounded}:
 * an induction that does not close within {@code depth} reports {@code bounded(depth)} (its base
 * case held that long) instead of failing. {@code config}: the configuration the unit is emitted
 * at when it is not the command's (a unit that needs its own tiny variant, e.g. a sketch on square
 * images); null for the command's.
 */
record Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
        String stated, UnaryOperator<Map<String, String>> prepare, boolean openIsBounded, NmsConfig config) {
    Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
            String stated) {
        this(unit, property, checker, specs, induction, depth, stated, UnaryOperator.identity(), false, null);
    }

    Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
            String stated, NmsConfig config) {
        this(unit, property, checker, specs, induction, depth, stated, UnaryOperator.identity(), false, config);
    }

    Proof(String unit, String property, String checker, List<String> specs, boolean induction, int depth,
            String stated, UnaryOperator<Map<String, String>> prepare, boolean openIsBounded) {
        this(unit, property, checker, specs, induction, depth, stated, prepare, openIsBounded, null);
    }

    String id() {
        return unit + "_" + property;
    }
}
