package nms.synth;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.config.NmsConfig;
import nms.rtl.FpgaTop;
import nms.rtl.RtlEmitter;

/**
 * Synthesis of one configuration: emits the RTL with every unit's {@link FpgaTop} wrapper into
 * {@code dir/rtl}, runs Yosys per selected unit and target (area, out of context: the unit alone
 * as top), and for iCE40 synthesises each unit's wrapper and places and routes it with
 * nextpnr-ice40 on the first part that takes it (Fmax and critical path). Raw logs go to
 * {@code dir/logs}.
 */
public final class SynthFlow {
    /** What to run. */
    public record Options(List<Target> targets, List<String> units, double freqMhz, List<Ice40Device> devices,
            boolean pnr, List<Long> seeds, int yosysTimeout, int pnrTimeout, boolean keepNetlists) {
    }

    /** One Yosys area run: the classified cells, or the error. */
    public record UnitArea(String unit, Target target, Area area, String error, List<String> warnings,
            double seconds, Path log) {
        public boolean ok() {
            return area != null;
        }
    }

    /** One unit's place and route: the routed result, or why no part took it. */
    public record Timing(String unit, Ice40Device device, long seed, PnrLog pnr, Area wrapperArea,
            List<String> attempts, boolean error, Path log) {
        public boolean placed() {
            return pnr != null;
        }
    }

    /** Everything measured for one configuration. */
    public record Result(NmsConfig config, String label, List<String> units, List<String> tops,
            Options options, Map<String, Map<Target, UnitArea>> areas, Map<String, Timing> timing,
            double seconds) {
        public UnitArea area(String unit, Target t) {
            return areas.get(unit).get(t);
        }

        public int failures() {
            int n = 0;
            for (Map<Target, UnitArea> m : areas.values()) {
                for (UnitArea a : m.values()) {
                    n += a.ok() ? 0 : 1;
                }
            }
            for (Timing t : timing.values()) {
                n += t.error() ? 1 : 0;
            }
            return n;
        }
    }

    /** Progress lines on stderr, numbered across everything one command runs. */
    public static final class Progress {
        private final PrintStream out;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger total = new AtomicInteger();

        public Progress(PrintStream out) {
            this.out = out;
        }

        public void expect(int n) {
            total.addAndGet(n);
        }

        void step(String line) {
            int k = done.incrementAndGet();
            synchronized (out) {
                out.printf("synth [%d/%d] %s%n", k, total.get(), line);
                out.flush();
            }
        }

        public void note(String line) {
            synchronized (out) {
                out.println("synth: " + line);
                out.flush();
            }
        }
    }

    private final NmsConfig config;
    private final String label;
    private final Options options;
    private final Path dir;
    private final Executor pool;
    private final Progress progress;
    private final RtlEmitter.Emitted emitted;
    private final List<String> units;

    /**
     * @param label how progress lines name this configuration (empty for a single run)
     */
    public SynthFlow(NmsConfig config, String label, Options options, Path dir, Executor pool, Progress progress) {
        this.config = config;
        this.label = label;
        this.options = options;
        this.dir = dir;
        this.pool = pool;
        this.progress = progress;
        this.emitted = RtlEmitter.emitWithFpgaTops(config);
        this.units = selectUnits(emitted, options.units());
    }

    /** The selected units in emission order; every name must be a unit. */
    static List<String> selectUnits(RtlEmitter.Emitted emitted, List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return emitted.units();
        }
        if (wanted.equals(List.of("roots"))) {
            return emitted.roots(); // the units no other instantiates: every module, each once
        }
        for (String u : wanted) {
            if (!emitted.units().contains(u)) {
                throw new IllegalArgumentException("--units: no unit '" + u + "' (units: "
                        + String.join(", ", emitted.units()) + ")");
            }
        }
        List<String> out = new ArrayList<>();
        for (String u : emitted.units()) {
            if (wanted.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** Selected units no other selected unit instantiates: their sum counts every module once. */
    static List<String> tops(RtlEmitter.Emitted emitted, List<String> units) {
        List<String> tops = new ArrayList<>();
        for (String u : units) {
            boolean inside = false;
            for (String other : units) {
                if (!other.equals(u) && emitted.filelist(other).contains(u + ".sv")) {
                    inside = true;
                }
            }
            if (!inside) {
                tops.add(u);
            }
        }
        return tops;
    }

    public List<String> units() {
        return units;
    }

    /** The tool runs {@link #start} will report: one per unit and target, one place and route per unit. */
    public int tasks() {
        boolean pnr = options.pnr() && options.targets().contains(Target.ICE40);
        return units.size() * options.targets().size() + (pnr ? units.size() : 0);
    }


    /** Starts every run on the pool; the future completes when all have finished. */
    public CompletableFuture<Result> start() {
        long t0 = System.nanoTime();
        Path rtl = dir.resolve("rtl");
        try {
            emitted.writeTo(rtl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean pnr = options.pnr() && options.targets().contains(Target.ICE40);
        Map<String, Map<Target, CompletableFuture<UnitArea>>> areaRuns = new LinkedHashMap<>();
        Map<String, CompletableFuture<Timing>> timingRuns = new LinkedHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String u : units) {
            Map<Target, CompletableFuture<UnitArea>> m = new LinkedHashMap<>();
            for (Target t : options.targets()) {
                CompletableFuture<UnitArea> f = CompletableFuture.supplyAsync(() -> area(u, t), pool);
                m.put(t, f);
                all.add(f);
            }
            areaRuns.put(u, m);
            if (pnr) {
                CompletableFuture<Timing> f = m.get(Target.ICE40)
                        .thenApplyAsync(core -> placeAndRoute(u, core), pool);
                timingRuns.put(u, f);
                all.add(f);
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<String, Map<Target, UnitArea>> areas = new LinkedHashMap<>();
            areaRuns.forEach((u, m) -> {
                Map<Target, UnitArea> r = new LinkedHashMap<>();
                m.forEach((t, f) -> r.put(t, f.join()));
                areas.put(u, r);
            });
            Map<String, Timing> timing = new LinkedHashMap<>();
            timingRuns.forEach((u, f) -> timing.put(u, f.join()));
            return new Result(config, label, units, tops(emitted, units), options, areas, timing,
                    (System.nanoTime() - t0) / 1e9);
        });
    }

    private String prefix() {
        return label.isEmpty() ? "" : "[" + label + "] ";
    }

    // ---- Yosys ------------------------------------------------------------------------------

    private record YosysRun(Area area, String error, List<String> warnings, double seconds) {
    }

    /** Runs Yosys on {@code top}'s filelist; writes the log and the stat text beside each other. */
    private YosysRun yosys(String top, Target t, boolean dsp, Path log, Path stat, Path netlist) {
        try {
            String script = "read_verilog -sv " + String.join(" ", emitted.filelist(top)) + "; "
                    + t.synth(top, dsp) + (netlist == null ? "" : " -json " + netlist.toAbsolutePath())
                    + "; tee -q -o " + stat.toAbsolutePath() + " stat";
            ToolRun.Result r = ToolRun.run(List.of("yosys", "-p", script), dir.resolve("rtl"), log,
                    options.yosysTimeout(), null);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            List<String> warnings = warnings(text);
            if (!r.ok() || !Files.isRegularFile(stat)) {
                return new YosysRun(null, "yosys failed (" + r.describe() + "): " + firstError(text) + "; see "
                        + dir.relativize(log), warnings, r.seconds());
            }
            YosysStat s = YosysStat.parse(Files.readString(stat, StandardCharsets.UTF_8));
            return new YosysRun(Area.of(t, s.total(top)), null, warnings, r.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<String> warnings(String log) {
        List<String> w = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.startsWith("Warning:") && !w.contains(line)) {
                w.add(line);
            }
        }
        return w;
    }

    /** Whether nextpnr stopped because the part is full, which another seed will not change. */
    static boolean capacityError(String log) {
        for (String line : log.split("\n")) {
            if (line.startsWith("ERROR:") && (line.contains("no BELs remaining") || line.contains("Unable to place")
                    || line.contains("but device") || line.contains("too many") || line.contains("Failed to place")
                    || line.contains("Failed to expand region"))) {
                return true;
            }
        }
        return false;
    }

    static String firstError(String log) {
        for (String line : log.split("\n")) {
            if (line.startsWith("ERROR:") || line.startsWith("ERROR ")) {
                return line;
            }
        }
        return "no ERROR line in the log";
    }

    private UnitArea area(String unit, Target t) {
        Path logs = dir.resolve("logs").resolve(t.key);
        Path log = logs.resolve(unit + ".yosys.log");
        YosysRun r = yosys(unit, t, false, log, logs.resolve(unit + ".stat.txt"), null);
        if (r.area() == null) {
            progress.step(prefix() + t.key + " " + unit + ": FAILED, " + r.error());
        } else {
            Area a = r.area();
            progress.step(String.format(Locale.ROOT, "%s%s %s: %d %s, %d FF, %d BRAM, %d DSP (%.1f s)", prefix(),
                    t.key, unit, a.luts(), t.lutLabel(), a.ffs(), a.brams(), a.dsps(), r.seconds()));
        }
        return new UnitArea(unit, t, r.area(), r.error(), r.warnings(), r.seconds(), log);
    }

    // ---- nextpnr ----------------------------------------------------------------------------

    private static final Pattern ROUTING_ARCS = Pattern.compile("^Info: Routing (\\d+) arcs\\.");
    private static final Pattern ROUTER_LINE = Pattern.compile("^Info:\\s+(\\d+) \\|[^|]*\\|[^|]*\\|\\s*(\\d+)\\|");

    /** Progress lines of router1 (one per 1000 iterations) without a new lowest remaining-arc count. */
    static final int STALL_LINES = 100;

    /**
     * Stops nextpnr's router1 when it loops: on some placements it rips up the same arcs for ever
     * (every iteration a rip-up, the remaining-arc count frozen). A healthy run lowers its lowest
     * remaining count at least once every {@link #STALL_LINES} progress lines (100,000
     * iterations) and needs at most a few hundred iterations per arc.
     */
    static java.util.function.Function<String, String> routerWatch() {
        long[] arcs = {-1};
        long[] best = {Long.MAX_VALUE};
        int[] since = {0};
        return line -> {
            Matcher a = ROUTING_ARCS.matcher(line);
            if (a.find()) {
                arcs[0] = Long.parseLong(a.group(1));
                best[0] = Long.MAX_VALUE;
                since[0] = 0;
                return null;
            }
            if (arcs[0] < 0) {
                return null;
            }
            Matcher it = ROUTER_LINE.matcher(line);
            if (!it.find()) {
                return null;
            }
            long iter = Long.parseLong(it.group(1));
            long remaining = Long.parseLong(it.group(2));
            if (remaining < best[0]) {
                best[0] = remaining;
                since[0] = 0;
            } else if (++since[0] >= STALL_LINES) {
                return "router stalled (" + remaining + " of " + arcs[0] + " arcs left, no progress in the last "
                        + since[0] + "000 iterations)";
            }
            if (iter > Math.max(1_000_000, 300 * arcs[0])) {
                return "router stalled (" + iter + " iterations for " + arcs[0] + " arcs)";
            }
            return null;
        };
    }

    private Timing placeAndRoute(String unit, UnitArea core) {
        String top = FpgaTop.name(unit);
        Path logs = dir.resolve("logs").resolve("ice40-pnr");
        List<String> attempts = new ArrayList<>();
        boolean error = false;
        try {
            Files.createDirectories(logs);
            for (Ice40Device d : options.devices()) {
                if (!d.dsp && core.ok() && d.misfit(core.area()) != null) {
                    attempts.add(d.label() + ": the unit alone does not fit: " + d.misfit(core.area()));
                    continue;
                }
                String base = top + "." + d.label();
                Path netlist = logs.resolve(base + ".json");
                YosysRun w = yosys(top, Target.ICE40, d.dsp, logs.resolve(base + ".yosys.log"),
                        logs.resolve(base + ".stat.txt"), netlist);
                if (w.area() == null) {
                    attempts.add(d.label() + ": " + w.error());
                    error = true;
                    continue;
                }
                String misfit = d.misfit(w.area());
                if (misfit != null) {
                    attempts.add(d.label() + ": does not fit: " + misfit);
                    Files.deleteIfExists(netlist);
                    continue;
                }
                Path pcf = logs.resolve(base + ".pcf");
                Files.writeString(pcf, Constraints.pcf(d, "generated by nms synth for " + top));
                PnrLog best = null;
                boolean full = false;
                long bestSeed = 0;
                Path bestLog = null;
                for (long seed : options.seeds()) {
                    Path log = logs.resolve(base + ".seed" + seed + ".nextpnr.log");
                    List<String> cmd = new ArrayList<>(List.of("nextpnr-ice40"));
                    cmd.addAll(d.nextpnrOptions());
                    cmd.addAll(List.of("--json", netlist.toAbsolutePath().toString(),
                            "--pcf", pcf.toAbsolutePath().toString(),
                            "--freq", Constraints.fmt(options.freqMhz()),
                            "--seed", Long.toString(seed), "--timing-allow-fail",
                            "--report", logs.resolve(base + ".seed" + seed + ".report.json").toAbsolutePath().toString()));
                    ToolRun.Result r = ToolRun.run(cmd, logs, log, options.pnrTimeout(), routerWatch());
                    String text = Files.readString(log, StandardCharsets.UTF_8);
                    if (!r.ok()) {
                        String why = r.stopped() != null ? r.stopped() : firstError(text);
                        if (r.stopped() == null && capacityError(text)) {
                            attempts.add(d.label() + ": does not fit: nextpnr " + why);
                            full = true;
                            break; // a full part: other seeds will not help
                        }
                        attempts.add(d.label() + " seed " + seed + ": " + why);
                        continue;
                    }
                    PnrLog p = PnrLog.parse(text);
                    attempts.add(String.format(Locale.ROOT, "%s seed %d: %.2f MHz", d.label(), seed, p.fmaxMhz));
                    if (best == null || p.fmaxMhz > best.fmaxMhz) {
                        best = p;
                        bestSeed = seed;
                        bestLog = log;
                    }
                    if (p.fmaxMhz >= options.freqMhz()) {
                        break;
                    }
                }
                if (!options.keepNetlists()) {
                    Files.deleteIfExists(netlist);
                }
                if (best != null) {
                    PnrLog.CriticalPath cp = best.criticalPath;
                    progress.step(String.format(Locale.ROOT, "%sice40 P&R %s on %s: %.2f MHz (goal %s MHz, %s)%s",
                            prefix(), unit, d.label(), best.fmaxMhz, Constraints.fmt(options.freqMhz()),
                            best.fmaxMhz >= options.freqMhz() ? "met" : "missed",
                            cp == null ? "" : String.format(Locale.ROOT, ", critical %.2f ns %s -> %s",
                                    cp.totalNs(), cp.startpoint(), cp.endpoint())));
                    return new Timing(unit, d, bestSeed, best, w.area(), attempts, false, bestLog);
                }
                error |= !full; // a part the design fits, yet no seed routed
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        progress.step(prefix() + "ice40 P&R " + unit + ": not placed (" + String.join("; ", attempts) + ")");
        return new Timing(unit, null, 0, null, null, attempts, error, null);
    }
}
