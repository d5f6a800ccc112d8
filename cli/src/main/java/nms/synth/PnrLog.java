package nms.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a nextpnr-ice40 (0.4) log says about a routed design: the achieved Fmax of the clock
 * (the last "Max frequency for clock" line, i.e. after routing), the device utilisation and the
 * register-to-register critical path.
 */
public final class PnrLog {
    private static final Pattern FMAX = Pattern.compile(
            "Max frequency for clock '([^']+)': ([0-9.]+) MHz \\((PASS|FAIL) at ([0-9.]+) MHz\\)");
    private static final Pattern UTIL = Pattern.compile("^Info:\\s+(\\S+):\\s+(\\d+)/\\s*(\\d+)\\s+\\d+%$");
    private static final Pattern CLOCK_PATH = Pattern.compile(
            "^Info: Critical path report for clock '([^']+)' \\(posedge -> posedge\\):$");
    private static final Pattern STEP = Pattern.compile(
            "^Info:\\s+([0-9.]+)\\s+([0-9.]+)\\s+(Source|Net|Setup)\\s+(\\S+)");
    private static final Pattern SPLIT = Pattern.compile("^Info: ([0-9.]+) ns logic, ([0-9.]+) ns routing$");
    private static final Pattern DEFINED = Pattern.compile("^Info:\\s+([^\\s/][^\\s]*\\.sv):(\\d+)");

    /** Used and available count of one resource (ICESTORM_LC, ICESTORM_RAM, ICESTORM_DSP, SB_IO, ...). */
    public record Use(long used, long available) {
    }

    /**
     * The critical register-to-register path: total delay, its logic and routing parts, the cells
     * it passes (simplified to the RTL names they were made from, consecutive repeats merged)
     * and the RTL source lines nextpnr names for its nets.
     */
    public record CriticalPath(String clock, double totalNs, double logicNs, double routingNs,
            List<String> cells, List<String> sourceLines, List<String> text) {
        public String startpoint() {
            return cells.isEmpty() ? "" : cells.get(0);
        }

        public String endpoint() {
            return cells.isEmpty() ? "" : cells.get(cells.size() - 1);
        }

        /** The path as "a -> b -> c". */
        public String summary() {
            return String.join(" -> ", cells);
        }
    }

    public final String clock;
    public final double fmaxMhz;
    public final double goalMhz;
    public final boolean pass;
    public final Map<String, Use> utilisation;
    public final CriticalPath criticalPath;

    private PnrLog(String clock, double fmaxMhz, double goalMhz, boolean pass, Map<String, Use> utilisation,
            CriticalPath criticalPath) {
        this.clock = clock;
        this.fmaxMhz = fmaxMhz;
        this.goalMhz = goalMhz;
        this.pass = pass;
        this.utilisation = utilisation;
        this.criticalPath = criticalPath;
    }

    /** Parses a log; throws when it holds no post-routing Fmax (the run failed or stopped early). */
    public static PnrLog parse(String log) {
        String[] lines = log.split("\n");
        String clock = null;
        double fmax = 0;
        double goal = 0;
        boolean pass = false;
        Map<String, Use> util = new LinkedHashMap<>();
        boolean inUtil = false;
        int pathStart = -1;
        boolean routed = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.equals("Info: Routing complete.")) {
                routed = true;
            }
            Matcher f = FMAX.matcher(line);
            if (f.find()) {
                clock = f.group(1);
                fmax = Double.parseDouble(f.group(2));
                pass = f.group(3).equals("PASS");
                goal = Double.parseDouble(f.group(4));
            }
            if (line.equals("Info: Device utilisation:")) {
                util.clear();
                inUtil = true;
                continue;
            }
            if (inUtil) {
                Matcher u = UTIL.matcher(line.replace('\t', ' '));
                if (u.matches()) {
                    util.put(u.group(1), new Use(Long.parseLong(u.group(2)), Long.parseLong(u.group(3))));
                    continue;
                }
                inUtil = false;
            }
            if (CLOCK_PATH.matcher(line).matches()) {
                pathStart = i;
            }
        }
        if (!routed || clock == null) {
            throw new IllegalArgumentException("nextpnr log: no routed result with a 'Max frequency for clock' line");
        }
        return new PnrLog(clock, fmax, goal, pass, util, pathStart < 0 ? null : path(lines, pathStart));
    }

    private static CriticalPath path(String[] lines, int start) {
        Matcher head = CLOCK_PATH.matcher(lines[start].stripTrailing());
        head.matches();
        List<String> cells = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        List<String> text = new ArrayList<>();
        double total = 0;
        double logic = 0;
        double routing = 0;
        boolean defined = false;
        for (int i = start; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            text.add(line);
            Matcher s = STEP.matcher(line);
            if (s.find()) {
                total = Double.parseDouble(s.group(2));
                if (!s.group(3).equals("Net")) {
                    String cell = rtlName(s.group(4));
                    if (cell != null && (cells.isEmpty() || !cells.get(cells.size() - 1).equals(cell))) {
                        cells.add(cell);
                    }
                }
                defined = false;
                continue;
            }
            if (line.endsWith("Defined in:")) {
                defined = true;
                continue;
            }
            Matcher d = DEFINED.matcher(line);
            if (defined && d.find()) {
                sources.add(d.group(1) + ":" + d.group(2));
                continue;
            }
            Matcher sp = SPLIT.matcher(line);
            if (sp.matches()) {
                logic = Double.parseDouble(sp.group(1));
                routing = Double.parseDouble(sp.group(2));
                break;
            }
        }
        return new CriticalPath(head.group(1), total, logic, routing, cells, new ArrayList<>(sources), text);
    }

    /**
     * The RTL name a packed cell was made from: {@code u_nms_distance.lane_sq_2_d_SB_LUT4_O_9_LC.O}
     * becomes {@code u_nms_distance.lane_sq_2_d}; cells nextpnr made itself (carry feed-ins,
     * global buffers) give null.
     */
    static String rtlName(String cellPin) {
        String cell = cellPin;
        int dot = cell.lastIndexOf('.');
        if (dot > 0) {
            cell = cell.substring(0, dot);
        }
        if (cell.startsWith("$")) {
            return null;
        }
        int cut = cell.length();
        for (String marker : new String[] {"_SB_", "_DFFLC", "_LC", "$"}) {
            int k = cell.indexOf(marker);
            if (k > 0 && k < cut) {
                cut = k;
            }
        }
        return cell.substring(0, cut);
    }
}
