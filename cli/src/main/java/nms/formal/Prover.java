package nms.formal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nms.synth.Tools;

/**
 * Runs one {@link Proof} with yosys {@code sat}: the unit's emitted files with the checker
 * inserted before the top module's {@code endmodule}, then {@code proc; flatten; async2sync;
 * dffunmap} and either {@code sat -tempinduct} (base case from reset) or a bounded {@code sat -seq}
 * from reset. A failed proof leaves {@code <unit>_<property>_cex.vcd} in the work folder.
 */
final class Prover {
    /** How a proof ended: "proved", "bounded(N)" or "failed (...)", and its wall time. */
    record Outcome(String verdict, double seconds, Path trace) {
        boolean failed() {
            return verdict.startsWith("failed");
        }
    }

    private Prover() {
    }

    /**
     * Proves {@code p} on {@code files} (the emitted unit's filelist, children first, as name to
     * text; the last is the top), writing into {@code dir}/{@code p.id()}/ and the trace into {@code dir}.
     */
    static Outcome run(Proof p, Map<String, String> files, Path specDir, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path work = dir.resolve(p.id());
        Files.createDirectories(work);
        List<String> reads = new ArrayList<>();
        String top = p.unit() + ".sv";
        for (Map.Entry<String, String> f : p.prepare().apply(files).entrySet()) {
            String text = f.getKey().equals(top) ? withChecker(f.getValue(), p.checker()) : f.getValue();
            Files.writeString(work.resolve(f.getKey()), text, StandardCharsets.UTF_8);
            reads.add(f.getKey());
        }
        for (String s : p.specs()) {
            Path spec = specDir.resolve(s);
            if (!Files.isRegularFile(spec)) {
                throw new IllegalArgumentException("formal: spec module " + spec + " not found (formal/spec/ of the checkout)");
            }
            Files.copy(spec, work.resolve(s), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!s.endsWith(".svh")) { // an include: copied for the specs that include it, not read
                reads.add(s);
            }
        }
        Path trace = dir.resolve(p.id() + "_cex.vcd");
        String sat = p.induction()
                ? "sat -tempinduct -prove-asserts -set-assumes -seq 1 -set-at 1 rst_ni 0 -maxsteps " + p.depth()
                : "sat -seq " + p.depth() + " -prove-asserts -set-assumes -set-at 1 rst_ni 0";
        // -DSYNTHESIS: the unit's simulation assertions (immediate asserts with $fatal action
        // blocks, which yosys does not parse) stay out of the equivalence proofs; the protocol
        // proofs turn those blocks into properties first (Protocol.properties), outside the guard.
        String script = "read_verilog -sv -formal -DSYNTHESIS " + String.join(" ", reads) + "\nhierarchy -top " + p.unit()
                + "\nproc\nmemory\nflatten\nasync2sync\ndffunmap\nopt_clean\n" + sat + " -show-inputs -show-outputs -dump_vcd " + trace.toAbsolutePath() + "\n";
        Files.writeString(work.resolve("prove.ys"), script, StandardCharsets.UTF_8);
        Path log = work.resolve("yosys.log");
        long t0 = System.nanoTime();
        Process proc = new ProcessBuilder(Tools.require("yosys").toString(), "-s", "prove.ys")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = proc.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            proc.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(log, StandardCharsets.UTF_8);
        String verdict;
        if (!done) {
            verdict = "failed (timeout " + timeoutSeconds + " s)";
        } else if (p.induction() && text.contains("Induction step proven: SUCCESS")) {
            verdict = "proved";
        } else if (!p.induction() && text.contains("no model found: SUCCESS")) {
            verdict = "bounded(" + p.depth() + ")";
        } else if (text.contains("FAIL")) {
            verdict = "failed (counterexample " + trace.getFileName() + ")";
        } else if (p.induction() && p.openIsBounded() && text.contains("Reached maximum number of time steps")) {
            verdict = "bounded(" + p.depth() + ")";
        } else if (p.induction() && text.contains("Reached maximum number of time steps")) {
            verdict = "failed (induction did not close in " + p.depth() + " steps)";
        } else {
            verdict = "failed (yosys exit " + proc.exitValue() + ", see " + p.id() + "/yosys.log)";
        }
        if (!verdict.startsWith("failed (counterexample")) {
            Files.deleteIfExists(trace);
        }
        return new Outcome(verdict, seconds, Files.exists(trace) ? trace : null);
    }

    /** The top module's text with the checker before its last {@code endmodule}. */
    static String withChecker(String sv, String checker) {
        int at = sv.lastIndexOf("endmodule");
        if (at < 0) {
            throw new IllegalStateException("formal: no endmodule in the emitted unit");
        }
        return sv.substring(0, at) + checker + sv.substring(at);
    }
}
