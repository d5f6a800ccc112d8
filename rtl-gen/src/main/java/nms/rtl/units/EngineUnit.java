package nms.rtl.units;

import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsEngine;
import nms.rtl.hdl.Comb;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Memory;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_engine}, the near-memory top level and twin of {@link NmsEngine} (docs/ARITHMETIC.md
 * section 10). For one class of N images stored contiguously in DRAM (image k at {@code BASE + k *
 * beats}, in beats) it serves K = {@code engine_anchors} consecutive rows per pass: it reads the
 * pass's m anchors (K, fewer in the last pass) into m anchor buffers, pairing anchor a > 0 on the
 * way in with anchor 0, then streams every image but anchor 0 once, each beat paired with the same
 * beat of every anchor in K {@code nms_distance} instances; every row's N - 1 distances (ascending
 * j) go row by row into the one {@code nms_perplexity}, and each row's record {row, beta, entropy,
 * within_tol} to the host.
 *
 * <p>Independent parts, joined by valid/ready only:
 * <ul>
 *   <li>the request sequencer issues one burst of {@code beats} beats per image, m + N - 1 per
 *       pass, as fast as {@code dram_req_ready_i} allows (the DRAM answers in order);
 *   <li>the response sequencer follows the same order over the returning beats: an anchor's beats
 *       go into its {@code anchor_mem_<a>}; every beat but anchor 0's is paired with the beat of
 *       the same index of every anchor buffer (registered reads, the block-RAM shape) in the pair
 *       registers in front of the K {@code nms_distance} instances, which run in lock step;
 *   <li>the distance sequencer routes their results: while the anchors load, instance 0's result
 *       (anchor 0 against anchor a) to row a's FIFO; while the class streams, instance a's result
 *       to row a's FIFO unless the image is anchor a itself; each FIFO holds a whole row;
 *   <li>the feeder gives {@code nms_perplexity} the rows in row order, each in ascending j (row
 *       a > 0 takes its distance to anchor 0, the head of its FIFO, at position pK), and its
 *       results go straight out to the host with the row index.
 * </ul>
 * So the next pass streams while the searches of a pass run (each FIFO holds a row of the next
 * pass), and the DRAM port stays busy unless m searches outlast a pass's streaming; host
 * back-pressure stops everything in order.
 */
public final class EngineUnit implements UnitGenerator {
  public static final String NAME = "nms_engine";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsEngine.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int k = f.engineAnchors;
    long n = c.maxRowsPerClass();
    long passes = (n + k - 1) / k;
    return new UnitSheet()
        .summary("The near-memory top level (docs/ARITHMETIC.md section 10): for one class of N"
            + " images in DRAM it serves K = " + k + " rows per pass through " + k
            + " `nms_distance` instance(s) and one `nms_perplexity`, and sends the host one"
            + " record `{row, beta, entropy, within_tol}` per row.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("cfg_valid_i", "flag", "register write, taken in every cycle it is high (no"
            + " ready)")
        .port("cfg_addr_i", "register index", "0 BASE, 1 ROWS, 2 START")
        .port("cfg_wdata_i", "unsigned integer", "BASE (beat address of image 0) or ROWS (N);"
            + " ignored for START")
        .port("busy_o", "flag", "a class is running")
        .port("done_o", "flag", "the last class finished (cleared by the next START)")
        .port("dram_req_valid_o", "flag", "a burst request is offered")
        .port("dram_req_ready_i", "flag", "the DRAM takes it")
        .port("dram_req_addr_o", "beat address", "first beat of the burst, `BASE + image *"
            + " beats` modulo 2^" + Formats.DRAM_ADDR_WIDTH)
        .port("dram_req_len_o", "unsigned integer", "burst length in beats, always beats = "
            + f.beats)
        .port("dram_rsp_valid_i", "flag", "a response beat is offered; bursts answer in request"
            + " order")
        .port("dram_rsp_ready_o", "flag", "the engine takes the beat")
        .port("dram_rsp_data_i", c.lanes() + " x " + c.pixelWidth() + "-bit unsigned",
            "pixel `b * lanes + k` of the image in lane k, lane 0 least significant")
        .port("dram_rsp_last_i", "flag", "last beat of a burst: accepted and ignored")
        .port("host_valid_o", "flag", "a record is offered")
        .port("host_ready_i", "flag", "the host takes it")
        .port("host_data_o", "record", "`{row (" + f.rowIndexWidth + "), beta (Q."
            + c.betaFracBits() + ", " + f.betaWidth + "), entropy (Q." + c.entropyFracBits()
            + ", " + f.entropyWidth + "), within_tol (1)}`, within_tol in bit 0")
        .timingBound("class_cycles", "cycles per class of N = max_rows_per_class images with the"
            + " DRAM answering every cycle (ideal; searches or stalls add, section 10.4)",
            "(N + ceil(N / K) * (N - 1)) * beats", (n + passes * (n - 1)) * f.beats)
        .framing("The engine counts beats (`beats` = " + f.beats + " per burst) and ignores"
            + " `dram_rsp_last_i`. Records leave in row order; `done_o` rises the cycle after"
            + " the last is taken.")
        .outOfRange("START with ROWS outside 2 .. " + n + " (checked on all 32 bits)",
            "nothing is read; only `done_o` is set")
        .outOfRange("BASE or ROWS written, or START, while `busy_o`", "ignored")
        .note("`cfg_valid_i` has no ready: a write is taken in every cycle it is high.");
  }

  /**
   * The state of a walk over a class in the spec's pass order (10.2): the pass's first row pK
   * ({@code first}), the anchor phase ({@code anchor}, anchor {@code a}) or the stream phase
   * (image {@code j}); the wires of its next step.
   */
  private static final class Walk {
    final Reg first;
    final Reg anchor;
    final Reg a;
    final Reg j;
    final Signal lastAnchor; // a is the pass's last anchor
    final Signal firstJ;     // the stream's first image: 0, or 1 in pass 0
    final Signal nextJ;      // the stream's image after j (skipping pK)
    final Signal streamEnd;  // j is the stream's last image
    final Signal nextFirst;  // the next pass's pK
    final Signal classEnd;   // this pass is the class's last (null if not asked for)
    final Signal firstK;
    final Signal jK;
    final Signal nextFirstK;

    Walk(Module m, String p, Signal rowsK, int rw, int aiw, int kw, int anchors, boolean ends) {
      first = m.reg(p + "_first", rw, 0);
      anchor = m.reg(p + "_anchor", 1, 0);
      a = m.reg(p + "_a", aiw, 0);
      j = m.reg(p + "_j", rw, 0);
      firstK = m.wire(p + "_first_k", first.q().zext(kw));
      jK = m.wire(p + "_j_k", j.q().zext(kw));
      Signal imageK = m.wire(p + "_anchor_k", firstK.addWrap(a.q().zext(kw)));
      lastAnchor = m.wire(p + "_last_anchor",
          a.q().eq(anchors - 1).or(imageK.addWrap(1).eq(rowsK)));
      firstJ = m.wire(p + "_first_j", Expr.mux(first.q().eq(0), Expr.lit(rw, 1), Expr.lit(rw, 0)));
      Signal candJ = m.wire(p + "_cand_j",
          Expr.mux(jK.addWrap(1).eq(firstK), jK.addWrap(2), jK.addWrap(1)));
      streamEnd = m.wire(p + "_stream_end", candJ.ge(rowsK));
      // candJ < ROWS <= max_rows_per_class whenever it is used: rw bits. (Named wires, because
      // Icarus does not take a constant part-select inside always_comb.)
      nextJ = m.wire(p + "_next_j", candJ.trunc(rw));
      nextFirstK = m.wire(p + "_next_first_k", firstK.addWrap(anchors));
      classEnd = ends ? m.wire(p + "_class_end", nextFirstK.ge(rowsK)) : null;
      nextFirst = m.wire(p + "_next_first", nextFirstK.trunc(rw));
    }
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    Module distance = units.get(DistanceUnit.NAME);
    Module perplexity = units.get(PerplexityUnit.NAME);
    int aw = Formats.DRAM_ADDR_WIDTH;
    int cw = Formats.CFG_DATA_WIDTH;
    int bw = f.beatWidth;
    int rw = f.rowIndexWidth;
    int nw = f.rowsWidth;
    int dw = f.distWidth;
    int anchors = f.engineAnchors;
    int aiw = f.anchorIndexWidth; // <= rw: engine_anchors <= max_rows_per_class
    // Row and image counters compared with ROWS and stepped by up to K stay exact in kw bits.
    int kw = Math.max(rw, nw) + 1 + Formats.bits(anchors);
    int maxRows = c.maxRowsPerClass();

    Module m = units.design().module(NAME, "near-memory engine: per pass of " + anchors
        + " anchor(s), burst-read the anchors and the other images of a class of 2.." + maxRows
        + " images (" + f.beats + " beats of " + bw + " bits each), " + anchors
        + " distance(s) per image, perplexity search row by row, one record per row");
    Signal clk = m.input("clk_i", 1);
    Signal rst = m.input("rst_ni", 1);
    Signal cfgValid = m.input("cfg_valid_i", 1);
    Signal cfgAddr = m.input("cfg_addr_i", Formats.CFG_ADDR_WIDTH);
    Signal cfgData = m.input("cfg_wdata_i", cw);
    Signal busyOut = m.output("busy_o", 1);
    Signal doneOut = m.output("done_o", 1);
    Signal reqValid = m.output("dram_req_valid_o", 1);
    Signal reqReady = m.input("dram_req_ready_i", 1);
    Signal reqAddr = m.output("dram_req_addr_o", aw);
    Signal reqLen = m.output("dram_req_len_o", f.burstLenWidth);
    Signal rspValid = m.input("dram_rsp_valid_i", 1);
    Signal rspReady = m.output("dram_rsp_ready_o", 1);
    Signal rspData = m.input("dram_rsp_data_i", bw);
    Signal rspLast = m.input("dram_rsp_last_i", 1);
    Signal hostValid = m.output("host_valid_o", 1);
    Signal hostReady = m.input("host_ready_i", 1);
    Signal hostData = m.output("host_data_o", f.hostRecordWidth);

    Signal beatsLen = m.constant("BurstLen", f.burstLenWidth, f.beats);
    Signal maxRowsK = m.constant("MaxRows", cw, maxRows);

    // -----------------------------------------------------------------------------------------
    m.comment("Configuration registers (spec 10.1): BASE and ROWS are written only while idle;"
        + " START with 2 <= ROWS <= max_rows_per_class starts a class, otherwise it only sets"
        + " done_o");
    Reg busy = m.reg("busy", 1, 0);
    Reg done = m.reg("done", 1, 0);
    Signal idleWrite = m.wire("idle_write", cfgValid.and(busy.q().not()));
    Signal writeBase = m.wire("write_base", idleWrite.and(cfgAddr.eq(NmsEngine.REG_BASE)));
    Signal writeRows = m.wire("write_rows", idleWrite.and(cfgAddr.eq(NmsEngine.REG_ROWS)));
    Signal start = m.wire("start", idleWrite.and(cfgAddr.eq(NmsEngine.REG_START)));
    Reg base = m.reg("base", aw, 0).next(cfgData.resize(aw)).enableWhen(writeBase);
    Reg rows = m.reg("rows", nw, 0).next(cfgData.trunc(nw)).enableWhen(writeRows);
    Reg rowsOk = m.reg("rows_ok", 1, 0)
        .next(cfgData.ge(2).and(cfgData.le(maxRowsK))).enableWhen(writeRows);
    Signal go = m.wire("go", start.and(rowsOk.q()));
    Signal rowsK = m.wire("rows_k", rows.q().zext(kw));
    Signal lastRowK = m.wire("last_row_k", rowsK.subWrap(1));

    // -----------------------------------------------------------------------------------------
    m.comment("Request sequencer: per pass its anchors (images pK .. pK + m - 1), then every"
        + " image but pK ascending; the address is BASE + image * beats, wrapping");
    Walk req = new Walk(m, "req", rowsK, rw, aiw, kw, anchors, true);
    Reg reqActive = m.reg("req_active", 1, 0);
    Reg reqAddrReg = m.reg("req_addr", aw, 0);
    Signal reqFire = m.wire("req_fire", reqActive.q().and(reqReady));
    Signal reqAnchorImage = m.wire("req_anchor_image",
        req.first.q().addWrap(req.a.q().zext(rw)));
    // The image after the current burst's (pK + a + 1 < ROWS while a is not the last anchor).
    Signal nextImage = m.wire("req_next_image", Expr.mux(req.anchor.q(),
        Expr.mux(req.lastAnchor, req.firstJ, reqAnchorImage.addWrap(1)),
        Expr.mux(req.streamEnd, req.nextFirst, req.nextJ)));
    Signal startImage = m.wire("req_start_image", Expr.lit(rw, 0));
    Signal image = m.wire("req_image", Expr.mux(go, startImage, nextImage));
    Signal offset = m.wire("req_offset", image.mul(f.beats).resize(aw));
    Signal nextAddr = m.wire("req_next_addr", base.q().addWrap(offset));

    // -----------------------------------------------------------------------------------------
    m.comment("Response sequencer: beats of a burst, in the same pass order; the DRAM answers"
        + " the bursts in order");
    Walk rsp = new Walk(m, "rsp", rowsK, rw, aiw, kw, anchors, true);
    Memory[] anchorMem = new Memory[anchors];
    for (int k = 0; k < anchors; k++) {
      anchorMem[k] = m.memory("anchor_mem_" + k, f.beats, bw);
    }
    int bb = anchorMem[0].addressWidth();
    Reg rspActive = m.reg("rsp_active", 1, 0);
    Reg rspBeat = m.reg("rsp_beat", bb, 0);
    Signal anchorZero = m.wire("rsp_anchor_zero", rsp.anchor.q().and(rsp.a.q().eq(0)));
    Signal beatLast = m.wire("rsp_beat_last", rspBeat.q().eq(f.beats - 1));
    Signal pairAdvance = m.wire("pair_advance", 1);
    m.assign(rspReady, rspActive.q().and(anchorZero.or(pairAdvance)));
    Signal rspFire = m.wire("rsp_fire", rspValid.and(rspReady));
    // Every beat but anchor 0's is paired with the anchors' beats of the same index.
    Signal pairLoad = m.wire("pair_load", rspFire.and(anchorZero.not()));
    for (int k = 0; k < anchors; k++) {
      Signal we = m.wire("anchor_write_" + k,
          rspFire.and(rsp.anchor.q()).and(rsp.a.q().eq(k)));
      anchorMem[k].write(we, rspBeat.q(), rspData);
    }
    Signal burstEnd = m.wire("rsp_burst_end", rspFire.and(beatLast));
    m.markUnused(rspLast); // the engine counts beats itself; last only frames the burst

    // -----------------------------------------------------------------------------------------
    m.comment("Pair registers in front of the nms_distance instances: the DRAM beat and every"
        + " anchor's beat of the same index (registered reads of anchor_mem_*), with the pair's"
        + " first/last flags");
    Reg pairValid = m.reg("pair_valid", 1, 0);
    Signal distInReady = m.wire("dist_in_ready", 1);
    m.assign(pairAdvance, pairValid.q().not().or(distInReady));
    pairValid.next(Expr.mux(pairAdvance, pairLoad, pairValid.q()));
    Reg[] pairA = new Reg[anchors];
    for (int k = 0; k < anchors; k++) {
      pairA[k] = m.regNoReset("pair_a_" + k, bw).next(anchorMem[k].read(rspBeat.q()))
          .enableWhen(pairLoad);
    }
    Reg pairB = m.regNoReset("pair_b", bw).next(rspData).enableWhen(pairLoad);
    Reg pairFirst = m.regNoReset("pair_first", 1).next(rspBeat.q().eq(0)).enableWhen(pairLoad);
    Reg pairLast = m.regNoReset("pair_last", 1).next(beatLast).enableWhen(pairLoad);

    // -----------------------------------------------------------------------------------------
    m.comment(anchors + " nms_distance instance(s) in lock step (same inputs but the anchor,"
        + " same handshakes, so their valid and ready agree; the AND only reads them all)");
    Signal fifoInReady = m.wire("fifo_in_ready", 1);
    Signal[] distValidK = new Signal[anchors];
    Signal[] distInReadyK = new Signal[anchors];
    Signal[] distValue = new Signal[anchors];
    for (int k = 0; k < anchors; k++) {
      distValidK[k] = m.wire("dist_valid_" + k, 1);
      distInReadyK[k] = m.wire("dist_in_ready_" + k, 1);
      distValue[k] = m.wire("dist_value_" + k, dw);
      m.instance("u_distance_" + k, distance)
          .connect("clk_i", clk)
          .connect("rst_ni", rst)
          .connect("in_valid_i", pairValid.q())
          .connect("in_ready_o", distInReadyK[k])
          .connect("in_first_i", pairFirst.q())
          .connect("in_last_i", pairLast.q())
          .connect("a_i", pairA[k].q())
          .connect("b_i", pairB.q())
          .connect("out_valid_o", distValidK[k])
          .connect("out_ready_i", fifoInReady)
          .connect("dist_o", distValue[k]);
    }
    m.assign(distInReady, andAll(distInReadyK));
    Signal distValid = m.wire("dist_valid", andAll(distValidK));
    Signal distFire = m.wire("dist_fire", distValid.and(fifoInReady));

    // -----------------------------------------------------------------------------------------
    m.comment("Distance sequencer: per pass the anchor pairs (anchor 0 with anchor a = 1 .."
        + " m - 1) go to FIFO a, then the stream's images j to every anchor's FIFO but the one"
        + " of image j itself");
    Walk dst = new Walk(m, "dst", rowsK, rw, aiw, kw, anchors, false);
    Signal dstFirstK = dst.firstK;
    Signal dstJK = dst.jK;
    // A pass has an anchor phase when it has two anchors or more: K > 1 and pK + 1 < ROWS.
    Signal nextHasPairs = m.wire("dst_next_has_pairs", anchors > 1
        ? dst.nextFirstK.addWrap(1).lt(rowsK) : Expr.lit(1, 0));
    if (anchors == 1) {
      // One anchor per pass: no pairs, and the feeder and the host count the class's rows.
      m.markUnused(dst.nextFirstK.slice(kw - 1, rw));
    }
    int depth = 1 << rw; // >= max_rows_per_class > N - 1: a whole row fits
    Signal[] fifoWrite = new Signal[anchors];
    Signal[] fifoData = new Signal[anchors];
    for (int k = 0; k < anchors; k++) {
      Expr streamWrite = k == 0 ? Expr.lit(1, 1)
          : dstFirstK.addWrap(k).lt(rowsK).and(dstJK.ne(dstFirstK.addWrap(k)));
      fifoWrite[k] = m.wire("fifo_write_" + k, distFire.and(Expr.mux(dst.anchor.q(),
          k == 0 ? Expr.lit(1, 0) : dst.a.q().eq(k), streamWrite)));
      fifoData[k] = m.wire("fifo_data_" + k,
          k == 0 ? distValue[0] : Expr.mux(dst.anchor.q(), distValue[0], distValue[k]));
    }

    // -----------------------------------------------------------------------------------------
    m.comment("Row FIFOs of " + depth + " entries (a whole row each): the next pass streams"
        + " while nms_perplexity searches a pass's rows. Memory with a registered read into the"
        + " output register, the block-RAM shape");
    Signal[] fifoNotFull = new Signal[anchors];
    Expr[] outValidK = new Expr[anchors];
    Expr[] outDataK = new Expr[anchors];
    Signal[] take = new Signal[anchors];
    for (int k = 0; k < anchors; k++) {
      take[k] = m.wire("fifo_take_" + k, 1);
      Memory mem = m.memory("dist_fifo_" + k, depth, dw);
      Reg wrPtr = m.reg("fifo_wr_ptr_" + k, rw, 0);
      Reg rdPtr = m.reg("fifo_rd_ptr_" + k, rw, 0);
      Reg count = m.reg("fifo_count_" + k, rw + 1, 0); // entries in the memory, not in the output
      Reg outValid = m.reg("fifo_out_valid_" + k, 1, 0);
      fifoNotFull[k] = m.wire("fifo_not_full_" + k, count.q().ne(depth));
      mem.write(fifoWrite[k], wrPtr.q(), fifoData[k]);
      wrPtr.next(wrPtr.q().addWrap(1)).enableWhen(fifoWrite[k]);
      Signal pop = m.wire("fifo_pop_" + k,
          count.q().ne(0).and(outValid.q().not().or(take[k])));
      rdPtr.next(rdPtr.q().addWrap(1)).enableWhen(pop);
      Reg out = m.regNoReset("fifo_out_" + k, dw).next(mem.read(rdPtr.q())).enableWhen(pop);
      outValid.next(Expr.mux(pop, Expr.lit(1, 1),
          Expr.mux(take[k], Expr.lit(1, 0), outValid.q())));
      // count + push - pop: at most depth, since a push needs every count < depth.
      Signal up = m.wire("fifo_count_up_" + k,
          Expr.mux(fifoWrite[k], count.q().addWrap(1), count.q()));
      count.next(Expr.mux(pop, up.subWrap(1), up));
      m.assertAtMost("fifo_count_" + k + "_in_range", count.q(), depth);
      m.assertImplies("fifo_" + k + "_no_overflow", fifoWrite[k], count.q().ne(depth),
          "a write into a full row FIFO", count.q());
      outValidK[k] = outValid.q();
      outDataK[k] = out.q();
    }
    m.assign(fifoInReady, andAll(fifoNotFull));

    // -----------------------------------------------------------------------------------------
    m.comment("Feeder: rows in row order into nms_perplexity, each in ascending j; row pK + a"
        + " (a > 0) first takes its distance to image pK (its FIFO's head) aside and gives it at"
        + " position pK");
    Reg feedRow = m.reg("feed_row", rw, 0);
    Reg feedLane = m.reg("feed_lane", aiw, 0);
    Reg feedPos = m.reg("feed_pos", rw, 0);
    Reg heldOk = m.reg("held_ok", 1, 0);
    Signal selValid = m.wire("sel_valid", select(feedLane.q(), outValidK));
    Signal selData = m.wire("sel_data", select(feedLane.q(), outDataK));
    Signal laneNonZero = m.wire("feed_lane_nonzero", feedLane.q().ne(0));
    Signal needHold = m.wire("need_hold", laneNonZero.and(heldOk.q().not()));
    Signal feedFirst = m.wire("feed_first", feedRow.q().subWrap(feedLane.q().zext(rw)));
    Signal useHeld = m.wire("use_held", laneNonZero.and(feedPos.q().eq(feedFirst)));
    Reg held = m.regNoReset("held", dw).next(selData).enableWhen(needHold.and(selValid));
    Signal perpInReady = m.wire("perp_in_ready", 1);
    Signal perpInValid = m.wire("perp_in_valid", needHold.not().and(useHeld.or(selValid)));
    Signal perpInData = m.wire("perp_in_data", Expr.mux(useHeld, held.q(), selData));
    Signal perpInLast = m.wire("perp_in_last", feedPos.q().zext(kw).addWrap(2).eq(rowsK));
    Signal perpInFire = m.wire("perp_in_fire", perpInValid.and(perpInReady));
    Signal takeAny = m.wire("fifo_take", Expr.mux(needHold, selValid,
        perpInFire.and(useHeld.not())));
    for (int k = 0; k < anchors; k++) {
      m.assign(take[k], takeAny.and(feedLane.q().eq(k)));
    }
    Signal feedRowLast = m.wire("feed_row_last", feedRow.q().zext(kw).eq(lastRowK));
    Signal feedLaneWrap = m.wire("feed_lane_wrap",
        feedLane.q().eq(anchors - 1).or(feedRowLast));

    m.comment("nms_perplexity, results straight to the host");
    Signal perpValid = m.wire("perp_valid", 1);
    Signal beta = m.wire("perp_beta", f.betaWidth);
    Signal entropy = m.wire("perp_entropy", f.entropyWidth);
    Signal iterations = m.wire("perp_iterations", f.iterationWidth);
    Signal within = m.wire("perp_within", 1);
    m.instance("u_perplexity", perplexity)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", perpInValid)
        .connect("in_ready_o", perpInReady)
        .connect("last_i", perpInLast)
        .connect("dist_i", perpInData)
        .connect("out_valid_o", perpValid)
        .connect("out_ready_i", hostReady)
        .connect("beta_o", beta)
        .connect("entropy_o", entropy)
        .connect("iterations_o", iterations)
        .connect("within_tol_o", within);
    m.markUnused(iterations); // not part of the record (spec 10.2)

    // -----------------------------------------------------------------------------------------
    m.comment("Host stream: {row, beta, entropy, within_tol}, held by nms_perplexity until taken");
    Reg outRow = m.reg("out_row", rw, 0);
    Signal hostFire = m.wire("host_fire", perpValid.and(hostReady));
    Signal outLast = m.wire("out_last", outRow.q().zext(kw).eq(lastRowK));
    Signal finish = m.wire("finish", hostFire.and(outLast));
    outRow.next(Expr.mux(outLast, Expr.lit(rw, 0), outRow.q().addWrap(1))).enableWhen(hostFire);
    m.assign(hostValid, perpValid);
    m.assign(hostData, Expr.cat(outRow.q(), beta, entropy, within));

    // -----------------------------------------------------------------------------------------
    Comb ctl = m.comb("Control: start, sequencer steps, finish");
    for (Reg r : new Reg[] {busy, done, reqActive, reqAddrReg, rspActive, rspBeat, feedRow,
        feedLane, feedPos, heldOk}) {
      ctl.set(r.d(), r.q());
    }
    for (Walk w : new Walk[] {req, rsp, dst}) {
      for (Reg r : new Reg[] {w.first, w.anchor, w.a, w.j}) {
        ctl.set(r.d(), r.q());
      }
    }
    ctl.when(start, b -> {
      b.set(done.d(), rowsOk.q().not());
      b.when(rowsOk.q(), s -> {
        s.set(busy.d(), Expr.lit(1, 1));
        s.set(reqActive.d(), Expr.lit(1, 1));
        s.set(reqAddrReg.d(), nextAddr);
        s.set(rspActive.d(), Expr.lit(1, 1));
        s.set(rspBeat.d(), Expr.lit(bb, 0));
        for (Walk w : new Walk[] {req, rsp}) {
          s.set(w.first.d(), Expr.lit(rw, 0));
          s.set(w.anchor.d(), Expr.lit(1, 1));
          s.set(w.a.d(), Expr.lit(aiw, 0));
          s.set(w.j.d(), Expr.lit(rw, 0));
        }
        // The distance walk starts at pass 0's first anchor pair, or its stream if K = 1.
        s.set(dst.first.d(), Expr.lit(rw, 0));
        s.set(dst.anchor.d(), Expr.lit(1, anchors > 1 ? 1 : 0));
        s.set(dst.a.d(), Expr.lit(aiw, anchors > 1 ? 1 : 0));
        s.set(dst.j.d(), Expr.lit(rw, 1));
        s.set(feedRow.d(), Expr.lit(rw, 0));
        s.set(feedLane.d(), Expr.lit(aiw, 0));
        s.set(feedPos.d(), Expr.lit(rw, 0));
        s.set(heldOk.d(), Expr.lit(1, 0));
      });
    });
    ctl.when(reqFire, b -> {
      b.set(reqAddrReg.d(), nextAddr);
      step(b, req, rw, aiw, Expr.lit(1, 1), reqActive);
    });
    ctl.when(rspFire, b -> {
      b.set(rspBeat.d(), Expr.mux(beatLast, Expr.lit(bb, 0), rspBeat.q().addWrap(1)));
      b.when(burstEnd, e -> step(e, rsp, rw, aiw, Expr.lit(1, 1), rspActive));
    });
    ctl.when(distFire, b -> step(b, dst, rw, aiw, nextHasPairs, null));
    ctl.when(needHold.and(selValid), b -> b.set(heldOk.d(), Expr.lit(1, 1)));
    ctl.when(perpInFire, b -> b.when(perpInLast, l -> {
      l.set(feedPos.d(), Expr.lit(rw, 0));
      l.set(heldOk.d(), Expr.lit(1, 0));
      l.set(feedRow.d(), Expr.mux(feedRowLast, Expr.lit(rw, 0), feedRow.q().addWrap(1)));
      l.set(feedLane.d(), Expr.mux(feedLaneWrap, Expr.lit(aiw, 0), feedLane.q().addWrap(1)));
    }, l -> l.set(feedPos.d(), feedPos.q().addWrap(1))));
    ctl.when(finish, b -> {
      b.set(busy.d(), Expr.lit(1, 0));
      b.set(done.d(), Expr.lit(1, 1));
    });

    m.assign(reqValid, reqActive.q());
    m.assign(reqAddr, reqAddrReg.q());
    m.assign(reqLen, beatsLen);
    m.assign(busyOut, busy.q());
    m.assign(doneOut, done.q());

    // Assertions (simulation only): the DRAM and host handshakes (the memory side's rules on
    // the inputs, the engine's on the outputs), bursts answered only after their request, and
    // the sequencers in range.
    m.assertStableWhileStalled("dram_req_stable", reqValid, reqReady, reqAddr, reqLen);
    m.assertStableWhileStalled("dram_rsp_stable", rspValid, rspReady, rspData, rspLast);
    m.assertFraming("dram_rsp_framing", rspValid, rspReady, null, rspLast, f.beats);
    // A class has at most ceil(N / K) passes of K + N - 1 bursts.
    long maxBursts = (long) ((maxRows + anchors - 1) / anchors) * (anchors + maxRows - 1);
    m.assertOutstanding("dram_burst_after_request", reqFire, burstEnd, maxBursts);
    m.assertStableWhileStalled("host_stable", hostValid, hostReady, hostData);
    m.assertImplies("host_only_while_busy", hostValid, busy.q(),
        "a host record outside a class", hostData);
    m.assertImplies("dram_req_only_while_busy", reqValid, busy.q(),
        "a DRAM request outside a class", reqAddr);
    m.assertNever("busy_and_done", busy.q().and(done.q()), "busy_o and done_o together");
    m.assertAtMost("rsp_beat_in_range", rspBeat.q(), f.beats - 1);
    m.assertAtMost("feed_lane_in_range", feedLane.q(), anchors - 1);
    m.assertImplies("feed_row_in_range", busy.q(), feedRow.q().zext(kw).lt(rowsK),
        "feed_row_q must stay below ROWS", feedRow.q(), rows.q());
    m.assertImplies("out_row_in_range", busy.q(), outRow.q().zext(kw).lt(rowsK),
        "out_row_q must stay below ROWS", outRow.q(), rows.q());
    return m;
  }

  /**
   * One step of a walk: the next anchor, the stream after the last one, the next image of the
   * stream, the next pass after the stream (starting at anchor {@code startA}: 0, or 1 for the
   * distance walk, whose passes begin with anchor pair 1 when {@code nextHasPairs}), and at the
   * class's end {@code active} cleared (when given).
   */
  private static void step(nms.rtl.hdl.Block b, Walk w, int rw, int aiw, Expr nextHasPairs,
      Reg active) {
    boolean dist = active == null;
    b.when(w.anchor.q(), a -> a.when(w.lastAnchor, l -> {
      l.set(w.anchor.d(), Expr.lit(1, 0));
      l.set(w.j.d(), w.firstJ);
    }, l -> l.set(w.a.d(), w.a.q().addWrap(1))), a -> a.when(w.streamEnd, e -> {
      e.set(w.first.d(), w.nextFirst);
      e.set(w.anchor.d(), nextHasPairs);
      e.set(w.a.d(), Expr.lit(aiw, dist ? 1 : 0));
      // pK > 0 from the second pass on: the stream starts at image 0.
      e.set(w.j.d(), Expr.lit(rw, 0));
      if (!dist) {
        e.when(w.classEnd, c -> c.set(active.d(), Expr.lit(1, 0)));
      }
    }, e -> e.set(w.j.d(), w.nextJ)));
  }

  private static Expr andAll(Signal[] s) {
    Expr e = s[0];
    for (int k = 1; k < s.length; k++) {
      e = e.and(s[k]);
    }
    return e;
  }

  /** {@code v[sel]} as a mux chain (sel < v.length). */
  private static Expr select(Expr sel, Expr[] v) {
    Expr e = v[v.length - 1];
    for (int k = v.length - 2; k >= 0; k--) {
      e = Expr.mux(sel.eq(k), v[k], e);
    }
    return e;
  }
}
