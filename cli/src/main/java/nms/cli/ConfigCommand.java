package nms.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", description = "Show the resolved configuration or print a template.")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--show", description = "Print resolved values and every derived width.")
    boolean show;

    @Option(names = "--template", description = "Print a config file documenting every field.")
    boolean template;

    @Override
    public Integer call() {
        if (template) {
            System.out.print(NmsConfig.template());
            return 0;
        }
        NmsConfig c = config.resolve();
        for (Map.Entry<String, String> e : c.describe().entrySet()) {
            System.out.printf("%-28s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }
}
