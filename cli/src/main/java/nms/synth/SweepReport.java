package nms.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nms.io.AtomicFiles;
import nms.io.Summary;
import nms.report.Traffic;

/** Tables over several configurations: a one-field sweep (scaling) or a list (matrix). */
public final class SweepReport {
    private SweepReport() {
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String value(SynthFlow.Result r, Target t, java.util.function.ToLongFunction<Area> f) {
        return SynthReport.value(SynthReport.total(r, t, f));
    }

    /** The swept value of a point labelled {@code key=value}. */
    private static String swept(SynthFlow.Result r) {
        return r.label().substring(r.label().indexOf('=') + 1);
    }

    public static void writeSweep(List<SynthFlow.Result> results, String key, Path dir, String commandLine,
                                  Traffic.Result traffic)
            throws IOException {
        SynthFlow.Result first = results.get(0);
        List<Target> targets = first.options().targets();
        boolean timing = !first.timing().isEmpty();
        Target primary = targets.get(0);
        long base = SynthReport.total(first, primary, Area::luts);

        StringBuilder csv = new StringBuilder(key);
        for (Target t : targets) {
            csv.append(',').append(t.key).append("_luts,").append(t.key).append("_ffs,").append(t.key)
                    .append("_brams,").append(t.key).append("_dsps,").append(t.key).append("_carries");
        }
        if (timing) {
            csv.append(",device,fmax_mhz,critical_ns,critical_path");
        }
        csv.append(",config_hash\n");

        StringBuilder md = new StringBuilder();
        md.append("# Scaling over ").append(key).append(": ").append(String.join(", ", first.units()))
                .append("\n\n");
        md.append("Command: `").append(commandLine).append("`\n\n");
        md.append("Area per target (Yosys, each unit alone as top, totals over ")
                .append(String.join(", ", first.tops())).append(")");
        if (timing) {
            md.append("; Fmax from nextpnr-ice40 on the unit's `<unit>_fpga_top` wrapper, goal ")
                    .append(Constraints.fmt(first.options().freqMhz())).append(" MHz (the slowest unit's when ")
                    .append("several are selected)");
        }
        md.append(". Each point's full report is in `points/").append(key).append("_<value>/report.md`.\n\n");
        md.append("| ").append(key);
        StringBuilder rule = new StringBuilder("|---:");
        for (Target t : targets) {
            md.append(" | ").append(t.key).append(' ').append(t.lutLabel()).append(" | ").append(t.key)
                    .append(" FFs | ").append(t.key).append(" BRAMs | ").append(t.key).append(" DSPs");
            rule.append("|---:|---:|---:|---:");
        }
        md.append(" | ").append(primary.key).append(' ').append(primary.lutLabel()).append(" vs first");
        rule.append("|---:");
        if (timing) {
            md.append(" | part | Fmax (MHz) | critical path (ns) | path");
            rule.append("|---|---:|---:|---");
        }
        md.append(" |\n").append(rule).append("|\n");

        Summary s = new Summary();
        s.put("sweep", key);
        s.put("points", results.size());
        int failures = 0;
        for (SynthFlow.Result r : results) {
            String v = swept(r);
            String suffix = "_" + key + "_" + v;
            csv.append(v);
            md.append("| ").append(v);
            for (Target t : targets) {
                String luts = value(r, t, Area::luts);
                csv.append(',').append(luts).append(',').append(value(r, t, Area::ffs)).append(',')
                        .append(value(r, t, Area::brams)).append(',').append(value(r, t, Area::dsps)).append(',')
                        .append(value(r, t, Area::carries));
                md.append(" | ").append(luts).append(" | ").append(value(r, t, Area::ffs)).append(" | ")
                        .append(value(r, t, Area::brams)).append(" | ").append(value(r, t, Area::dsps));
                if (t == primary) {
                    s.put("luts" + suffix, luts);
                    s.put("ffs" + suffix, value(r, t, Area::ffs));
                    s.put("brams" + suffix, value(r, t, Area::brams));
                    s.put("dsps" + suffix, value(r, t, Area::dsps));
                }
                s.put(t.key + "_luts" + suffix, luts);
                s.put(t.key + "_ffs" + suffix, value(r, t, Area::ffs));
            }
            long l = SynthReport.total(r, primary, Area::luts);
            md.append(" | ").append(base > 0 && l >= 0 ? String.format(Locale.ROOT, "x%.2f", (double) l / base) : "");
            if (timing) {
                double f = SynthReport.fmax(r);
                SynthFlow.Timing slow = slowest(r);
                PnrLog.CriticalPath cp = slow == null ? null : slow.pnr().criticalPath;
                String part = slow == null ? "none" : slow.device().label();
                csv.append(',').append(part).append(',').append(Double.isNaN(f) ? "n/a" : num(f)).append(',')
                        .append(cp == null ? "" : num(cp.totalNs())).append(',')
                        .append(cp == null ? "" : SynthReport.csv(cp.startpoint() + " -> " + cp.endpoint()));
                md.append(" | ").append(part).append(" | ").append(Double.isNaN(f) ? "n/a" : num(f)).append(" | ")
                        .append(cp == null ? "" : num(cp.totalNs())).append(" | ")
                        .append(cp == null ? "" : "`" + cp.startpoint() + "` -> `" + cp.endpoint() + "`");
                s.put("fmax_mhz" + suffix, Double.isNaN(f) ? "n/a" : num(f));
                s.put("device" + suffix, part);
            }
            csv.append(',').append(r.config().hash()).append('\n');
            md.append(" |\n");
            failures += r.failures();
        }
        s.put("synth_failures", failures);
        md.append('\n');
        AtomicFiles.writeString(dir.resolve("scaling.csv"), csv.toString());
        addTraffic(s, md, traffic);
        AtomicFiles.writeString(dir.resolve("scaling.md"), md.toString());
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
        s.write(dir);
    }

    private static SynthFlow.Timing slowest(SynthFlow.Result r) {
        SynthFlow.Timing slow = null;
        for (SynthFlow.Timing t : r.timing().values()) {
            if (t.placed() && (slow == null || t.pnr().fmaxMhz < slow.pnr().fmaxMhz)) {
                slow = t;
            }
        }
        return slow;
    }

    public static void writeMatrix(List<SynthFlow.Result> results, Path dir, String commandLine,
                                   Traffic.Result traffic) throws IOException {
        SynthFlow.Result first = results.get(0);
        List<Target> targets = first.options().targets();
        StringBuilder csv = new StringBuilder("config,config_hash,unit,target,luts,ffs,brams,dsps,carries,cells,"
                + "warnings,seconds,status\n");
        StringBuilder md = new StringBuilder();
        md.append("# Synthesis matrix: ").append(results.size()).append(" configurations\n\n");
        md.append("Command: `").append(commandLine).append("`\n\n");
        md.append("Totals over the tops of each configuration (every module once); per unit and target in ")
                .append("`matrix.csv`, per configuration in `points/<n>_<hash>/report.md`.\n\n");
        md.append("| # | config | hash");
        StringBuilder rule = new StringBuilder("|---:|---|---");
        for (Target t : targets) {
            md.append(" | ").append(t.key).append(' ').append(t.lutLabel()).append(" / FFs / BRAMs / DSPs");
            rule.append("|---:");
        }
        md.append(" | failed runs | done after (s) |\n").append(rule).append("|---:|---:|\n");
        int runs = 0;
        int failures = 0;
        Summary s = new Summary();
        s.put("configs", results.size());
        for (SynthFlow.Result r : results) {
            for (String u : r.units()) {
                for (Target t : targets) {
                    SynthFlow.UnitArea a = r.area(u, t);
                    runs++;
                    csv.append(r.label()).append(',').append(r.config().hash()).append(',').append(u).append(',')
                            .append(t.key).append(',');
                    if (a.ok()) {
                        Area x = a.area();
                        csv.append(x.luts()).append(',').append(x.ffs()).append(',').append(x.brams()).append(',')
                                .append(x.dsps()).append(',').append(x.carries()).append(',').append(x.cells());
                    } else {
                        csv.append(",,,,,");
                    }
                    csv.append(',').append(a.warnings().size()).append(',').append(num(a.seconds())).append(',')
                            .append(a.ok() ? "ok" : "failed").append('\n');
                }
            }
            md.append("| ").append(r.label()).append(" | ").append(setsOf(r)).append(" | `").append(r.config().hash())
                    .append('`');
            for (Target t : targets) {
                md.append(" | ").append(value(r, t, Area::luts)).append(" / ").append(value(r, t, Area::ffs))
                        .append(" / ").append(value(r, t, Area::brams)).append(" / ").append(value(r, t, Area::dsps));
            }
            md.append(" | ").append(r.failures()).append(" | ").append(String.format(Locale.ROOT, "%.0f", r.seconds()))
                    .append(" |\n");
            failures += r.failures();
            s.put("failures_config_" + r.label(), r.failures());
        }
        s.put("synth_runs", runs);
        s.put("synth_failures", failures);
        md.append("\n").append(runs).append(" Yosys runs, ").append(failures).append(" failed.\n");
        AtomicFiles.writeString(dir.resolve("matrix.csv"), csv.toString());
        addTraffic(s, md, traffic);
        AtomicFiles.writeString(dir.resolve("matrix.md"), md.toString());
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
        s.write(dir);
    }

    /** The fields that differ from the defaults, as a --set list. */
    private static String setsOf(SynthFlow.Result r) {
        java.util.Map<String, String> defaults = nms.config.NmsConfig.defaults().describe();
        java.util.List<String> diff = new java.util.ArrayList<>();
        for (nms.config.ConfigField f : nms.config.ConfigField.values()) {
            String v = r.config().raw(f);
            if (!v.equals(defaults.get(f.key))) {
                diff.add(f.key + "=" + v);
            }
        }
        return diff.isEmpty() ? "defaults" : "`" + String.join(",", diff) + "`";
    }

    /** The base configuration's traffic rows and section, when measured. */
    private static void addTraffic(Summary s, StringBuilder md, Traffic.Result traffic) {
        if (traffic != null) {
            s.putAll(Traffic.summary(traffic));
            md.append('\n').append(Traffic.markdown(traffic))
                    .append("\nThe traffic figures are the base configuration's (")
                    .append(traffic.in().classSizes().length).append(" classes measured once).\n");
        }
    }
}
