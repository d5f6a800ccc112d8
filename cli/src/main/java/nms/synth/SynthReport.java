package nms.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nms.io.AtomicFiles;
import nms.io.Summary;
import nms.report.Traffic;
import nms.rtl.FpgaTop;

/** The files of one configuration's synthesis: summary.csv, report.md, area.csv, timing.csv. */
public final class SynthReport {
    private SynthReport() {
    }

    /** Writes the files; {@code traffic}, when not null, adds its rows and report section. */
    public static void write(SynthFlow.Result r, Path dir, String commandLine, Traffic.Result traffic)
            throws IOException {
        Summary s = summary(r);
        String md = markdown(r, commandLine);
        if (traffic != null) {
            s.putAll(Traffic.summary(traffic));
            md += "\n" + Traffic.markdown(traffic);
        }
        s.write(dir);
        AtomicFiles.writeString(dir.resolve("area.csv"), areaCsv(r));
        if (!r.timing().isEmpty()) {
            AtomicFiles.writeString(dir.resolve("timing.csv"), timingCsv(r));
        }
        AtomicFiles.writeString(dir.resolve("report.md"), md);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Sum of one area field over the tops, or -1 when a top's run failed. */
    static long total(SynthFlow.Result r, Target t, java.util.function.ToLongFunction<Area> field) {
        long sum = 0;
        for (String top : r.tops()) {
            SynthFlow.UnitArea a = r.area(top, t);
            if (!a.ok()) {
                return -1;
            }
            sum += field.applyAsLong(a.area());
        }
        return sum;
    }

    static String value(long v) {
        return v < 0 ? "failed" : Long.toString(v);
    }

    /** The slowest placed unit's Fmax (the clock a design of these units together could run at), or NaN. */
    public static double fmax(SynthFlow.Result r) {
        double min = Double.NaN;
        for (SynthFlow.Timing t : r.timing().values()) {
            if (t.placed() && (Double.isNaN(min) || t.pnr().fmaxMhz < min)) {
                min = t.pnr().fmaxMhz;
            }
        }
        return min;
    }

    public static Summary summary(SynthFlow.Result r) {
        Summary s = new Summary();
        s.put("config_hash", r.config().hash());
        s.put("units", r.units().size());
        s.put("tops", String.join(" ", r.tops()));
        List<String> keys = new ArrayList<>();
        r.options().targets().forEach(t -> keys.add(t.key));
        s.put("targets", String.join(" ", keys));
        Target primary = r.options().targets().get(0);
        putArea(s, r, primary, "");
        for (Target t : r.options().targets()) {
            putArea(s, r, t, t.key + "_");
        }
        if (!r.timing().isEmpty()) {
            double f = fmax(r);
            s.put("fmax_mhz", Double.isNaN(f) ? "n/a" : num(f));
            s.put("freq_goal_mhz", Constraints.fmt(r.options().freqMhz()));
            int placed = 0;
            boolean met = true;
            for (SynthFlow.Timing t : r.timing().values()) {
                placed += t.placed() ? 1 : 0;
                met &= t.placed() && t.pnr().fmaxMhz >= r.options().freqMhz();
            }
            s.put("placed_units", placed);
            s.put("meets_goal", met ? "yes" : "no");
            for (SynthFlow.Timing t : r.timing().values()) {
                s.put("fmax_mhz_" + t.unit(), t.placed() ? num(t.pnr().fmaxMhz) : "n/a");
                s.put("device_" + t.unit(), t.placed() ? t.device().label() : "none");
                if (t.placed() && t.pnr().criticalPath != null) {
                    s.put("critical_ns_" + t.unit(), num(t.pnr().criticalPath.totalNs()));
                }
            }
        }
        s.put("synth_failures", r.failures());
        s.put("seconds", num(r.seconds()));
        return s;
    }

    private static void putArea(Summary s, SynthFlow.Result r, Target t, String prefix) {
        s.put(prefix + "luts", value(total(r, t, Area::luts)));
        s.put(prefix + "ffs", value(total(r, t, Area::ffs)));
        s.put(prefix + "brams", value(total(r, t, Area::brams)));
        s.put(prefix + "dsps", value(total(r, t, Area::dsps)));
        for (String u : r.units()) {
            SynthFlow.UnitArea a = r.area(u, t);
            s.put(prefix + "luts_" + u, a.ok() ? Long.toString(a.area().luts()) : "failed");
            s.put(prefix + "ffs_" + u, a.ok() ? Long.toString(a.area().ffs()) : "failed");
            s.put(prefix + "brams_" + u, a.ok() ? Long.toString(a.area().brams()) : "failed");
            s.put(prefix + "dsps_" + u, a.ok() ? Long.toString(a.area().dsps()) : "failed");
        }
    }

    static String areaCsv(SynthFlow.Result r) {
        StringBuilder sb = new StringBuilder("unit,target,luts,ffs,brams,dsps,carries,cells,warnings,seconds,status\n");
        for (String u : r.units()) {
            for (Target t : r.options().targets()) {
                SynthFlow.UnitArea a = r.area(u, t);
                sb.append(u).append(',').append(t.key).append(',');
                if (a.ok()) {
                    Area x = a.area();
                    sb.append(x.luts()).append(',').append(x.ffs()).append(',').append(x.brams()).append(',')
                            .append(x.dsps()).append(',').append(x.carries()).append(',').append(x.cells());
                } else {
                    sb.append(",,,,,");
                }
                sb.append(',').append(a.warnings().size()).append(',').append(num(a.seconds())).append(',')
                        .append(a.ok() ? "ok" : "failed").append('\n');
            }
        }
        return sb.toString();
    }

    /** Where the critical path runs, so a reader knows whether the Fmax is the unit's own. */
    public static String pathClass(PnrLog.CriticalPath cp) {
        if (cp == null || cp.cells().isEmpty()) {
            return "unknown";
        }
        boolean startInUnit = cp.startpoint().startsWith("u_");
        boolean endInUnit = cp.endpoint().startsWith("u_");
        if (startInUnit && endInUnit) {
            return "unit core";
        }
        if (!startInUnit && endInUnit && cp.startpoint().startsWith("in_chain")) {
            return "unit input logic (from in_chain)";
        }
        if (startInUnit && !endInUnit && cp.endpoint().startsWith("out_chain")) {
            return "unit output logic (to out_chain)";
        }
        return "wrapper";
    }

    static String timingCsv(SynthFlow.Result r) {
        StringBuilder sb = new StringBuilder("unit,device,seed,fmax_mhz,goal_mhz,meets_goal,logic_cells,"
                + "logic_cells_available,brams,dsps,critical_ns,logic_ns,routing_ns,startpoint,endpoint,path,attempts\n");
        for (SynthFlow.Timing t : r.timing().values()) {
            sb.append(t.unit()).append(',');
            if (t.placed()) {
                PnrLog p = t.pnr();
                PnrLog.CriticalPath cp = p.criticalPath;
                PnrLog.Use lc = p.utilisation.get("ICESTORM_LC");
                sb.append(t.device().label()).append(',').append(t.seed()).append(',').append(num(p.fmaxMhz))
                        .append(',').append(Constraints.fmt(r.options().freqMhz())).append(',')
                        .append(p.fmaxMhz >= r.options().freqMhz() ? "yes" : "no").append(',')
                        .append(lc == null ? "" : lc.used()).append(',').append(lc == null ? "" : lc.available())
                        .append(',').append(used(p, "ICESTORM_RAM")).append(',').append(used(p, "ICESTORM_DSP"))
                        .append(',');
                if (cp != null) {
                    sb.append(num(cp.totalNs())).append(',').append(num(cp.logicNs())).append(',')
                            .append(num(cp.routingNs())).append(',').append(cp.startpoint()).append(',')
                            .append(cp.endpoint()).append(',').append(pathClass(cp));
                } else {
                    sb.append(",,,,,");
                }
            } else {
                sb.append("none,,,,no,,,,,,,,,,");
            }
            sb.append(',').append(csv(String.join("; ", t.attempts()))).append('\n');
        }
        return sb.toString();
    }

    private static String used(PnrLog p, String resource) {
        PnrLog.Use u = p.utilisation.get(resource);
        return u == null ? "0" : Long.toString(u.used());
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String markdown(SynthFlow.Result r, String commandLine) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Synthesis report, config ").append(r.config().hash()).append("\n\n");
        sb.append("Command: `").append(commandLine).append("`\n\n");
        sb.append("Configuration: pixel_width ").append(r.config().pixelWidth()).append(", dims ")
                .append(r.config().dims()).append(", lanes ").append(r.config().lanes()).append(", metric ")
                .append(r.config().metric().name().toLowerCase(Locale.ROOT)).append(", adder_levels_per_stage ")
                .append(r.config().adderLevelsPerStage()).append(" (`./nms config --show` lists every field).\n\n");
        sb.append("Area is each unit synthesised alone as the top (out of context, flattened, so a unit's count ")
                .append("includes the units it instantiates); totals add up the tops (")
                .append(String.join(", ", r.tops())).append("), which together hold every selected module once.\n\n");
        for (Target t : r.options().targets()) {
            sb.append("## Area: ").append(t.key).append(" (`").append(t.synth("<unit>", false)).append("`)\n\n");
            sb.append("| unit | ").append(t.lutLabel()).append(" | FFs | BRAMs | DSPs | carry | cells | warnings | time |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String u : r.units()) {
                SynthFlow.UnitArea a = r.area(u, t);
                sb.append("| `").append(u).append("` | ");
                if (a.ok()) {
                    Area x = a.area();
                    sb.append(x.luts()).append(" | ").append(x.ffs()).append(" | ").append(x.brams()).append(" | ")
                            .append(x.dsps()).append(" | ").append(x.carries()).append(" | ").append(x.cells());
                } else {
                    sb.append("failed | | | | |");
                }
                sb.append(" | ").append(a.warnings().size()).append(" | ").append(num(a.seconds())).append(" s |\n");
            }
            sb.append("| **total (tops)** | ").append(value(total(r, t, Area::luts))).append(" | ")
                    .append(value(total(r, t, Area::ffs))).append(" | ").append(value(total(r, t, Area::brams)))
                    .append(" | ").append(value(total(r, t, Area::dsps))).append(" | ")
                    .append(value(total(r, t, Area::carries))).append(" | ").append(value(total(r, t, Area::cells)))
                    .append(" | | |\n\n");
            for (String u : r.units()) {
                SynthFlow.UnitArea a = r.area(u, t);
                if (!a.ok()) {
                    sb.append("- `").append(u).append("`: ").append(a.error()).append('\n');
                }
            }
            sb.append(cellTypes(r, t));
        }
        if (!r.timing().isEmpty()) {
            timing(sb, r);
        }
        sb.append("## Files\n\n");
        sb.append("- `rtl/`: the Verilog synthesised (units, `<unit>_fpga_top` wrappers, a filelist `<top>.f` each)\n");
        sb.append("- `area.csv`, `timing.csv`, `summary.csv`: the numbers above\n");
        sb.append("- `logs/<target>/<unit>.yosys.log` and `.stat.txt`: Yosys's log and `stat` output per unit\n");
        if (!r.timing().isEmpty()) {
            sb.append("- `logs/ice40-pnr/`: per wrapper and part the Yosys log and stat, the PCF, and per seed the ")
                    .append("nextpnr log and its JSON report\n");
        }
        return sb.toString();
    }

    private static String cellTypes(SynthFlow.Result r, Target t) {
        StringBuilder sb = new StringBuilder();
        sb.append("<details><summary>cell types per unit</summary>\n\n");
        for (String u : r.units()) {
            SynthFlow.UnitArea a = r.area(u, t);
            if (a.ok()) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, Long> e : a.area().byType().entrySet()) {
                    parts.add("`" + e.getKey() + "` " + e.getValue());
                }
                if (a.area().memoryBits() > 0) {
                    parts.add("memory bits " + a.area().memoryBits());
                }
                sb.append("- `").append(u).append("`: ").append(String.join(", ", parts)).append('\n');
            }
        }
        sb.append("\n</details>\n\n");
        return sb.toString();
    }

    private static void timing(StringBuilder sb, SynthFlow.Result r) {
        sb.append("## iCE40 place and route (nextpnr-ice40, goal ").append(Constraints.fmt(r.options().freqMhz()))
                .append(" MHz)\n\n");
        sb.append("Each unit is placed and routed inside its wrapper `<unit>_fpga_top` (five pins: `clk_i`, `rst_ni`, ")
                .append("`shift_i`, `scan_i`, `scan_o`; the unit's inputs come from a scan chain of flip-flops, its ")
                .append("outputs are captured into one). The wrapper adds only flop-to-flop paths through at most one ")
                .append("multiplexer, so the Fmax is the unit core's whenever the critical path is not classed ")
                .append("`wrapper` below; a path from `in_chain` or to `out_chain` is the unit's own input or output ")
                .append("logic, which a surrounding design's registers would see the same way. Logic-cell counts ")
                .append("include the wrapper's flip-flops. Parts are tried in the order ")
                .append(devices(r)).append("; seeds ").append(r.options().seeds())
                .append(" until one meets the goal (the best one is reported).\n\n");
        sb.append("| unit | part | seed | Fmax (MHz) | goal met | logic cells | BRAMs | DSPs | critical path (ns) | ")
                .append("logic / routing (ns) | path |\n");
        sb.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (SynthFlow.Timing t : r.timing().values()) {
            sb.append("| `").append(t.unit()).append("` | ");
            if (t.placed()) {
                PnrLog p = t.pnr();
                PnrLog.CriticalPath cp = p.criticalPath;
                PnrLog.Use lc = p.utilisation.get("ICESTORM_LC");
                sb.append(t.device().label()).append(" | ").append(t.seed()).append(" | ").append(num(p.fmaxMhz))
                        .append(" | ").append(p.fmaxMhz >= r.options().freqMhz() ? "yes" : "**no**").append(" | ")
                        .append(lc == null ? "" : lc.used() + " / " + lc.available()).append(" | ")
                        .append(used(p, "ICESTORM_RAM")).append(" | ").append(used(p, "ICESTORM_DSP")).append(" | ");
                if (cp != null) {
                    sb.append(num(cp.totalNs())).append(" | ").append(num(cp.logicNs())).append(" / ")
                            .append(num(cp.routingNs())).append(" | ").append(pathClass(cp)).append(" |\n");
                } else {
                    sb.append(" | | |\n");
                }
            } else {
                sb.append("not placed | | | | | | | | | ").append(cell(String.join("; ", t.attempts()))).append(" |\n");
            }
        }
        sb.append('\n');
        for (SynthFlow.Timing t : r.timing().values()) {
            if (!t.placed() || t.pnr().criticalPath == null) {
                continue;
            }
            PnrLog.CriticalPath cp = t.pnr().criticalPath;
            sb.append("### Critical path of `").append(t.unit()).append("` (").append(t.device().label())
                    .append(", ").append(num(cp.totalNs())).append(" ns)\n\n");
            sb.append("From `").append(cp.startpoint()).append("` to `").append(cp.endpoint()).append("` (")
                    .append(pathClass(cp)).append("), through:\n\n");
            sb.append("`").append(cp.summary()).append("`\n\n");
            if (!cp.sourceLines().isEmpty()) {
                sb.append("RTL lines of its nets: ");
                List<String> src = new ArrayList<>();
                cp.sourceLines().forEach(x -> src.add("`" + x + "`"));
                sb.append(String.join(", ", src)).append("\n\n");
            }
            sb.append("Attempts: ").append(String.join("; ", t.attempts())).append(". Log: `")
                    .append("logs/ice40-pnr/").append(t.log().getFileName()).append("`\n\n");
            sb.append("<details><summary>nextpnr critical path report</summary>\n\n```\n");
            for (String line : cp.text()) {
                if (!line.contains("Defined in:") && !line.matches("^Info:\\s+\\S+\\.(v|sv):.*")) {
                    sb.append(line).append('\n');
                }
            }
            sb.append("```\n\n</details>\n\n");
        }
        sb.append("Wrapper registers: ").append(String.join(", ", FpgaTop.WRAPPER_REGISTERS)).append(".\n\n");
    }

    /** Text safe inside a Markdown table cell. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String devices(SynthFlow.Result r) {
        List<String> d = new ArrayList<>();
        r.options().devices().forEach(x -> d.add(x.label() + (x.dsp ? " (synth_ice40 -dsp)" : "")));
        return String.join(", ", d);
    }
}
