package nms.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line being run, as {@link OutputDir} needs it: whether {@code --force} was given,
 * and every path the command reads. It is read from the parsed options themselves, so a new
 * command with a new input option is covered without registering anything.
 */
final class Invocation {
    private static final ThreadLocal<ParseResult> CURRENT = new ThreadLocal<>();

    /** The option every output folder is named by. */
    static final String OUT = "--out";
    static final String FORCE = "--force";

    private Invocation() {
    }

    static void begin(ParseResult parsed) {
        CURRENT.set(parsed);
    }

    static void end() {
        CURRENT.remove();
    }

    /** The command that runs (the deepest subcommand), or null outside {@link Main#run}. */
    static ParseResult command() {
        ParseResult p = CURRENT.get();
        while (p != null && p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p;
    }

    static String commandName() {
        ParseResult p = command();
        return p == null ? "(api)" : p.commandSpec().qualifiedName(" ");
    }

    static boolean force() {
        ParseResult p = command();
        return p != null && p.hasMatchedOption(FORCE) && Boolean.TRUE.equals(p.matchedOptionValue(FORCE, false));
    }

    /** An input path and the option that named it. */
    record Input(String option, Path path) {
    }

    /**
     * Every path given to an option or parameter other than {@code --out}: {@code Path} values,
     * and text values that name an existing file or folder where the option says it takes one
     * ({@code csv:F}, {@code idx:DIR}, or a label with FILE, DIR or PATH, such as {@code --matrix lint|FILE}).
     */
    static List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        ParseResult p = command();
        if (p == null) {
            return inputs;
        }
        List<ArgSpec> args = new ArrayList<>(p.matchedOptions());
        args.addAll(p.matchedPositionals());
        for (ArgSpec a : args) {
            String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
            if (name.equals(OUT)) {
                continue;
            }
            Object v = a.getValue();
            for (Object item : v instanceof Collection<?> c ? c : List.of(v == null ? "" : v)) {
                Path path = asPath(item, a.paramLabel());
                if (path != null) {
                    inputs.add(new Input(name, path));
                }
            }
        }
        return inputs;
    }

    private static Path asPath(Object value, String label) {
        if (value instanceof Path p) {
            return CliPaths.resolve(p);
        }
        if (value instanceof String s && !s.isBlank()
                && (DatasetOptions.localPath(s) != null || label.matches("(?i).*(FILE|DIR|PATH).*"))) {
            String text = DatasetOptions.localPath(s) != null ? DatasetOptions.localPath(s) : s;
            try {
                Path p = CliPaths.resolve(text);
                return Files.exists(p) ? p : null;
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }
        return null;
    }
}
