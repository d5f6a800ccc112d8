package nms.rtl.units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a unit generator tells its datasheet ({@code <unit>.md}, written by {@code
 * nms.rtl.Datasheet}) beyond what the built module shows: the meaning and number format of each
 * port, the timing figures as formulas with their values at the configuration, the framing rule
 * and what each out-of-range input does. Ports, widths, directions, reset values, combinational
 * paths and the handshake pairs are read from the module itself, so only what cannot be read
 * from the structure is stated here, and every value is computed from the configuration by the
 * same code that builds the unit.
 *
 * <p>Timing keys the datasheet test measures in simulation: {@link #LATENCY} and {@link #II} (for
 * units with one fixed latency), and for iterative units whatever keys their test names.
 */
public final class UnitSheet {
  /** Cycles from accepting the input beat that completes a result to its {@code out_valid_o}. */
  public static final String LATENCY = "latency";
  /** Cycles between successive results when the input streams and the output never stalls. */
  public static final String II = "initiation_interval";

  /** One port: its number format and meaning. */
  public record Port(String format, String meaning) {}

  /** One timing figure: what it counts, the formula and its value at this configuration. */
  public record Timing(String key, String what, String formula, long value, boolean exact) {}

  /** What an input outside the unit's contract does. */
  public record OutOfRange(String input, String behaviour) {}

  private String summary = "";
  private final Map<String, Port> ports = new LinkedHashMap<>();
  private final List<Timing> timing = new ArrayList<>();
  private final List<String> framing = new ArrayList<>();
  private final List<OutOfRange> outOfRange = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** One paragraph: what the unit computes and where the spec says it (docs/ARITHMETIC.md). */
  public UnitSheet summary(String text) {
    summary = text;
    return this;
  }

  /** Meaning of port {@code name}; {@code format} is its number format ("Q.20", "flag", ...). */
  public UnitSheet port(String name, String format, String meaning) {
    if (ports.put(name, new Port(format, meaning)) != null) {
      throw new IllegalArgumentException("port " + name + " described twice");
    }
    return this;
  }

  /** An exact timing figure (the datasheet test measures the keyed ones in simulation). */
  public UnitSheet timing(String key, String what, String formula, long value) {
    timing.add(new Timing(key, what, formula, value, true));
    return this;
  }

  /** A timing figure that is a bound or an ideal, not one exact number. */
  public UnitSheet timingBound(String key, String what, String formula, long value) {
    timing.add(new Timing(key, what, formula, value, false));
    return this;
  }

  /** One rule of how transactions are framed (first/last flags, beat counts). */
  public UnitSheet framing(String rule) {
    framing.add(rule);
    return this;
  }

  /** What {@code input} (a condition outside the contract) makes the unit do. */
  public UnitSheet outOfRange(String input, String behaviour) {
    outOfRange.add(new OutOfRange(input, behaviour));
    return this;
  }

  /** A further fact an integrator needs (a precondition, a port without handshake, ...). */
  public UnitSheet note(String text) {
    notes.add(text);
    return this;
  }

  public String summary() {
    return summary;
  }

  public Map<String, Port> ports() {
    return java.util.Collections.unmodifiableMap(ports);
  }

  public List<Timing> timing() {
    return List.copyOf(timing);
  }

  public List<String> framing() {
    return List.copyOf(framing);
  }

  public List<OutOfRange> outOfRange() {
    return List.copyOf(outOfRange);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Whether the generator stated anything (the default sheet of a new unit is empty). */
  public boolean isEmpty() {
    return summary.isEmpty() && ports.isEmpty() && timing.isEmpty();
  }
}
