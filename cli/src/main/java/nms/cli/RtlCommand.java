package nms.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nms.config.NmsConfig;
import nms.rtl.RtlEmitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rtl", description = "Emit the Verilog of every unit for the configuration: one .sv"
        + " per module, a filelist <unit>.f and a datasheet <unit>.md per unit (ports, timing, reset,"
        + " handshake, framing, out-of-range inputs), nms_config.h and summary.csv.")
final class RtlCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Option(names = "--fpga-tops", description = "Also emit <unit>_fpga_top, each unit's FPGA"
            + " synthesis/timing wrapper (five pins, scan-chain I/O), with a filelist each.")
    boolean fpgaTops;

    @Override
    public Integer call() throws Exception {
        NmsConfig c = config.resolve();
        // Built and checked in memory first; the folder appears only when every file is written.
        RtlEmitter.Emitted emitted = fpgaTops ? RtlEmitter.emitWithFpgaTops(c) : RtlEmitter.emit(c);
        try (OutputDir dir = new OutputDir(out)) {
            emitted.writeTo(dir.path());
            dir.commit();
        }
        System.err.println("rtl: wrote " + emitted.units().size() + " units ("
                + emitted.summary().get("modules") + " modules, " + emitted.summary().get("lines")
                + " lines, config " + c.hash() + ") to " + out);
        return 0;
    }
}
