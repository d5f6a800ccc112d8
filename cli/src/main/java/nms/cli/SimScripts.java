package nms.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds and runs the bash scripts in {@code sim-scripts/}, streaming their output as progress. */
final class SimScripts {
    private SimScripts() {
    }

    /** The repository root: {@code -Dnms.home} (set by ./nms), else the nearest parent with sim-scripts/. */
    static Path home() {
        return CliPaths.checkout().orElseThrow(() -> new IllegalArgumentException("cannot find sim-scripts/: run "
                + "through ./nms or from the repository, or set -Dnms.home=<repository root>"));
    }

    /** Runs {@code sim-scripts/<script> args...}; its output goes to this process's stderr. */
    static int run(String script, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(home().resolve("sim-scripts").resolve(script).toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // The script's output is progress, so it goes to stderr; stdout stays for results.
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.err.println(line);
            }
        }
        return p.waitFor();
    }
}
