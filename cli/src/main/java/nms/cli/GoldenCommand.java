package nms.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.report.GoldenReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "golden", description = "Run the bit-accurate golden model, write vectors and the fidelity report.")
final class GoldenCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    DatasetOptions data;

    @Option(names = "--vectors-per-unit", defaultValue = "5000",
            description = "Cap on transactions per unit's vector file (default: ${DEFAULT-VALUE}).")
    int vectorsPerUnit;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        NmsConfig c = config.resolve();
        Images images = data.load(c);
        try (OutputDir dir = new OutputDir(out)) {
            GoldenReport.run(c, images, data.spec(c).describe(), vectorsPerUnit,
                    dir.path().resolve("vectors"), dir.path(), System.err);
            dir.commit();
        }
        System.err.println("golden: wrote " + out);
        return 0;
    }
}
