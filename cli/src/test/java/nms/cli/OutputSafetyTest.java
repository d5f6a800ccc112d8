package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: an output folder never replaces what nms did not write. Each data-loss case a user
 * met is refused with exit 2 and the reason, and every file is byte for byte intact afterwards.
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    /** Exit status and stderr of one command line. */
    record Run(int status, String err) {
    }

    static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    /** Runs with system properties set (the launcher's -D flags, or user.home), then restores them. */
    static Run runWith(Map<String, String> props, String... args) {
        Map<String, String> saved = new TreeMap<>();
        props.forEach((k, v) -> saved.put(k, System.getProperty(k)));
        props.forEach(System::setProperty);
        try {
            return run(args);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** Every file under root with its bytes, to compare before and after. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                m.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            }
        }
        return m;
    }

    /** A copy of a checkout as far as nms can tell: sources, a launcher, sim-scripts. */
    Path checkoutCopy() throws Exception {
        Path co = dir.resolve("checkout");
        Files.createDirectories(co.resolve("sim-scripts"));
        Files.createDirectories(co.resolve("cli/src/main/java/nms/cli"));
        Files.writeString(co.resolve("sim-scripts/verify.sh"), "#!/bin/bash\n");
        Files.writeString(co.resolve("README.md"), "# nms\n");
        Files.writeString(co.resolve("cli/src/main/java/nms/cli/Main.java"), "class Main {}\n");
        return co;
    }

    @Test
    void outDotInsideACheckoutIsRefusedEvenWithForceAndTheCheckoutStays() throws Exception {
        Path co = checkoutCopy();
        Map<String, String> before = snapshot(co);
        for (String[] extra : List.of(new String[0], new String[] {"--force"})) {
            Run r = runWith(Map.of("nms.cwd", co.toString(), "nms.home", co.toString()),
                    Stream.concat(Stream.of("rtl", "--out", "."), Stream.of(extra)).toArray(String[]::new));
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("it is the nms checkout"), r.err());
        }
        // Standing in a subfolder of the checkout, its parent is refused as well.
        Path sub = co.resolve("cli");
        Run r = runWith(Map.of("nms.cwd", sub.toString()), "rtl", "--out", "..", "--force");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("working folder or one of its parents"), r.err());
        assertEquals(before, snapshot(co));
    }

    @Test
    void everyPathIsTakenFromTheUsersFolder() throws Exception {
        Path user = Files.createDirectories(dir.resolve("user"));
        Files.writeString(user.resolve("data.csv"), "0,1,2\n0,2,3\n1,3,1\n1,0,0\n");
        Files.writeString(user.resolve("small.conf"), "dims = 2\nlanes = 1\nperplexity = 1\n");
        Run r = runWith(Map.of("nms.cwd", user.toString()), "golden", "--dataset", "csv:data.csv",
                "--config", "small.conf", "--per-class", "0", "--vectors-per-unit", "10", "--out", "runs/g");
        assertEquals(0, r.status(), r.err());
        assertEquals("4", GoldenCommandTest.summary(user.resolve("runs/g")).get("images"));
    }

    @Test
    void aFolderWithAUsersFileIsRefusedUnlessForced() throws Exception {
        Path notes = dir.resolve("notes");
        Files.createDirectories(notes);
        Files.writeString(notes.resolve("ideas.txt"), "mine\n");
        Run r = run("rtl", "--set", "dims=16", "--out", notes.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("holds 1 entry (ideas.txt) and no .nms-output") && r.err().contains("--force"),
                r.err());
        assertEquals("mine\n", Files.readString(notes.resolve("ideas.txt")));

        assertEquals(0, run("rtl", "--set", "dims=16", "--out", notes.toString(), "--force").status());
        assertFalse(Files.exists(notes.resolve("ideas.txt")), "--force replaces the folder");
        String marker = Files.readString(notes.resolve(OutputDir.MARKER));
        assertTrue(marker.contains("command: nms rtl\n")
                && marker.contains("config_hash: " + NmsConfig.defaults().with("dims", "16").hash() + "\n"), marker);
        // Once nms wrote it, a plain rerun may replace it.
        assertEquals(0, run("rtl", "--set", "dims=16", "--out", notes.toString()).status());
    }

    @Test
    void benchOutOnAUsersFolderIsRefusedBeforeTheBenchRuns() throws Exception {
        // ./nms bench used to hand --out to the bench jar, which wrote summary.csv into any folder.
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("summary.csv"), "metric,value\nmine,1\n");
        Map<String, String> before = snapshot(results);
        Run r = run("bench", "--images", "10", "--out", results.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("holds 1 entry (summary.csv) and no .nms-output"), r.err());
        assertEquals(before, snapshot(results));
    }

    @Test
    void benchWithoutItsJarSaysHowToBuildIt() throws Exception {
        Path co = checkoutCopy();
        Run r = runWith(Map.of("nms.home", co.toString()), "bench", "--out", dir.resolve("b").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("bench/target/nms-bench.jar is missing"), r.err());
        assertFalse(Files.exists(dir.resolve("b")));
    }

    @Test
    void anEmptyFolderIsUsed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, run("rtl", "--set", "dims=16", "--out", empty.toString()).status());
        assertTrue(Files.isRegularFile(empty.resolve("nms_config.h")));
    }

    @Test
    void aFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("results.txt");
        Files.writeString(file, "keep\n");
        for (String force : List.of("--set=seed=1", "--force")) {
            Run r = run("rtl", "--out", file.toString(), force);
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("it is a file, not a folder"), r.err());
        }
        assertEquals("keep\n", Files.readString(file));
    }

    @Test
    void anInputIsNeverTheOutputNorInsideIt() throws Exception {
        Path csv = dir.resolve("X.csv");
        Files.writeString(csv, "0,1,2\n0,2,3\n1,3,1\n1,0,0\n");
        String data = "csv:" + csv;
        Run same = run("golden", "--dataset", data, "--set", "dims=2", "--set", "lanes=1", "--force",
                "--out", csv.toString());
        assertEquals(2, same.status(), same.err());
        assertTrue(same.err().contains("it is also an input: --dataset " + csv), same.err());

        Run holds = run("golden", "--dataset", data, "--set", "dims=2", "--set", "lanes=1", "--force",
                "--out", dir.toString());
        assertEquals(2, holds.status(), holds.err());
        assertTrue(holds.err().contains("lies inside it"), holds.err());

        Path conf = dir.resolve("my.conf");
        Files.writeString(conf, "dims = 16\n");
        Run config = run("rtl", "--config", conf.toString(), "--force", "--out", dir.toString());
        assertEquals(2, config.status(), config.err());
        assertTrue(config.err().contains("--config " + conf), config.err());

        // The output inside an input folder would be written into what the command reads.
        Files.createDirectories(dir.resolve("rtl"));
        Run inside = run("verify", "--rtl", dir.resolve("rtl").toString(), "--vectors", dir.toString(),
                "--out", dir.resolve("rtl/verify").toString());
        assertEquals(2, inside.status(), inside.err());
        assertTrue(inside.err().contains("holds it"), inside.err());
        assertEquals("0,1,2\n0,2,3\n1,3,1\n1,0,0\n", Files.readString(csv));
        assertEquals("dims = 16\n", Files.readString(conf));
    }

    @Test
    void homeAndRootAreNeverTheOutput() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/user"));
        Files.writeString(home.resolve(".bashrc"), "x\n");
        for (Path out : List.of(home, home.getParent(), Path.of("/"))) {
            Run r = runWith(Map.of("user.home", home.toString()), "rtl", "--force", "--out", out.toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("home folder") || r.err().contains("root folder"), r.err());
        }
        assertEquals("x\n", Files.readString(home.resolve(".bashrc")));
    }

    @Test
    void stalePartialsOfThisOutputAreRemovedAndOnlyThose() throws Exception {
        Path out = dir.resolve("out");
        // A run killed with SIGKILL (its pid is gone; 999999999 is above any pid_max), one of an older
        // version (no pid), and look-alikes that are not this output's partials.
        List<String> stale = List.of(".out.partial-999999999-123", ".out.partial-4242");
        List<String> kept = List.of(".other.partial-999999999-1", ".out.partial-notes", ".outx.partial-1",
                ".out.partial-" + ProcessHandle.current().pid() + "-7");
        for (String name : Stream.concat(stale.stream(), kept.stream()).toList()) {
            Files.createDirectories(dir.resolve(name));
            Files.writeString(dir.resolve(name).resolve("f"), "x");
        }
        assertEquals(0, run("rtl", "--set", "dims=16", "--out", out.toString()).status());
        for (String name : stale) {
            assertFalse(Files.exists(dir.resolve(name)), name);
        }
        for (String name : kept) {
            assertTrue(Files.exists(dir.resolve(name).resolve("f")), name);
        }
    }

    @Test
    void anUnfinishedRunLeavesNothingAtTheTargetAndCommitReplacesOnlyAtTheEnd() throws Exception {
        Path out = dir.resolve("run");
        try (OutputDir d = new OutputDir(out, false, List.of())) {
            Files.writeString(d.path().resolve("summary.csv"), "metric,value\n");
            assertFalse(Files.exists(out), "nothing at the target while the run is going");
            assertTrue(d.path().getFileName().toString().startsWith(".run.partial-" + ProcessHandle.current().pid() + "-"));
        }
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "the partial folder is removed");
        }

        try (OutputDir d = new OutputDir(out, false, List.of())) {
            Files.writeString(d.path().resolve("a.txt"), "first");
            d.commit();
        }
        try (OutputDir d = new OutputDir(out, false, List.of())) {
            Files.writeString(d.path().resolve("b.txt"), "second");
            assertEquals("first", Files.readString(out.resolve("a.txt")), "the old output stays until commit");
            d.commit();
        }
        assertEquals(List.of(".nms-output", "b.txt"), RtlCommandTest.names(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList());
        }
        assertThrows(IllegalArgumentException.class, () -> new OutputDir(dir.resolve("run/b.txt"), true, List.of()));
    }
}
