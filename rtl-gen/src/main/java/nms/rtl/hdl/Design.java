package nms.rtl.hdl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modules emitted for one configuration. Every file's header names the generator version and
 * the configuration hash given here, so a netlist can be traced back to what produced it.
 */
public final class Design {
  private final String generatorVersion;
  private final String configHash;
  private final Map<String, Module> modules = new LinkedHashMap<>();

  /**
   * @param generatorVersion printed as "nms rtl-gen {version}" in every header
   * @param configHash the hash of the configuration the design was generated from
   */
  public Design(String generatorVersion, String configHash) {
    checkOneLine("generator version", generatorVersion);
    checkOneLine("config hash", configHash);
    if (generatorVersion.isEmpty() || configHash.isEmpty()) {
      throw HdlException.here("generator version and config hash must not be empty");
    }
    this.generatorVersion = generatorVersion;
    this.configHash = configHash;
  }

  public String generatorVersion() {
    return generatorVersion;
  }

  public String configHash() {
    return configHash;
  }

  /** A new, empty module; {@code description} becomes the header's one-line summary. */
  public Module module(String name, String description) {
    if (modules.containsKey(name)) {
      throw HdlException.here("module '" + name + "' already exists in this design");
    }
    Module m = new Module(this, name, description);
    modules.put(name, m);
    return m;
  }

  /** The module called {@code name}, or null. */
  Module moduleNamed(String name) {
    return modules.get(name);
  }

  /**
   * Emits {@code top} and everything it instantiates: file name to text, children before
   * parents, then the filelist {@code <top>.f} listing the .sv files in that order. Every module
   * of the design must sit under {@code top}, so no file is silently left out.
   */
  public Map<String, String> emit(Module top) {
    if (modules.get(top.name()) != top) {
      throw HdlException.here("module '" + top.name() + "' is not part of this design");
    }
    List<Module> order = new ArrayList<>();
    postOrder(top, new LinkedHashSet<>(), order);
    List<String> missing = new ArrayList<>();
    for (Module m : modules.values()) {
      if (!order.contains(m)) {
        missing.add(m.name());
      }
    }
    if (!missing.isEmpty()) {
      throw HdlException.here(
          "modules " + missing + " are not instantiated under top '" + top.name()
              + "'; emit them from a design of their own");
    }
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder filelist = new StringBuilder();
    for (Module m : order) {
      files.put(m.name() + ".sv", m.emit());
      filelist.append(m.name()).append(".sv\n");
    }
    files.put(top.name() + ".f", filelist.toString());
    return files;
  }

  /**
   * Emits several tops that share modules (a unit library where each unit is usable as a top on
   * its own): every module's {@code .sv} once, children before parents, then one filelist
   * {@code <top>.f} per top listing exactly that top's files in compile order. Every module of
   * the design must sit under at least one of {@code tops}.
   */
  public Map<String, String> emitTops(List<Module> tops) {
    if (tops.isEmpty()) {
      throw HdlException.here("emitTops needs at least one top");
    }
    List<Module> all = new ArrayList<>();
    Map<Module, List<Module>> perTop = new LinkedHashMap<>();
    for (Module top : tops) {
      if (modules.get(top.name()) != top) {
        throw HdlException.here("module '" + top.name() + "' is not part of this design");
      }
      if (perTop.containsKey(top)) {
        throw HdlException.here("top '" + top.name() + "' is listed twice");
      }
      List<Module> order = new ArrayList<>();
      postOrder(top, new LinkedHashSet<>(), order);
      perTop.put(top, order);
      for (Module m : order) {
        if (!all.contains(m)) {
          all.add(m);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (Module m : modules.values()) {
      if (!all.contains(m)) {
        missing.add(m.name());
      }
    }
    if (!missing.isEmpty()) {
      throw HdlException.here("modules " + missing + " are not instantiated under any of the tops");
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Module m : all) {
      files.put(m.name() + ".sv", m.emit());
    }
    for (Map.Entry<Module, List<Module>> e : perTop.entrySet()) {
      StringBuilder filelist = new StringBuilder();
      for (Module m : e.getValue()) {
        filelist.append(m.name()).append(".sv\n");
      }
      files.put(e.getKey().name() + ".f", filelist.toString());
    }
    return files;
  }

  private static void postOrder(Module m, Set<Module> onPath, List<Module> order) {
    if (order.contains(m)) {
      return;
    }
    if (!onPath.add(m)) {
      throw new HdlException("module '" + m.name() + "' instantiates itself through its children");
    }
    for (Module child : m.children()) {
      postOrder(child, onPath, order);
    }
    onPath.remove(m);
    order.add(m);
  }

  static void checkOneLine(String what, String text) {
    if (text == null) {
      throw HdlException.here(what + " must not be null");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw HdlException.here(
            what + " must be one line of printable ASCII: '" + text + "'");
      }
    }
  }
}
