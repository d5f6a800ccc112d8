package nms.formal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.rtl.units.AffinityUnit;
import nms.rtl.units.DistanceUnit;
import nms.rtl.units.DividerUnit;
import nms.rtl.units.Exp2Unit;
import nms.rtl.units.Log2Unit;
import nms.rtl.units.PerplexityUnit;

/**
 * The protocol proofs of {@code ./nms formal}: the emitted units' own labelled assertions (the
 * {@code nms.rtl.hdl.Module} API's, simulation-only {@code `ifndef SYNTHESIS} block, checked by
 * Verilator and Icarus) turned into proof obligations for every input sequence that obeys the
 * sender rules.
 *
 * <p>The text rewrite keeps each property's condition exactly as emitted and its state registers
 * ({@code assert_*_q}) as they are; only the reporting ({@code else $fatal(...)}, which yosys 0.23
 * does not parse) goes, and the check becomes {@code always @*} under {@code rst_ni} (the same
 * cycles the clocked check samples). A property of the top unit whose condition reads nothing but
 * input ports, ready outputs and its own state is a rule for the unit's sender (data held while
 * stalled, framing, a precondition): it becomes an {@code assume}. Every other property, and every
 * property of a child (the parent is the child's sender), is an {@code assert}.
 */
final class Protocol {
    /** One emitted check: {@code // label (Origin.java:N)}, {@code assert (cond)}, {@code else $fatal(...);}. */
    private static final Pattern CHECK = Pattern.compile(
            "      // ([a-z][a-z0-9_]*) \\(([^)\\n]*)\\)\\n      assert \\((.*)\\)\\n        else \\$fatal\\(.*\\);\\n");
    private static final Pattern CHECK_BLOCK = Pattern.compile(
            "  always @\\(posedge clk_i or negedge rst_ni\\) begin\\n    if \\(rst_ni\\) begin\\n(?=      // )");
    private static final Pattern PORT = Pattern.compile(
            "(?m)^\\s*(input|output)\\s+logic\\s*(?:\\[[^\\]]*\\]\\s*)?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ASSIGN = Pattern.compile("(?m)^  assign ([A-Za-z_][A-Za-z0-9_]*) = (.*);$");
    private static final Pattern IDENT = Pattern.compile("(?<!['0-9])\\b[A-Za-z_][A-Za-z0-9_]*\\b");

    /** What the rewrite made of a unit's file: its sender rules (assumed) and its obligations. */
    record Rewritten(String text, List<String> assumed, List<String> asserted) {
    }

    private Protocol() {
    }

    /**
     * The protocol proofs of the DE-SNE units at {@code c}: induction tried up to two whole
     * transactions (the base case from reset covers them); where it does not close the verdict is
     * bounded to that depth. Perplexity's transaction is a whole search (thousands of cycles), so
     * its bound is a fixed window from reset: the load of a row and the first evaluation's start.
     */
    static List<Proof> proofs(NmsConfig c) {
        Formats f = c.formats();
        int rowMax = c.maxRowsPerClass() - 1;
        List<Proof> p = new ArrayList<>();
        p.add(proof(DistanceUnit.NAME, 2 * (f.beats + DistanceUnit.latency(c) + 1), "two pairs"));
        p.add(proof(DividerUnit.NAME, 2 * (DividerUnit.latency(c) + 2), "two divisions"));
        p.add(proof(Exp2Unit.NAME, 2 * (Exp2Unit.LATENCY + 1) + 2, "two transactions"));
        p.add(proof(Log2Unit.NAME, 2 * (Log2Unit.LATENCY + 1) + 2, "two transactions"));
        p.add(proof(AffinityUnit.NAME, 2 * rowMax + AffinityUnit.latency(c) + 3, "two rows of " + rowMax + " elements"));
        p.add(proof(PerplexityUnit.NAME, PERPLEXITY_WINDOW, "a window from reset, not a whole search"));
        return p;
    }

    /** Cycles from reset the perplexity unit's assertions are checked over (a whole search is thousands). */
    static final int PERPLEXITY_WINDOW = 12;

    static Proof proof(String unit, int depth, String scope) {
        return new Proof(unit, "assertions", "", List.of(), true, depth,
                "the unit's own assertions (children's too) for every input obeying its sender rules (assumed: "
                        + "its input-only assertions); induction tried to " + depth + " cycles (" + scope
                        + "), else bounded to it",
                files -> properties(files, unit), true);
    }

    /**
     * The files with every module's assertion block made formal: {@code top} (the unit proved)
     * assumes its sender rules, children assert everything. Refuses a file whose block cannot be read.
     */
    static Map<String, String> properties(Map<String, String> files, String top) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            out.put(f.getKey(), rewrite(f.getValue(), f.getKey().equals(top + ".sv")).text());
        }
        return out;
    }

    static Rewritten rewrite(String sv, boolean top) {
        int guard = sv.indexOf("`ifndef SYNTHESIS\n");
        if (guard < 0) {
            return new Rewritten(sv, List.of(), List.of());
        }
        int end = sv.indexOf("`endif\n", guard);
        if (end < 0) {
            throw new IllegalStateException("formal: `ifndef SYNTHESIS without `endif in the emitted unit");
        }
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> readies = new LinkedHashSet<>();
        Matcher pm = PORT.matcher(sv.substring(0, guard));
        while (pm.find()) {
            if (pm.group(1).equals("input")) {
                inputs.add(pm.group(2));
            } else if (pm.group(2).contains("ready")) {
                readies.add(pm.group(2));
            }
        }
        Map<String, String> assigns = new LinkedHashMap<>();
        Matcher am = ASSIGN.matcher(sv.substring(0, guard));
        while (am.find()) {
            assigns.put(am.group(1), am.group(2));
        }
        String block = sv.substring(guard + "`ifndef SYNTHESIS\n".length(), end);
        Matcher bm = CHECK_BLOCK.matcher(block);
        if (!bm.find()) {
            throw new IllegalStateException("formal: the emitted assertion block has no check process");
        }
        block = block.substring(0, bm.start()) + "  always @* begin\n    if (rst_ni) begin\n" + block.substring(bm.end());
        List<String> assumed = new ArrayList<>();
        List<String> asserted = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        Matcher cm = CHECK.matcher(block);
        int at = 0;
        while (cm.find()) {
            String label = cm.group(1);
            String cond = cm.group(3);
            boolean senderRule = top && readsOnly(cond, label, inputs, readies, assigns, 0);
            (senderRule ? assumed : asserted).add(label);
            b.append(block, at, cm.start());
            b.append("      // ").append(label).append(" (").append(cm.group(2)).append(")")
                    .append(senderRule ? ": a sender rule, assumed\n" : "\n");
            b.append("      protocol_").append(label).append(": ").append(senderRule ? "assume" : "assert")
                    .append(" (").append(cond).append(");\n");
            at = cm.end();
        }
        b.append(block.substring(at));
        if (assumed.isEmpty() && asserted.isEmpty()) {
            throw new IllegalStateException("formal: no assertion read from the emitted assertion block");
        }
        if (b.indexOf("else $fatal") >= 0) {
            throw new IllegalStateException("formal: an emitted assertion in an unexpected form (still has $fatal)");
        }
        String text = sv.substring(0, guard) + "// assertions made formal by nms formal (Protocol)\n" + b
                + sv.substring(end + "`endif\n".length());
        return new Rewritten(text, assumed, asserted);
    }

    /**
     * Whether {@code cond} reads only input ports, ready outputs, the property's own state and
     * wires assigned from those alone (the unit's {@code accept = in_valid_i & in_ready_o}).
     */
    static boolean readsOnly(String cond, String label, Set<String> inputs, Set<String> readies,
            Map<String, String> assigns, int level) {
        Matcher m = IDENT.matcher(cond);
        while (m.find()) {
            String id = m.group();
            boolean ok = inputs.contains(id) || readies.contains(id) || id.startsWith("assert_" + label + "_")
                    || (level < 4 && assigns.containsKey(id)
                            && readsOnly(assigns.get(id), label, inputs, readies, assigns, level + 1));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
