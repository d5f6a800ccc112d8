package nms.synth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cell counts of Yosys's {@code stat} text (as written by {@code tee -o FILE stat}, Yosys
 * 0.23): one section per module ({@code === name ===}) and, for a hierarchical design, a
 * {@code === design hierarchy ===} section whose counts cover the top and everything under it.
 */
public final class YosysStat {
    private static final Pattern SECTION = Pattern.compile("^=== (.+) ===$");
    private static final Pattern CELLS = Pattern.compile("^\\s*Number of cells:\\s+(\\d+)$");
    private static final Pattern CELL_TYPE = Pattern.compile("^\\s+(\\S+)\\s+(\\d+)$");
    private static final Pattern MEMORY_BITS = Pattern.compile("^\\s*Number of memory bits:\\s+(\\d+)$");

    /** One section: its total cell count and the count of each cell type, in Yosys's order. */
    public record Section(String name, long cells, long memoryBits, Map<String, Long> byType) {
    }

    private final Map<String, Section> sections;

    private YosysStat(Map<String, Section> sections) {
        this.sections = sections;
    }

    public static YosysStat parse(String text) {
        Map<String, Section> sections = new LinkedHashMap<>();
        String name = null;
        long cells = -1;
        long memoryBits = 0;
        Map<String, Long> types = null;
        boolean inCells = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripTrailing();
            Matcher m = SECTION.matcher(line.trim());
            if (m.matches()) {
                if (name != null) {
                    sections.put(name, new Section(name, cells, memoryBits, types));
                }
                name = m.group(1).trim();
                cells = -1;
                memoryBits = 0;
                types = new LinkedHashMap<>();
                inCells = false;
                continue;
            }
            if (name == null) {
                continue;
            }
            Matcher c = CELLS.matcher(line);
            if (c.matches()) {
                cells = Long.parseLong(c.group(1));
                inCells = true;
                continue;
            }
            Matcher mb = MEMORY_BITS.matcher(line);
            if (mb.matches()) {
                memoryBits = Long.parseLong(mb.group(1));
                continue;
            }
            if (inCells) {
                Matcher t = CELL_TYPE.matcher(line);
                if (t.matches()) {
                    types.merge(t.group(1), Long.parseLong(t.group(2)), Long::sum);
                } else {
                    inCells = false;
                }
            }
        }
        if (name != null) {
            sections.put(name, new Section(name, cells, memoryBits, types));
        }
        for (Section s : sections.values()) {
            if (s.cells() < 0) {
                throw new IllegalArgumentException("yosys stat: section '" + s.name()
                        + "' has no 'Number of cells' line");
            }
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("yosys stat: no '=== module ===' section found");
        }
        return new YosysStat(sections);
    }

    public Map<String, Section> sections() {
        return java.util.Collections.unmodifiableMap(sections);
    }

    /**
     * The counts covering {@code top} and everything under it: the design hierarchy section when
     * there is one, else the top's own section (a flattened design has only that).
     */
    public Section total(String top) {
        Section h = sections.get("design hierarchy");
        if (h != null) {
            return h;
        }
        Section s = sections.get(top);
        if (s == null) {
            throw new IllegalArgumentException("yosys stat has no section for '" + top + "' (sections: "
                    + sections.keySet() + ")");
        }
        return s;
    }
}
