/**
 * A small, width-checked builder for the synthesizable SystemVerilog the NMS units are emitted
 * as: just what the distance, affinity and perplexity units and the top level need, not a
 * general HDL.
 *
 * <p>The rules it enforces, and why:
 *
 * <ul>
 *   <li>Every expression has a width fixed in Java; assignments, comparisons, bitwise operands,
 *       mux branches, case labels and port connections must match exactly, else a {@link
 *       nms.rtl.hdl.WidthException} names the signal, both widths and the generator line. Width
 *       changes are spelled out ({@code zext}, {@code trunc}, {@code slice}, {@code resize});
 *       {@code add}/{@code sub}/{@code mul} are exact, {@code addWrap}/{@code subWrap}/{@code
 *       shlWrap} say that they drop bits. So the emitted code never relies on Verilog's silent
 *       context extension and lints clean under {@code verilator -Wall}.
 *   <li>lowRISC style: lower_snake_case, {@code _i/_o} ports, {@code clk_i}/{@code rst_ni},
 *       {@code _q/_d} registers, {@code logic}, sized literals, one module per file.
 *   <li>No latches by construction: comb blocks assign defaults first and branches may only
 *       refine them. Undriven signals, unread bits, unconnected ports and combinational loops
 *       are refused at emit time, before any file is written.
 *   <li>Deterministic bytes: insertion order everywhere, no timestamps.
 * </ul>
 *
 * <p>Everything is unsigned; there are no Verilog parameters (widths come from the Java
 * configuration) and no generate blocks (Java loops do that job).
 */
package nms.rtl.hdl;
