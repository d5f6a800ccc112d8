package nms.rtl.hdl;

/**
 * A width disagreement found while the generator builds the design: an assignment whose sides
 * differ, an operation whose operands differ where Verilog would silently extend or truncate, or
 * a constant that does not fit. Thrown at the generator line that asked for it, in the spirit of
 * SpinalHDL's elaboration errors.
 */
public final class WidthException extends HdlException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final int expectedWidth;
  private final int actualWidth;
  private final String location;

  private WidthException(
      String message, String target, int expectedWidth, int actualWidth, String location) {
    super(message);
    this.target = target;
    this.expectedWidth = expectedWidth;
    this.actualWidth = actualWidth;
    this.location = location;
  }

  /**
   * "{problem} at File.java:N; {hint}", where the problem names {@code target} and both widths.
   */
  static WidthException of(
      String problem, String target, int expected, int actual, String hint) {
    String location = SourceLocation.caller();
    String message = problem + " at " + location + (hint.isEmpty() ? "" : "; " + hint);
    return new WidthException(message, target, expected, actual, location);
  }

  /** The signal (or left operand, constant, port) whose width was the reference. */
  public String target() {
    return target;
  }

  public int expectedWidth() {
    return expectedWidth;
  }

  public int actualWidth() {
    return actualWidth;
  }

  /** "File.java:line" of the generator call. */
  public String location() {
    return location;
  }
}
