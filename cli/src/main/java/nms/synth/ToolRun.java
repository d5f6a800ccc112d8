package nms.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One run of an external tool: stdout and stderr interleaved into a log file, a wall-clock
 * limit, and an optional watcher that reads each line and may ask for the run to be stopped
 * (nextpnr's router can loop for ever on some placements).
 */
final class ToolRun {
    /** How a run ended: exit status, or why it was stopped. */
    record Result(int status, String stopped, double seconds) {
        boolean ok() {
            return status == 0 && stopped == null;
        }

        String describe() {
            return stopped != null ? stopped : "exit status " + status;
        }
    }

    /** Runs still going; a shutdown hook stops them so an interrupted command leaves no tool behind. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private ToolRun() {
    }

    /**
     * Runs {@code command} in {@code dir}, logging to {@code log}. {@code watcher} sees every
     * output line and returns a reason to stop the run, or null to let it go on.
     */
    static Result run(List<String> command, Path dir, Path log, int timeoutSeconds,
            Function<String, String> watcher) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, Tools.require(cmd.get(0)).toString());
        Files.createDirectories(log.toAbsolutePath().getParent());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        LIVE.add(p);
        p.getOutputStream().close();
        String[] stop = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)); Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    w.write(line);
                    w.write('\n');
                    if (watcher != null && stop[0] == null) {
                        String reason = watcher.apply(line);
                        if (reason != null) {
                            synchronized (stop) {
                                stop[0] = reason;
                            }
                            p.destroyForcibly();
                        }
                    }
                }
            } catch (IOException e) {
                p.destroyForcibly();
            }
        }, "log " + log.getFileName());
        reader.setDaemon(true);
        reader.start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            synchronized (stop) {
                if (stop[0] == null) {
                    stop[0] = "stopped after the " + timeoutSeconds + " s time limit";
                }
            }
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join();
        LIVE.remove(p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        synchronized (stop) {
            return new Result(p.exitValue(), stop[0], seconds);
        }
    }
}
