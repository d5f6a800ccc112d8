package nms.cli;

import nms.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./nms}. */
@Command(name = "nms", mixinStandardHelpOptions = true, version = "nms " + nms.vectors.Version.VERSION,
        description = "Near-memory sampling toolkit: golden model, RTL emitter, verification.",
        subcommands = {ConfigCommand.class, GoldenCommand.class, RtlCommand.class, VerifyCommand.class,
                FlowCommand.class, SelectCommand.class, EvalCommand.class, SynthCommand.class, ExportCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (0 ok, 1 failure found, 2 bad input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException
                    || ex instanceof nms.data.DatasetException || ex instanceof IllegalStateException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
