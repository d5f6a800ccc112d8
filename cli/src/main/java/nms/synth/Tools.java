package nms.synth;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The EDA tools the simulation and synthesis flows run. A missing one stops the command with the Debian
 * install line that provides it: synthesis results are what the command is for, so it never
 * quietly skips a step.
 */
public final class Tools {
    /** Command to Debian package. */
    static final Map<String, String> PACKAGES = Map.of(
            "verilator", "verilator",
            "iverilog", "iverilog",
            "yosys", "yosys",
            "nextpnr-ice40", "nextpnr-ice40",
            "icepack", "fpga-icestorm",
            "icetime", "fpga-icestorm");

    /** Overrides PATH for the tool look-up (tests use it to prove the missing-tool message). */
    public static final String PATH_PROPERTY = "nms.tools.path";

    private Tools() {
    }

    /** The executable for {@code tool}, or an {@link IllegalArgumentException} with the install line. */
    public static Path require(String tool) {
        String path = System.getProperty(PATH_PROPERTY, System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        throw new IllegalArgumentException(tool + " not found on PATH; install it with: "
                + installLine(tool));
    }

    static String installLine(String tool) {
        return "sudo apt-get install -y " + PACKAGES.getOrDefault(tool, tool);
    }
}
