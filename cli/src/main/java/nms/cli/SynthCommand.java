package nms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import nms.config.ConfigField;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.report.Traffic;
import nms.rtl.LintConfigs;
import nms.synth.ExportBundle;
import nms.synth.Ice40Device;
import nms.synth.SweepReport;
import nms.synth.SynthFlow;
import nms.synth.SynthReport;
import nms.synth.Target;
import nms.synth.Tools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synth", description = "Synthesise the units of the configuration with Yosys (iCE40, Xilinx "
        + "7-series, generic "
        + "gates) and place and route each unit's <unit>_fpga_top wrapper on iCE40 with "
        + "nextpnr-ice40: a per-unit area table, Fmax and critical path, in DIR/report.md, "
        + "DIR/summary.csv, area.csv, timing.csv and raw logs. --sweep KEY=V1,V2,... or --matrix "
        + "lint|FILE synthesise several configurations and tabulate them.")
final class SynthCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    DatasetOptions data;

    @Mixin
    TrafficOptions traffic;

    @Option(names = "--traffic-from", paramLabel = "FLOWDIR",
            description = "Take the measured nms_engine byte counts from a finished 'nms flow' of the same "
                    + "configuration instead of simulating the engine again.")
    Path trafficFrom;

    @Option(names = "--no-traffic", description = "Skip the traffic and DDR energy measurement.")
    boolean noTraffic;

    @Option(names = "--units", split = ",", paramLabel = "UNIT",
            description = "Only these units, comma separated, or 'roots' = the units no other unit "
                    + "instantiates, which cover every module once (default: every unit).")
    List<String> units;

    @Option(names = "--target", defaultValue = "ice40", paramLabel = "LIST",
            description = "ice40, xilinx, generic, a comma list of them, or all (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Option(names = "--freq", defaultValue = "100", paramLabel = "MHZ",
            description = "Clock goal of place and route and of the constraints (default: ${DEFAULT-VALUE}).")
    double freq;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "PART",
            description = "iCE40 part: hx8k, up5k, or auto = the first that fits, in that order (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--no-pnr", description = "Skip iCE40 place and route (area only).")
    boolean noPnr;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", paramLabel = "N",
            description = "nextpnr seeds, tried in order until one meets --freq; the best is reported (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...",
            description = "Synthesise one configuration per value of one field (e.g. lanes=1,2,4,8,16,32) and "
                    + "write scaling.md / scaling.csv.")
    String sweep;

    @Option(names = "--matrix", paramLabel = "lint|FILE",
            description = "Synthesise a list of configurations: 'lint' = the emitter's lint sweep, or a file with "
                    + "one comma-separated --set list per line ('-' = the base configuration).")
    String matrix;

    @Option(names = "--jobs", paramLabel = "N", description = "Tool runs at a time (default: the number of CPUs).")
    Integer jobs;

    @Option(names = "--yosys-timeout", defaultValue = "3600", paramLabel = "S",
            description = "Time limit of one Yosys run in seconds (default: ${DEFAULT-VALUE}).")
    int yosysTimeout;

    @Option(names = "--pnr-timeout", defaultValue = "1200", paramLabel = "S",
            description = "Time limit of one nextpnr run in seconds (default: ${DEFAULT-VALUE}).")
    int pnrTimeout;

    @Option(names = "--keep-netlists", description = "Keep the synthesised JSON netlists of the wrappers.")
    boolean keepNetlists;

    @Option(names = "--bundle", description = "Also write the export bundle (as ./nms export) to DIR/bundle.")
    boolean bundle;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (sweep != null && matrix != null) {
            throw new IllegalArgumentException("--sweep and --matrix are alternatives; give one");
        }
        if (!(freq > 0)) {
            throw new IllegalArgumentException("--freq must be > 0 MHz");
        }
        if (noTraffic && trafficFrom != null) {
            throw new IllegalArgumentException("--no-traffic and --traffic-from are alternatives; give one");
        }
        traffic.validate();
        List<Target> targets = Target.parseList(target);
        boolean pnr = !noPnr && targets.contains(Target.ICE40);
        Tools.require("yosys");
        if (pnr) {
            Tools.require("nextpnr-ice40");
        }
        if (!noTraffic && trafficFrom == null) {
            Tools.require("verilator");
        }
        SynthFlow.Options opts = new SynthFlow.Options(targets, units, freq, Ice40Device.parse(device), pnr,
                List.copyOf(seeds), yosysTimeout, pnrTimeout, keepNetlists);
        NmsConfig base = config.resolve();
        List<Point> points = points(base);
        String commandLine = commandLine();
        int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        SynthFlow.Progress progress = new SynthFlow.Progress(System.err);
        int failures = 0;
        try (OutputDir dir = new OutputDir(out)) {
            Path root = dir.path();
            // Traffic first: a few seconds of simulation, and a broken engine stops the run early.
            Traffic.Result measured = measureTraffic(base, root);
            List<SynthFlow.Result> results = new ArrayList<>();
            List<CompletableFuture<SynthFlow.Result>> running = new ArrayList<>();
            List<SynthFlow> flows = new ArrayList<>();
            for (Point p : points) {
                Path pdir = points.size() == 1 && sweep == null && matrix == null ? root
                        : root.resolve("points").resolve(p.folder);
                SynthFlow flow = new SynthFlow(p.config, p.label, opts, pdir, pool, progress);
                progress.expect(flow.tasks());
                progress.note(String.format(Locale.ROOT, "%sconfig %s: %s on %s%s", p.label.isEmpty() ? ""
                        : "[" + p.label + "] ", p.config.hash(), String.join(" ", flow.units()),
                        String.join(" ", keys(targets)), pnr ? " + iCE40 place and route" : ""));
                flows.add(flow);
            }
            for (SynthFlow flow : flows) {
                running.add(flow.start());
            }
            for (int i = 0; i < points.size(); i++) {
                SynthFlow.Result r = running.get(i).join();
                results.add(r);
                Path pdir = points.size() == 1 && sweep == null && matrix == null ? root
                        : root.resolve("points").resolve(points.get(i).folder);
                SynthReport.write(r, pdir, commandLine, pdir == root ? measured : null);
                failures += r.failures();
            }
            if (sweep != null) {
                SweepReport.writeSweep(results, sweepKey(), root, commandLine, measured);
            } else if (matrix != null) {
                SweepReport.writeMatrix(results, root, commandLine, measured);
            }
            if (bundle) {
                Path b = root.resolve("bundle");
                Files.createDirectories(b);
                ExportBundle.writeTo(base, freq, b);
            }
            dir.commit();
        } finally {
            pool.shutdownNow();
        }
        System.err.printf(Locale.ROOT, "synth: %d configuration(s), %d failure(s), %.0f s; report in %s%n",
                points.size(), failures, (System.nanoTime() - t0) / 1e9, out.resolve(
                        sweep != null ? "scaling.md" : matrix != null ? "matrix.md" : "report.md"));
        return failures == 0 ? 0 : 1;
    }

    /** The traffic model for the base configuration, measured or read from a flow; null if off. */
    private Traffic.Result measureTraffic(NmsConfig base, Path root) throws Exception {
        if (noTraffic) {
            return null;
        }
        if (trafficFrom != null) {
            return traffic.fromFlow(base, trafficFrom);
        }
        Images images = data.load(base);
        System.err.printf(Locale.ROOT, "synth: traffic: nms_engine in Verilator on %d images (%s)%n",
                images.rows(), data.spec(base).describe());
        return traffic.measure(base, images, data.spec(base).describe(), root.resolve("traffic"));
    }

    private static List<String> keys(List<Target> targets) {
        List<String> k = new ArrayList<>();
        targets.forEach(t -> k.add(t.key));
        return k;
    }

    /** One configuration to synthesise: its label in progress and tables, and its folder. */
    record Point(NmsConfig config, String label, String folder, String sets) {
    }

    String sweepKey() {
        int eq = sweep.indexOf('=');
        if (eq <= 0 || eq == sweep.length() - 1) {
            throw new IllegalArgumentException("--sweep: expected KEY=V1,V2,..., got '" + sweep + "'");
        }
        return ConfigField.byKey(sweep.substring(0, eq).trim(), "--sweep").key;
    }

    List<Point> points(NmsConfig base) throws IOException {
        List<Point> points = new ArrayList<>();
        if (sweep != null) {
            String key = sweepKey();
            for (String v : sweep.substring(sweep.indexOf('=') + 1).split(",")) {
                String value = v.trim();
                NmsConfig c = base.with(key, value);
                points.add(new Point(c, key + "=" + value, key + "_" + value.replaceAll("[^A-Za-z0-9.]", "_"),
                        key + "=" + value));
            }
            return points;
        }
        if (matrix != null) {
            List<String> lines;
            if (matrix.equals("lint")) {
                lines = LintConfigs.SETS;
            } else {
                lines = new ArrayList<>();
                for (String line : Files.readAllLines(CliPaths.resolve(matrix))) {
                    String t = line.contains("#") ? line.substring(0, line.indexOf('#')).trim() : line.trim();
                    if (!t.isEmpty()) {
                        lines.add(t.equals("-") ? "" : t);
                    }
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                String sets = lines.get(i);
                NmsConfig c = sets.isEmpty() ? base : base.withAll(Arrays.asList(sets.split(",")));
                String label = String.format(Locale.ROOT, "%02d", i + 1);
                points.add(new Point(c, label, label + "_" + c.hash(), sets.isEmpty() ? "(base)" : sets));
            }
            if (points.isEmpty()) {
                throw new IllegalArgumentException("--matrix " + matrix + ": no configuration listed");
            }
            return points;
        }
        points.add(new Point(base, "", "", ""));
        return points;
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("./nms synth");
        if (config.file != null) {
            sb.append(" --config ").append(config.file);
        }
        config.sets.forEach(s -> sb.append(" --set ").append(s));
        if (units != null) {
            sb.append(" --units ").append(String.join(",", units));
        }
        sb.append(" --target ").append(target);
        if (sweep != null) {
            sb.append(" --sweep ").append(sweep);
        }
        if (matrix != null) {
            sb.append(" --matrix ").append(matrix);
        }
        if (noPnr) {
            sb.append(" --no-pnr");
        }
        sb.append(" --freq ").append(trim(freq));
        if (!device.equals("auto")) {
            sb.append(" --device ").append(device);
        }
        sb.append(" --out ").append(out);
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
