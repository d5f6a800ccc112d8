package nms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./nms bench}: the distance-kernel benchmark of the bench module, run as its own JVM so
 * that Smile stays on the bench's classpath only. This command owns {@code --out}: the bench
 * writes into the {@link OutputDir}'s partial folder, which is moved into place only when the
 * bench succeeds, so {@code --out} is as safe here as for every other command.
 */
@Command(name = "bench", description = "Golden distance kernel vs a plain double loop vs Smile, side by side"
        + " (all other options go to the bench; --help lists them).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Also write summary.csv there. " + OutputDir.OUT_HELP)
    Path out;

    @Unmatched
    List<String> benchArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jar = CliPaths.checkout().map(c -> c.resolve("bench/target/nms-bench.jar"))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new IllegalStateException("the bench jar bench/target/nms-bench.jar is"
                        + " missing: run ./nms bench from the checkout's launcher (it builds it) or mvn package"));
        if (out == null) {
            return run(jar, benchArgs, null);
        }
        try (OutputDir dir = new OutputDir(out)) {
            List<String> args = new ArrayList<>(benchArgs);
            args.add("--out");
            args.add(dir.path().toString());
            int status = run(jar, args, dir.target());
            if (status == 0) {
                dir.commit();
                System.out.println("wrote " + dir.target().resolve("summary.csv"));
            }
            return status;
        }
    }

    private static int run(Path jar, List<String> args, Path shownOut) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g"));
        if (shownOut != null) {
            // The bench then does not announce the partial folder as where its summary is.
            command.add("-Dnms.bench.staged=true");
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(CliPaths.cwd().toFile()).inheritIO().start();
        return p.waitFor();
    }
}
