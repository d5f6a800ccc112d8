package nms.synth;

import java.util.Locale;
import nms.rtl.FpgaTop;

/**
 * Constraint files for the units and their wrappers. Every unit and wrapper is clocked by
 * {@code clk_i}, so one SDC and one XDC serve them all; the PCF places the wrapper's five pins.
 */
public final class Constraints {
    private Constraints() {
    }

    /** Clock period in ns for {@code mhz}, three decimals. */
    public static String period(double mhz) {
        return String.format(Locale.ROOT, "%.3f", 1000.0 / mhz);
    }

    /** A PCF placing {@link FpgaTop#PINS} on {@code device}. */
    public static String pcf(Ice40Device device, String header) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(header).append('\n');
        sb.append("# Pins of <unit>_fpga_top on the iCE40 ").append(device.label())
                .append("; clk_i on a global-buffer input.\n");
        for (int i = 0; i < FpgaTop.PINS.size(); i++) {
            sb.append("set_io ").append(FpgaTop.PINS.get(i)).append(' ').append(device.pins.get(i)).append('\n');
        }
        return sb.toString();
    }

    /** Synopsys Design Constraints: the clock on clk_i at {@code mhz}. */
    public static String sdc(double mhz, String header) {
        return "# " + header + "\n"
                + "# Clock of every nms unit and of every <unit>_fpga_top: clk_i at "
                + fmt(mhz) + " MHz.\n"
                + "create_clock -name clk_i -period " + period(mhz) + " [get_ports clk_i]\n";
    }

    /**
     * Xilinx Design Constraints: the clock at {@code mhz}; pin locations of the wrapper are left
     * as a template since they depend on the board.
     */
    public static String xdc(double mhz, String header) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(header).append('\n');
        sb.append("# Clock of every nms unit and of every <unit>_fpga_top: clk_i at ").append(fmt(mhz))
                .append(" MHz.\n");
        sb.append("create_clock -name clk_i -period ").append(period(mhz)).append(" [get_ports clk_i]\n");
        sb.append("# Pins of <unit>_fpga_top: fill in PACKAGE_PIN and IOSTANDARD for your board.\n");
        for (String pin : FpgaTop.PINS) {
            sb.append("# set_property -dict {PACKAGE_PIN <pin> IOSTANDARD LVCMOS33} [get_ports ").append(pin)
                    .append("]\n");
        }
        return sb.toString();
    }

    static String fmt(double mhz) {
        return mhz == Math.rint(mhz) ? Long.toString((long) mhz) : String.format(Locale.ROOT, "%.3f", mhz);
    }
}
