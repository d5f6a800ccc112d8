package nms.rtl.hdl;

import java.util.LinkedHashMap;
import java.util.Map;

/** An instance of a child module with named port connections; every port must be connected. */
public final class Instance {
  private final Module parent;
  private final Module child;
  private final String name;
  private final Map<String, Expr> connections = new LinkedHashMap<>();

  Instance(Module parent, Module child, String name) {
    this.parent = parent;
    this.child = child;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public Module child() {
    return child;
  }

  /**
   * Connects a child port: an input to any parent expression of the same width, an output to a
   * parent wire, output port or register {@code _d} of the same width (which it then drives).
   */
  public Instance connect(String port, Expr value) {
    Signal p = child.port(port);
    if (p == null) {
      throw HdlException.here(
          "module '" + child.name() + "' has no port '" + port + "' (ports: "
              + child.portNames() + ")");
    }
    if (connections.containsKey(port)) {
      throw HdlException.here("port '" + port + "' of instance '" + name + "' already connected");
    }
    if (p.width() != value.width()) {
      throw WidthException.of(
          "width mismatch connecting port '" + name + "." + port + "': port is " + p.width()
              + " bit(s), value '" + Expr.shortText(value) + "' is " + value.width() + " bit(s)",
          name + "." + port, p.width(), value.width(),
          "state the change with zext, trunc or resize");
    }
    if (p.kind() == Signal.Kind.INPUT) {
      parent.read(value);
    } else {
      if (!(value instanceof Signal)) {
        throw HdlException.here(
            "output port " + name + "." + port + " must connect to a whole signal, not '"
                + value + "'");
      }
      Signal target = (Signal) value;
      parent.ownSignal(target);
      target.setDriver("output " + name + "." + port);
    }
    connections.put(port, value);
    return this;
  }

  Map<String, Expr> connections() {
    return connections;
  }
}
