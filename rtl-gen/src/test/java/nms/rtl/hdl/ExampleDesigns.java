package nms.rtl.hdl;

/** Small designs in the shapes the NMS units need, built only through the public API. */
final class ExampleDesigns {
  static final String VERSION = "0.1.0-test";
  static final String HASH = "cafe0123";

  private ExampleDesigns() {}

  /** An 8-bit counter with synchronous clear and enable: comb block with if / else-if. */
  static Design counter() {
    Design d = new Design(VERSION, HASH);
    Module m = d.module("counter8", "8-bit counter with enable and synchronous clear");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal clear = m.input("clear_i", 1);
    Signal enable = m.input("en_i", 1);
    Signal countOut = m.output("count_o", 8);
    Reg count = m.reg("count", 8, 0);
    Comb next = m.comb("Next count: clear wins over enable");
    next.set(count.d(), count.q());
    next.when(clear, b -> b.set(count.d(), Expr.lit(8, 0)),
        b -> b.when(enable, c -> c.set(count.d(), count.q().addWrap(1))));
    m.assign(countOut, count.q());
    return d;
  }

  /**
   * A valid/ready register stage (a full-throughput pipeline register): it accepts when empty
   * or when the downstream takes the current word in the same cycle.
   */
  static Module pipeStage(Design d, String name, int width) {
    Module m = d.module(name, width + "-bit valid/ready pipeline register stage");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal validIn = m.input("valid_i", 1);
    Signal dataIn = m.input("data_i", width);
    Signal readyOut = m.output("ready_o", 1);
    Signal validOut = m.output("valid_o", 1);
    Signal dataOut = m.output("data_o", width);
    Signal readyIn = m.input("ready_i", 1);

    Reg valid = m.reg("valid", 1, 0);
    Reg data = m.regNoReset("data", width);
    Signal accept = m.wire("accept", validIn.and(readyOut));
    m.assign(readyOut, valid.q().not().or(readyIn));
    valid.next(Expr.mux(readyOut, validIn, valid.q()));
    data.next(dataIn).enableWhen(accept);
    m.assign(validOut, valid.q());
    m.assign(dataOut, data.q());
    return m;
  }

  /** Two pipeline stages in a row: instances, named connections, filelist order. */
  static Design pipeline() {
    Design d = new Design(VERSION, HASH);
    Module stage = pipeStage(d, "pipe_stage", 16);
    Module top = d.module("pipe_two", "two valid/ready stages in series");
    Signal clk = top.input("clk_i", 1);
    Signal rst = top.input("rst_ni", 1);
    Signal validIn = top.input("valid_i", 1);
    Signal dataIn = top.input("data_i", 16);
    Signal readyIn = top.input("ready_i", 1);
    Signal readyOut = top.output("ready_o", 1);
    Signal validOut = top.output("valid_o", 1);
    Signal dataOut = top.output("data_o", 16);
    Signal midValid = top.wire("mid_valid", 1);
    Signal midData = top.wire("mid_data", 16);
    Signal midReady = top.wire("mid_ready", 1);
    top.instance("u_stage0", stage)
        .connect("clk_i", clk).connect("rst_ni", rst)
        .connect("valid_i", validIn).connect("data_i", dataIn).connect("ready_o", readyOut)
        .connect("valid_o", midValid).connect("data_o", midData).connect("ready_i", midReady);
    top.instance("u_stage1", stage)
        .connect("clk_i", clk).connect("rst_ni", rst)
        .connect("valid_i", midValid).connect("data_i", midData).connect("ready_o", midReady)
        .connect("valid_o", validOut).connect("data_o", dataOut).connect("ready_i", readyIn);
    return d;
  }

  /** The table {@link #romDesign()} holds: 256 x 16 bits, a quarter sine scaled to 65535. */
  static long[] romTable() {
    long[] t = new long[256];
    for (int i = 0; i < t.length; i++) {
      t[i] = Math.round(65535 * Math.sin(Math.PI / 2 * i / 255.0));
    }
    return t;
  }

  /** A ROM with registered read and read enable: the shape Yosys maps to iCE40 block RAM. */
  static Design romDesign() {
    Design d = new Design(VERSION, HASH);
    Module m = d.module("sine_rom", "256 x 16-bit quarter-sine ROM with registered read");
    m.input("clk_i", 1);
    Signal addr = m.input("addr_i", 8);
    Signal enable = m.input("en_i", 1);
    Signal dataOut = m.output("data_o", 16);
    Reg data = m.regNoReset("data", 16);
    m.rom(data.d(), romTable(), addr);
    data.enableWhen(enable);
    m.assign(dataOut, data.q());
    return d;
  }

  static final int TREE_INPUT_WIDTH = 8;

  /**
   * Sum of eight 8-bit inputs packed into data_i, one registered adder level per cycle (latency
   * 3), with a reset valid bit travelling alongside: the adder tree of the distance unit.
   */
  static Design adderTree() {
    Design d = new Design(VERSION, HASH);
    Module m = d.module("adder_tree8", "pipelined sum of eight 8-bit inputs, latency 3");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal validIn = m.input("valid_i", 1);
    Signal data = m.input("data_i", 8 * TREE_INPUT_WIDTH);
    Signal sumOut = m.output("sum_o", TREE_INPUT_WIDTH + 3);
    Signal validOut = m.output("valid_o", 1);

    Expr[] level = new Expr[8];
    for (int i = 0; i < 8; i++) {
      level[i] = data.slice(TREE_INPUT_WIDTH * i + TREE_INPUT_WIDTH - 1, TREE_INPUT_WIDTH * i);
    }
    Expr valid = validIn;
    for (int stage = 0; level.length > 1; stage++) {
      m.comment("Adder tree level " + stage);
      Expr[] next = new Expr[level.length / 2];
      for (int i = 0; i < next.length; i++) {
        Expr sum = level[2 * i].add(level[2 * i + 1]);
        next[i] = m.regNoReset("sum_s" + stage + "_" + i, sum.width()).next(sum).q();
      }
      valid = m.reg("valid_s" + stage, 1, 0).next(valid).q();
      level = next;
    }
    m.assign(sumOut, level[0]);
    m.assign(validOut, valid);
    return d;
  }

  /**
   * The usage example of the API overview: |a - b|^2 of two pixels in two stages, the whole
   * pipe stalling while the downstream is not ready.
   */
  static Design squaredDifference() {
    Design design = new Design(VERSION, HASH);
    Module m = design.module("sq_diff", "squared difference of two 8-bit pixels, 2 stages");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal a = m.input("a_i", 8);
    Signal b = m.input("b_i", 8);
    Signal valid = m.input("valid_i", 1);
    Signal ready = m.input("ready_i", 1);
    Reg v1 = m.reg("valid_s1", 1, 0);
    Reg v2 = m.reg("valid_s2", 1, 0);
    Signal advance = m.wire("advance", v2.q().not().or(ready));
    Expr absDiff = Expr.mux(a.ge(b), a.subWrap(b), b.subWrap(a)); // 8 bits, never wraps
    Reg diff = m.regNoReset("diff_s1", 8).next(absDiff).enableWhen(advance);
    Reg sq = m.regNoReset("sq_s2", 16).next(diff.q().mul(diff.q())).enableWhen(advance);
    v1.next(valid).enableWhen(advance);
    v2.next(v1.q()).enableWhen(advance);
    m.assign(m.output("ready_o", 1), advance);
    m.assign(m.output("sq_o", 16), sq.q());
    m.assign(m.output("valid_o", 1), v2.q());
    return design;
  }

  /**
   * A start/run/done controller like the perplexity search FSM: localparam states, a case
   * statement, an iteration counter, and spare configuration bits consumed with markUnused.
   */
  static Design fsm() {
    Design d = new Design(VERSION, HASH);
    Module m = d.module("search_fsm", "start/run/done controller with an iteration limit");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal start = m.input("start_i", 1);
    Signal cfg = m.input("cfg_i", 8);
    Signal busyOut = m.output("busy_o", 1);
    Signal doneOut = m.output("done_o", 1);
    Signal stIdle = m.constant("StIdle", 2, 0);
    Signal stRun = m.constant("StRun", 2, 1);
    Signal stDone = m.constant("StDone", 2, 2);
    Signal limit = m.wire("limit", cfg.slice(3, 0));
    m.markUnused(cfg.slice(7, 4));
    Reg state = m.reg("state", 2, 0);
    Reg iter = m.reg("iter", 4, 0);

    Comb fsm = m.comb("Search state machine");
    fsm.set(state.d(), state.q());
    fsm.set(iter.d(), iter.q());
    fsm.select(state.q())
        .is(stIdle, b -> b.when(start, s -> {
          s.set(state.d(), stRun);
          s.set(iter.d(), Expr.lit(4, 0));
        }))
        .is(stRun, b -> {
          b.set(iter.d(), iter.q().addWrap(1));
          b.when(iter.q().eq(limit), s -> s.set(state.d(), stDone));
        })
        .is(stDone, b -> b.set(state.d(), stIdle))
        .otherwise(b -> b.set(state.d(), stIdle));
    m.assign(busyOut, state.q().eq(stRun));
    m.assign(doneOut, state.q().eq(stDone));
    return d;
  }

  /**
   * A 100 x 12-bit row buffer: one synchronous write port, a registered read with enable (the
   * shape Yosys maps to block RAM). A depth that is not a power of two keeps the address width
   * honest.
   */
  static Design rowBuffer() {
    Design d = new Design(VERSION, HASH);
    Module m = d.module("row_buffer", "100 x 12-bit memory, synchronous write, registered read");
    m.input("clk_i", 1);
    Signal we = m.input("we_i", 1);
    Signal waddr = m.input("waddr_i", 7);
    Signal wdata = m.input("wdata_i", 12);
    Signal re = m.input("re_i", 1);
    Signal raddr = m.input("raddr_i", 7);
    Memory mem = m.memory("row_mem", 100, 12);
    mem.write(we, waddr, wdata);
    Reg rdata = m.regNoReset("rdata", 12).next(mem.read(raddr)).enableWhen(re);
    m.assign(m.output("rdata_o", 12), rdata.q());
    return d;
  }
}
