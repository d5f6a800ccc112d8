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
 *
 * <h2>Assertions</h2>
 *
 * <p>A unit states its protocol and invariants with one {@link nms.rtl.hdl.Module} call per
 * property, next to the logic it checks and from the same configuration values:
 *
 * <ul>
 *   <li>{@code assertAlways(label, cond, message, values...)}, {@code assertNever(...)}, {@code
 *       assertImplies(label, antecedent, consequent, message, values...)}: a 1-bit condition at
 *       every rising edge out of reset;
 *   <li>{@code assertAtMost(label, value, max)}: a counter or FSM state in range, an accumulator
 *       within its spec bound (a bound the width already enforces emits nothing); {@code
 *       assertAtMostWhen(label, when, value, max)} the same for a datapath register qualified by
 *       its valid bit, where an X value passes (a parent may feed garbage it then ignores);
 *   <li>{@code assertStableWhileStalled(label, valid, ready, data...)}: after a cycle of {@code
 *       valid && !ready}, {@code valid} stays high and the data unchanged (on an input it checks
 *       the integrator, on an output the unit);
 *   <li>{@code assertFraming(label, valid, ready, first, last, beats)}: {@code first}/{@code last}
 *       agree with a count of accepted beats ({@code first} may be null); {@code
 *       assertRowFraming(label, valid, ready, first, last, maxBeats)} for rows of 1 ..
 *       {@code maxBeats} beats;
 *   <li>{@code assertOutstanding(label, inFire, outFire, max)}: no output without an earlier
 *       unanswered input, at most {@code max} in flight.
 * </ul>
 *
 * <p>Emitted as one {@code `ifndef SYNTHESIS ... `endif} block at the end of the module:
 * reset-gated immediate assertions in an {@code always @(posedge clk_i or negedge rst_ni)}
 * block, as OpenTitan's {@code ASSERT} macros expand for Verilator, with the state a property
 * needs (the stalled beat, the beat index, the in-flight count) in {@code assert_*_q} registers
 * inside the same block. Why a block in the module and not a bound {@code *_assert} module:
 * Icarus (11, the version here) has no {@code bind}, and the properties read internal registers
 * (FSM states, counters, accumulators) that a separate module could only reach through extra
 * ports or hierarchical names. Yosys defines {@code SYNTHESIS} for {@code read_verilog} (unless
 * {@code -formal}, which defines {@code FORMAL} instead and so sees the assertions), so synthesis
 * never sees them; reads by assertions do not count for the unread-bit check, so no logic
 * survives in the netlist only because an assertion looks at it.
 *
 * <p>A failure prints {@code ASSERTION FAILED <module>.<label> cycle=<n> time=<t> (<instance
 * path>): <message>; <value>=0x<hex>, ...} (cycle: rising edges since reset released; the emitted
 * comment above each assertion names the generator line that made it) and stops the simulation
 * with {@code $fatal}: a non-zero exit in Icarus ({@code iverilog -g2012}; version 11 parses
 * unlabelled immediate {@code assert ... else} only, so the label lives in the message) and in
 * Verilator built with {@code --assert} ({@code nms_tb.hpp} turns the stop into exit status 1
 * and a result row). Datapath registers without reset are X in Icarus until loaded, and an
 * X condition fails: qualify them by their valid bit ({@code assertImplies(valid, ...)}).
 */
package nms.rtl.hdl;
