package nms.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nms.io.AtomicFiles;
import nms.io.Summary;

/**
 * A command's output folder, built in a hidden sibling {@code .NAME.partial-PID-N} and moved into
 * place only when the command succeeds, so a failed or killed run leaves nothing at the target.
 *
 * <p>A command never deletes what it did not create. The target must not exist, be empty, or
 * hold the marker {@value #MARKER} that every output folder gets; anything else is refused unless
 * the command line has {@code --force}. Never, even with {@code --force}: the checkout, the
 * working folder or any of their parents, {@code /}, the home folder or its parents, a file, or a
 * folder that is, contains or lies inside one of the command's inputs (every path option but
 * {@code --out}, see {@link Invocation#inputs()}). Refusals are {@link IllegalArgumentException}s
 * (exit status 2) that say why. Stale partial folders of the same target, left by killed runs,
 * are removed when the next run starts.
 */
public final class OutputDir implements AutoCloseable {
    /** The file that marks a folder as an nms output, which a later run may replace. */
    public static final String MARKER = ".nms-output";
    /** The help text of every command's {@code --out}. */
    public static final String OUT_HELP = "Output folder: new, empty or an earlier nms output, replaced when the"
            + " run succeeds (see --force).";

    private final Path target;
    private final boolean force;
    private final List<Invocation.Input> inputs;
    private final Path work;
    private boolean committed;

    /** The output folder of the running command; {@code --force} and the inputs come from its command line. */
    public OutputDir(Path target) throws IOException {
        this(target, Invocation.force(), Invocation.inputs());
    }

    OutputDir(Path target, boolean force, List<Invocation.Input> inputs) throws IOException {
        this.target = CliPaths.resolve(target);
        this.force = force;
        this.inputs = List.copyOf(inputs);
        check(this.target, force, this.inputs);
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        removeStalePartials(this.target);
        this.work = Files.createTempDirectory(parent, partialPrefix(this.target) + ProcessHandle.current().pid() + "-");
        AtomicFiles.setMode(work, "rwxr-xr-x");
    }

    /** Where to write while the command runs. */
    public Path path() {
        return work;
    }

    public Path target() {
        return target;
    }

    /**
     * Marks the finished output and puts it in place of the target. The old target (an earlier
     * output, checked again now) is first renamed to a partial name, so a run killed here leaves
     * either the old output, nothing, or a hidden folder the next run removes.
     */
    public void commit() throws IOException {
        check(target, force, inputs);
        AtomicFiles.writeString(work.resolve(MARKER), marker(work));
        Path old = null;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            old = target.resolveSibling(partialPrefix(target) + ProcessHandle.current().pid() + "-replaced");
            deleteTree(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (old != null) {
            deleteTree(old);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link #check} of the running command's {@code --out}, if it has one. */
    static void checkRequested() {
        picocli.CommandLine.ParseResult p = Invocation.command();
        Object out = p == null || !p.hasMatchedOption(Invocation.OUT) ? null : p.matchedOption(Invocation.OUT).getValue();
        if (out != null) {
            try {
                check(CliPaths.resolve(out.toString()), Invocation.force(), Invocation.inputs());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Refuses a target that is not safe to replace; see the class comment. */
    static void check(Path target, boolean force, List<Invocation.Input> inputs) throws IOException {
        Path real = CliPaths.real(target);
        String refused = "--out " + target + ": refused: ";
        if (real.getParent() == null) {
            throw new IllegalArgumentException(refused + "it is the root folder");
        }
        Optional<Path> checkout = CliPaths.checkout();
        if (checkout.isPresent() && CliPaths.real(checkout.get()).startsWith(real)) {
            throw new IllegalArgumentException(refused + (CliPaths.real(checkout.get()).equals(real)
                    ? "it is the nms checkout" : "it holds the nms checkout " + checkout.get())
                    + "; give a folder of its own, such as runs/NAME");
        }
        if (CliPaths.real(CliPaths.cwd()).startsWith(real)) {
            throw new IllegalArgumentException(refused + "it is the working folder or one of its parents"
                    + "; give a folder of its own, such as runs/NAME");
        }
        Path home = CliPaths.real(Path.of(System.getProperty("user.home")));
        if (home.startsWith(real)) {
            throw new IllegalArgumentException(refused + "it is the home folder or one of its parents");
        }
        for (Invocation.Input in : inputs) {
            Path input = CliPaths.real(in.path());
            if (input.startsWith(real) || real.startsWith(input)) {
                throw new IllegalArgumentException(refused + "it is also an input: " + in.option() + " "
                        + in.path() + (input.equals(real) ? "" : input.startsWith(real)
                        ? " lies inside it" : " holds it") + "; write the output elsewhere");
            }
        }
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(refused + "it is a file, not a folder; the output is a folder,"
                    + " so give a path that does not exist yet");
        }
        if (force || Files.isRegularFile(target.resolve(MARKER))) {
            return;
        }
        List<String> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(target)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(entries::add);
        }
        if (!entries.isEmpty()) {
            throw new IllegalArgumentException(refused + "the folder holds " + entries.size()
                    + (entries.size() == 1 ? " entry" : " entries") + " (" + String.join(", ",
                    entries.subList(0, Math.min(3, entries.size()))) + (entries.size() > 3 ? ", ..." : "")
                    + ") and no " + MARKER + ", so nms did not write it; give an empty or new folder, or add "
                    + Invocation.FORCE + " to replace it");
        }
    }

    /** The marker's text: which command wrote the folder and, when its summary names one, the config. */
    private static String marker(Path work) throws IOException {
        StringBuilder sb = new StringBuilder("# Written by nms: a later nms run may replace this folder.\n");
        sb.append("command: ").append(Invocation.commandName()).append('\n');
        Path summary = work.resolve("summary.csv");
        if (Files.isRegularFile(summary)) {
            String hash = Summary.read(summary).get("config_hash");
            if (hash != null) {
                sb.append("config_hash: ").append(hash).append('\n');
            }
        }
        sb.append("generator: nms ").append(nms.vectors.Version.VERSION).append('\n');
        return sb.toString();
    }

    private static String partialPrefix(Path target) {
        return "." + target.getFileName() + ".partial-";
    }

    /**
     * Deletes the partial folders of this target whose run is over: {@code .NAME.partial-PID-*}
     * of a process that no longer runs, and the {@code .NAME.partial-N} of older versions.
     */
    static void removeStalePartials(Path target) throws IOException {
        Pattern own = Pattern.compile(Pattern.quote(partialPrefix(target)) + "(?:(\\d{1,18})-[0-9a-z]+|\\d+)");
        try (Stream<Path> s = Files.list(target.getParent())) {
            for (Path p : s.toList()) {
                Matcher m = own.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && (m.group(1) == null || !running(Long.parseLong(m.group(1))))) {
                    deleteTree(p);
                }
            }
        }
    }

    private static boolean running(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
