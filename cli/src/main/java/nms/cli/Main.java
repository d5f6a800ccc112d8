package nms.cli;

import java.nio.file.Path;
import nms.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of {@code ./nms}. */
@Command(name = "nms", mixinStandardHelpOptions = true, version = "nms " + nms.vectors.Version.VERSION,
        description = "Near-memory sampling toolkit: golden model, RTL emitter, verification.",
        subcommands = {ConfigCommand.class, GoldenCommand.class, RtlCommand.class, VerifyCommand.class,
                FlowCommand.class, SelectCommand.class, EvalCommand.class, SynthCommand.class, ExportCommand.class,
                BenchCommand.class, TrainCommand.class, RegressCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (0 ok, 1 failure found, 2 bad input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Every path option is relative to where the user stands, not to the checkout.
        cl.registerConverter(Path.class, CliPaths::resolve);
        cl.getSubcommands().values().forEach(sub -> addForce(sub.getCommandSpec()));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (isBadInput(ex)) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        cl.setExecutionStrategy(parsed -> {
            Invocation.begin(parsed);
            try {
                // Refused before the command spends minutes on a result it may not write.
                OutputDir.checkRequested();
                return new CommandLine.RunLast().execute(parsed);
            } catch (IllegalArgumentException e) {
                cl.getErr().println("error: " + e.getMessage());
                return 2;
            } finally {
                Invocation.end();
            }
        });
        return cl.execute(args);
    }

    static boolean isBadInput(Exception ex) {
        return ex instanceof ConfigException || ex instanceof IllegalArgumentException
                || ex instanceof nms.data.DatasetException || ex instanceof IllegalStateException;
    }

    /** {@code --force} on every command that writes an output folder, for {@link OutputDir}. */
    private static void addForce(CommandSpec spec) {
        if (spec.findOption(Invocation.OUT) != null && spec.findOption(Invocation.FORCE) == null) {
            spec.addOption(OptionSpec.builder(Invocation.FORCE).type(boolean.class)
                    .description("Replace an existing --out folder that nms did not write (never the checkout,"
                            + " the working folder or a parent of either, the home folder, / or an input).")
                    .build());
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
