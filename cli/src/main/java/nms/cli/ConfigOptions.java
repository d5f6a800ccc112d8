package nms.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nms.config.NmsConfig;
import picocli.CommandLine.Option;

/** {@code --config F} and {@code --set key=value}, shared by every command that reads a config. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file (key = value lines).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one field (repeatable).")
    List<String> sets = new ArrayList<>();

    public NmsConfig resolve() {
        NmsConfig base = file == null ? NmsConfig.defaults() : NmsConfig.load(file);
        return base.withAll(sets);
    }
}
