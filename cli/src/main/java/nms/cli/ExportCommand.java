package nms.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.synth.ExportBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", description = "Write the FPGA hand-off bundle of the configuration: RTL with filelists and each unit's "
        + "<unit>_fpga_top wrapper, SDC/XDC/PCF constraint templates, a FuseSoC CAPI2 core file, the "
        + "config file, a manifest (config hash, generator version, SHA256SUMS) and a README. Same "
        + "config, same bytes.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--freq", defaultValue = "100", paramLabel = "MHZ",
            description = "Clock of the constraint files (default: ${DEFAULT-VALUE}).")
    double freq;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!(freq > 0)) {
            throw new IllegalArgumentException("--freq must be > 0 MHz");
        }
        NmsConfig c = config.resolve();
        Map<String, String> files;
        try (OutputDir dir = new OutputDir(out)) {
            files = ExportBundle.writeTo(c, freq, dir.path());
            dir.commit();
        }
        System.err.println("export: wrote " + files.size() + " files (config " + c.hash() + ", core "
                + ExportBundle.coreName(c) + ") to " + out);
        return 0;
    }
}
