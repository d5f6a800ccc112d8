package nms.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nms.io.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "regress", description = "The regression over the configurations of "
        + "sim-scripts/regress-configs.txt (sim-scripts/regress.sh): per configuration its RTL and "
        + "real-image vectors, every unit in Verilator clean and stressed; --long drives at least "
        + "10^6 transactions with assertions live and Icarus on a sample. Per run, per unit and in "
        + "total: transactions, mismatches, assertion failures, seconds (regress.csv, "
        + "regress-units.csv, summary.csv).")
final class RegressCommand implements Callable<Integer> {
    @Option(names = "--configs", paramLabel = "FILE",
            description = "Configuration list, one 'NAME: key=value ...' per line (default: sim-scripts/regress-configs.txt).")
    Path configs;

    @Option(names = "--long", description = "The million-transaction mode (regress.sh --help: vector scaling, --assert, Icarus).")
    boolean longMode;

    @Option(names = "--icarus", description = "Also replay a sample in Icarus (always on with --long).")
    boolean icarus;

    @Option(names = "--units", description = "Only these units, space separated.")
    String units;

    @Option(names = "--stress", defaultValue = "0.2",
            description = "Bubble and back-pressure probability of the stressed run; 0 skips it (default: ${DEFAULT-VALUE}).")
    String stress;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the stressed run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        nms.synth.Tools.require("verilator");
        if (icarus || longMode) {
            nms.synth.Tools.require("iverilog");
        }
        Path list = configs != null ? CliPaths.resolve(configs)
                : SimScripts.home().resolve("sim-scripts/regress-configs.txt");
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException(list + ": no such configuration list");
        }
        Summary s;
        int status;
        try (OutputDir dir = new OutputDir(out)) {
            List<String> args = new ArrayList<>(List.of(list.toString(), dir.path().toString(),
                    "--stress", stress, "--seed", Long.toString(seed)));
            if (longMode) {
                args.add("--long");
            }
            if (icarus) {
                args.add("--icarus");
            }
            if (units != null) {
                args.add("--units");
                args.add(units);
            }
            status = SimScripts.run("regress.sh", args);
            Path table = dir.path().resolve("summary.csv");
            if (!Files.isRegularFile(table)) {
                throw new IllegalStateException("regress.sh exited " + status + " without writing " + table);
            }
            s = Summary.read(table);
            // A failed regression is a finished result: keep it, with its logs and waveforms.
            dir.commit();
        }
        System.out.print(s.toCsv());
        return status == 0 ? 0 : 1;
    }
}
