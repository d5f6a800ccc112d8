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
 * {@code nms_engine}, the one-pass near-memory top level and twin of {@link NmsEngine}
 * (docs/ARITHMETIC.md section 10). It reads the N images of a class once, in order; each goes
 * through {@code nms_sketch} (or straight on for {@code sketch = none}) into the on-chip store.
 * K = {@code engine_anchors} lanes, each a distance instance, an {@code nms_knn} and an
 * {@code nms_perplexity}, serve K rows per pass: a pass streams the N store rows once, rotated so
 * its anchors come first (pass 0 as they are written), pairs every word with the same word of
 * every anchor buffer, and gives each lane's {@code nms_knn} the row's N - 1 candidates; the
 * kept entries go to the lane's search while the next pass streams, and the records leave in
 * row order.
 *
 * <p>Independent parts, joined by valid/ready only: the request sequencer (N bursts), the load
 * (DRAM beats, the sketch and its word serializer), the stream (store words, pass by pass, into
 * a registered read stage and the pair registers in front of the K distance instances, which run
 * in lock step), the distance walk that routes each result to the lanes (an anchor's pairs with
 * the anchors before it give both lanes a candidate: the later lane's is held until its
 * {@code nms_knn} takes it), and the host collector taking the lanes in turn.
 */
public final class EngineUnit implements UnitGenerator {
  public static final String NAME = "nms_engine";
  /** The distance of two sketches, built only when {@code sketch != none}. */
  public static final String SKETCH_DISTANCE = "nms_sketch_distance";

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
        .summary("The one-pass near-memory engine (docs/ARITHMETIC.md section 10): it reads a"
            + " class of N images once into an on-chip store of " + f.storeBits + " bits ("
            + (f.sketchPattern == null ? "the images" : "their sketches") + "), and with K = "
            + k + " lanes (a distance instance, `nms_knn` with k = " + f.knnK
            + ", `nms_perplexity` each) sends the host one record `{row, beta, entropy,"
            + " within_tol}` per row, the row calibrated on its k nearest rows.")
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
        .port("dram_req_addr_o", "beat address", "image k's first beat, `BASE + k * beats`"
            + " modulo 2^" + Formats.DRAM_ADDR_WIDTH + ", k = 0 .. N - 1 once each")
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
        .timingBound("dram_cycles", "DRAM beats per class of N = max_rows_per_class images:"
            + " each image once", "N * beats", n * f.beats)
        .timingBound("distance_cycles", "beats per distance instance per class of N ="
            + " max_rows_per_class (each pass streams the N store rows once; section 10.4)",
            "ceil(N / K) * N * sketch_beats", passes * n * f.sketchBeats)
        .framing("The engine counts beats (`beats` = " + f.beats + " per burst) and ignores"
            + " `dram_rsp_last_i`. Records leave in row order; `done_o` rises the cycle after"
            + " the last is taken.")
        .outOfRange("START with ROWS outside 2 .. " + n + " (checked on all 32 bits)",
            "nothing is read; only `done_o` is set")
        .outOfRange("BASE or ROWS written, or START, while `busy_o`", "ignored")
        .note("`cfg_valid_i` has no ready: a write is taken in every cycle it is high.")
        .note("Store: " + f.storeWords + " words of " + f.storeWordWidth + " bits ("
            + f.storeBits + " bits); anchor buffers: " + k + " x " + f.sketchBeats + " words;"
            + " the search takes compared distances >> engine_dist_shift = " + f.engineDistShift
            + ".");
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    boolean sketched = f.sketchPattern != null;
    Module distance = sketched ? DistanceUnit.buildSketch(units, SKETCH_DISTANCE)
        : units.get(DistanceUnit.NAME);
    Module perplexity = units.get(PerplexityUnit.NAME);
    Module knn = units.get(KnnUnit.NAME);
    Module sketch = sketched ? units.get(SketchUnit.NAME) : null;
    int aw = Formats.DRAM_ADDR_WIDTH;
    int cw = Formats.CFG_DATA_WIDTH;
    int bw = f.beatWidth;
    int rw = f.rowIndexWidth;
    int nw = f.rowsWidth;
    int cdw = f.knnDistWidth; // compared distance: sketch (or image) distance
    int sw = f.storeWordWidth;
    int sb = f.sketchBeats;
    int lanes = f.engineAnchors;
    // Row counters compared with ROWS and stepped by up to K stay exact in kw bits.
    int kw = Math.max(rw, nw) + 1 + Formats.bits(lanes);
    int maxRows = c.maxRowsPerClass();

    Module m = units.design().module(NAME, "one-pass near-memory engine: read a class of 2.."
        + maxRows + " images once (" + f.beats + " beats of " + bw + " bits) into the "
        + (sketched ? "sketch" : "image") + " store, " + lanes + " lane(s) of distance, kNN"
        + " (k = " + f.knnK + ") and perplexity search, one record per row");
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
    Signal rowsK = m.wire("rows_k", rows.q().zext(kw));
    Signal lastRowK = m.wire("last_row_k", rowsK.subWrap(1));

    // -----------------------------------------------------------------------------------------
    m.comment("Request sequencer: image k = 0 .. N - 1 once, at BASE + k * beats (wrapping)");
    Reg reqActive = m.reg("req_active", 1, 0);
    Reg reqAddrReg = m.reg("req_addr", aw, 0);
    Reg reqRow = m.reg("req_row", rw, 0);
    Signal reqFire = m.wire("req_fire", reqActive.q().and(reqReady));
    Signal reqLastRow = m.wire("req_last_row", reqRow.q().zext(kw).eq(lastRowK));
    Signal beatsAw = m.constant("BeatsAddr", aw, f.beats);

    // -----------------------------------------------------------------------------------------
    m.comment("Load: the response beats of the N bursts, in order"
        + (sketched ? ", through nms_sketch and a serializer into sketch_beats store words"
            : ": each beat is a store word"));
    Reg rspActive = m.reg("rsp_active", 1, 0);
    int bbw = Formats.bits(Math.max(1, f.beats - 1));
    Reg rspBeat = m.reg("rsp_beat", bbw, 0);
    Reg rspRow = m.reg("rsp_row", rw, 0);
    Signal beatLast = m.wire("rsp_beat_last", rspBeat.q().eq(f.beats - 1));
    Signal rspLastRow = m.wire("rsp_last_row", rspRow.q().zext(kw).eq(lastRowK));
    Signal rspFire = m.wire("rsp_fire", rspValid.and(rspReady));
    Signal burstEnd = m.wire("rsp_burst_end", rspFire.and(beatLast));
    m.markUnused(rspLast); // the engine counts beats itself; last only frames the burst
    Signal loadReady = m.wire("load_ready", 1);
    Signal loadValid;
    Signal loadWord;
    Reg serWords = null;
    Reg serData = null;
    Signal sketchOutValid = null;
    Signal sketchOut = null;
    if (sketched) {
      Signal sketchInReady = m.wire("sketch_in_ready", 1);
      sketchOutValid = m.wire("sketch_out_valid", 1);
      sketchOut = m.wire("sketch_out", f.sketchBits);
      Signal sketchOutReady = m.wire("sketch_out_ready", 1);
      m.instance("u_sketch", sketch)
          .connect("clk_i", clk)
          .connect("rst_ni", rst)
          .connect("in_valid_i", rspValid.and(rspActive.q()))
          .connect("in_ready_o", sketchInReady)
          .connect("in_first_i", rspBeat.q().eq(0))
          .connect("in_last_i", beatLast)
          .connect("pixels_i", rspData)
          .connect("out_valid_o", sketchOutValid)
          .connect("out_ready_i", sketchOutReady)
          .connect("sketch_o", sketchOut);
      m.assign(rspReady, rspActive.q().and(sketchInReady));
      int swc = Formats.bits(sb);
      serWords = m.reg("ser_words", swc, 0); // words of the held sketch still to send
      serData = m.regNoReset("ser_data", sb * sw);
      loadValid = m.wire("load_valid", serWords.q().ne(0));
      loadWord = m.wire("load_word", serData.q().slice(sw - 1, 0));
      Signal loadFire = m.wire("load_fire", loadValid.and(loadReady));
      m.assign(sketchOutReady, serWords.q().eq(0).or(serWords.q().eq(1).and(loadFire)));
      Signal serLoad = m.wire("ser_load", sketchOutValid.and(sketchOutReady));
      serData.next(Expr.mux(serLoad, sketchOut.zext(sb * sw),
          sb == 1 ? serData.q() : serData.q().shr(sw)))
          .enableWhen(serLoad.or(loadFire));
      serWords.next(Expr.mux(serLoad, Expr.lit(swc, sb), serWords.q().subWrap(1)))
          .enableWhen(serLoad.or(loadFire));
    } else {
      loadValid = m.wire("load_valid", rspValid.and(rspActive.q()));
      loadWord = m.wire("load_word", rspData);
      m.assign(rspReady, rspActive.q().and(loadReady));
    }

    // -----------------------------------------------------------------------------------------
    m.comment("Store: " + f.storeWords + " words of " + sw + " bits, row r at r * " + sb
        + "; written once by pass 0's stream, read by the later passes");
    Memory store = m.memory("store_mem", (int) f.storeWords, sw);
    int sa = store.addressWidth();
    Memory[] anchorMem = new Memory[lanes];
    for (int a = 0; a < lanes; a++) {
      anchorMem[a] = m.memory("anchor_mem_" + a, sb, sw);
    }
    int wb = anchorMem[0].addressWidth();

    m.comment("Stream: per pass the N store rows from pK on (rotated), sketch_beats words each;"
        + " pass 0 takes the load's words as they are written");
    Reg strActive = m.reg("str_active", 1, 0);
    Reg strPass0 = m.reg("str_pass0", 1, 0);
    Reg strFirst = m.reg("str_first", rw, 0);
    Reg strT = m.reg("str_t", rw, 0);
    Reg strR = m.reg("str_r", rw, 0);
    Reg strW = m.reg("str_w", wb, 0);
    Reg rdAddr = m.reg("rd_addr", sa, 0);
    Reg wrAddr = m.reg("wr_addr", sa, 0);
    Signal srcAdvance = m.wire("src_advance", 1);
    Signal srcValid = m.wire("src_valid",
        strActive.q().and(Expr.mux(strPass0.q(), loadValid, Expr.lit(1, 1))));
    Signal srcFire = m.wire("src_fire", srcValid.and(srcAdvance));
    m.assign(loadReady, strActive.q().and(strPass0.q()).and(srcAdvance));
    store.write(m.wire("store_write", srcFire.and(strPass0.q())), wrAddr.q(), loadWord);
    Signal strWLast = m.wire("str_w_last", strW.q().eq(sb - 1));
    Signal strRowEnd = m.wire("str_row_end", srcFire.and(strWLast));
    Signal strRLast = m.wire("str_r_last", strR.q().zext(kw).eq(lastRowK));
    Signal strTLast = m.wire("str_t_last", strT.q().zext(kw).eq(lastRowK));
    Signal strNextFirstK = m.wire("str_next_first_k", strFirst.q().zext(kw).addWrap(lanes));
    Signal strClassEnd = m.wire("str_class_end", strNextFirstK.ge(rowsK));
    Signal strNextFirst = m.wire("str_next_first", strNextFirstK.trunc(rw));
    // (pK + K) * sketch_beats < N * sketch_beats <= store_words when used.
    Signal strNextAddr = m.wire("str_next_addr",
        strNextFirst.mul(sb).narrow(sa, (long) (maxRows - 1) * sb));

    m.comment("Read stage: the stream word in a register (the store's registered read)");
    Reg srcQValid = m.reg("src_q_valid", 1, 0);
    Reg srcWord = m.regNoReset("src_word", sw)
        .next(Expr.mux(strPass0.q(), loadWord, store.read(rdAddr.q()))).enableWhen(srcFire);
    Reg srcW = m.regNoReset("src_w", wb).next(strW.q()).enableWhen(srcFire);
    Reg srcT = m.regNoReset("src_t", rw).next(strT.q()).enableWhen(srcFire);
    Signal pairAdvance = m.wire("pair_advance", 1);
    m.assign(srcAdvance, srcQValid.q().not().or(pairAdvance));
    srcQValid.next(Expr.mux(srcAdvance, srcValid, srcQValid.q()));
    Signal pairLoad = m.wire("pair_load", srcQValid.q().and(pairAdvance));

    m.comment("Pair registers in front of the distance instances: the stream word and every"
        + " anchor's word of the same index; anchor t's words are written while they pass");
    Reg pairValid = m.reg("pair_valid", 1, 0);
    Signal distInReady = m.wire("dist_in_ready", 1);
    m.assign(pairAdvance, pairValid.q().not().or(distInReady));
    pairValid.next(Expr.mux(pairAdvance, srcQValid.q(), pairValid.q()));
    Reg[] pairA = new Reg[lanes];
    for (int a = 0; a < lanes; a++) {
      anchorMem[a].write(m.wire("anchor_write_" + a, pairLoad.and(srcT.q().eq(a))), srcW.q(),
          srcWord.q());
      // Lane a's result counts only once t > a (its anchor is stored); before that its memory
      // may hold no row yet after reset, so the operand is 0 rather than X in simulation.
      pairA[a] = m.regNoReset("pair_a_" + a, sw)
          // (widened where no rw-bit t exceeds a: a constant compare is a CMPCONST warning)
          .next(Expr.mux((a >= (1L << rw) - 1 ? srcT.q().zext(rw + 1) : srcT.q()).gt(a),
              anchorMem[a].read(srcW.q()), Expr.lit(sw, 0)))
          .enableWhen(pairLoad);
    }
    Reg pairB = m.regNoReset("pair_b", sw).next(srcWord.q()).enableWhen(pairLoad);
    Reg pairFirst = m.regNoReset("pair_first", 1).next(srcW.q().eq(0)).enableWhen(pairLoad);
    Reg pairLast = m.regNoReset("pair_last", 1).next(srcW.q().eq(sb - 1)).enableWhen(pairLoad);

    // -----------------------------------------------------------------------------------------
    m.comment(lanes + " distance instance(s) in lock step (same stream word and handshakes,"
        + " so their valid and ready agree; the AND only reads them all)");
    Signal distOutReady = m.wire("dist_out_ready", 1);
    Signal[] distValidK = new Signal[lanes];
    Signal[] distInReadyK = new Signal[lanes];
    Signal[] distValue = new Signal[lanes];
    for (int a = 0; a < lanes; a++) {
      distValidK[a] = m.wire("dist_valid_" + a, 1);
      distInReadyK[a] = m.wire("dist_in_ready_" + a, 1);
      distValue[a] = m.wire("dist_value_" + a, cdw);
      m.instance("u_distance_" + a, distance)
          .connect("clk_i", clk)
          .connect("rst_ni", rst)
          .connect("in_valid_i", pairValid.q())
          .connect("in_ready_o", distInReadyK[a])
          .connect("in_first_i", pairFirst.q())
          .connect("in_last_i", pairLast.q())
          .connect("a_i", pairA[a].q())
          .connect("b_i", pairB.q())
          .connect("out_valid_o", distValidK[a])
          .connect("out_ready_i", distOutReady)
          .connect("dist_o", distValue[a]);
    }
    m.assign(distInReady, andAll(distInReadyK));
    Signal distValid = m.wire("dist_valid", andAll(distValidK));
    Signal distFire = m.wire("dist_fire", distValid.and(distOutReady));

    // -----------------------------------------------------------------------------------------
    m.comment("Distance walk: the results in stream order. Lane a takes (r, d_a) when t > a;"
        + " anchor t (t < K) also gives lane t the candidates (pK + a, d_a), a < t, held in"
        + " pend_* until its nms_knn takes them");
    Reg dstFirst = m.reg("dst_first", rw, 0);
    Reg dstT = m.reg("dst_t", rw, 0);
    Reg dstR = m.reg("dst_r", rw, 0);
    Signal dstFirstK = m.wire("dst_first_k", dstFirst.q().zext(kw));
    Signal dstTLast = m.wire("dst_t_last", dstT.q().zext(kw).eq(lastRowK));
    Signal dstRLast = m.wire("dst_r_last", dstR.q().zext(kw).eq(lastRowK));
    Signal dstNextFirstK = m.wire("dst_next_first_k", dstFirstK.addWrap(lanes));
    Signal dstNextFirst = m.wire("dst_next_first", dstNextFirstK.trunc(rw));
    m.markUnused(dstNextFirstK.slice(kw - 1, rw)); // wraps after the last pass; unused then

    Signal[] knnInReady = new Signal[lanes];
    Signal[] laneTake = new Signal[lanes];
    Expr outReadyAll = Expr.lit(1, 1);
    Signal[] direct = new Signal[lanes];
    Signal[] laneOkK = new Signal[lanes];
    Signal[][] pendValid = new Signal[lanes][];
    Reg[][] pendValidReg = new Reg[lanes][];
    Reg[][] pendDist = new Reg[lanes][];
    Reg[][] pendIdx = new Reg[lanes][];
    Signal[] hasPend = new Signal[lanes];
    for (int b = 0; b < lanes; b++) {
      knnInReady[b] = m.wire("knn_in_ready_" + b, 1);
      Signal laneOk = m.wire("lane_ok_" + b, dstFirstK.addWrap(b).lt(rowsK));
      laneOkK[b] = laneOk;
      // dst_t < 2^rw: a lane b >= 2^rw - 1 never takes a direct result (and a compare that is
      // constant over dst_t's range is a lint warning), so its term is a literal 0.
      Expr tAbove = b >= (1L << rw) - 1 ? Expr.lit(1, 0) : dstT.q().gt(b);
      direct[b] = m.wire("direct_" + b, laneOk.and(tAbove));
      pendValidReg[b] = new Reg[b];
      pendDist[b] = new Reg[b];
      pendIdx[b] = new Reg[b];
      pendValid[b] = new Signal[b];
      Expr any = Expr.lit(1, 0);
      for (int a = 0; a < b; a++) {
        pendValidReg[b][a] = m.reg("pend_valid_" + b + "_" + a, 1, 0);
        pendValid[b][a] = pendValidReg[b][a].q();
        any = any.or(pendValid[b][a]);
      }
      hasPend[b] = m.wire("has_pend_" + b, any);
      laneTake[b] = m.wire("lane_take_" + b, knnInReady[b].and(hasPend[b].not()));
      outReadyAll = outReadyAll.and(direct[b].not().or(laneTake[b]));
    }
    m.assign(distOutReady, outReadyAll);
    Signal[] pendSet = new Signal[lanes];
    for (int b = 1; b < lanes; b++) {
      // Only for a lane that serves a row in this pass (the last pass may have fewer).
      Signal set = m.wire("pend_set_" + b, distFire.and(dstT.q().eq(b)).and(laneOkK[b]));
      pendSet[b] = set;
      m.assertImplies("pend_" + b + "_free", set, hasPend[b].not(),
          "anchor pairs for a lane that still holds some", dstFirst.q());
      for (int a = 0; a < b; a++) {
        pendDist[b][a] = m.regNoReset("pend_dist_" + b + "_" + a, cdw).next(distValue[a])
            .enableWhen(set);
        pendIdx[b][a] = m.regNoReset("pend_idx_" + b + "_" + a, rw)
            .next(dstFirst.q().addWrap(Expr.lit(rw, a))).enableWhen(set);
      }
    }

    // -----------------------------------------------------------------------------------------
    m.comment("Lanes: candidates into nms_knn (held ones first, lowest anchor first), kept"
        + " entries into nms_perplexity (compared distance >> " + f.engineDistShift + ")");
    Signal[] perpValid = new Signal[lanes];
    Signal[] perpReady = new Signal[lanes];
    Signal[] perpBeta = new Signal[lanes];
    Signal[] perpEntropy = new Signal[lanes];
    Signal[] perpWithin = new Signal[lanes];
    Reg[] candCount = new Reg[lanes];
    for (int b = 0; b < lanes; b++) {
      Expr selDist = distValue[b];
      Expr selIdx = dstR.q();
      Expr[] clear = new Expr[b];
      Expr earlier = Expr.lit(1, 0);
      for (int a = 0; a < b; a++) {
        clear[a] = pendValid[b][a].and(earlier.not());
        earlier = earlier.or(pendValid[b][a]);
      }
      for (int a = b - 1; a >= 0; a--) {
        selDist = Expr.mux(clear[a], pendDist[b][a].q(), selDist);
        selIdx = Expr.mux(clear[a], pendIdx[b][a].q(), selIdx);
      }
      Signal knnValid = m.wire("knn_valid_" + b,
          hasPend[b].or(distValid.and(direct[b]).and(distOutReady)));
      Signal knnFire = m.wire("knn_fire_" + b, knnValid.and(knnInReady[b]));
      for (int a = 0; a < b; a++) {
        pendValidReg[b][a].next(Expr.mux(pendSet[b], Expr.lit(1, 1),
            Expr.mux(knnFire.and(clear[a]), Expr.lit(1, 0), pendValid[b][a])));
      }
      candCount[b] = m.reg("cand_count_" + b, rw, 0);
      Signal candLast = m.wire("cand_last_" + b,
          candCount[b].q().zext(kw).addWrap(2).eq(rowsK));
      candCount[b].next(Expr.mux(candLast, Expr.lit(rw, 0), candCount[b].q().addWrap(1)))
          .enableWhen(knnFire);
      Signal knnOutValid = m.wire("knn_out_valid_" + b, 1);
      Signal knnOutLast = m.wire("knn_out_last_" + b, 1);
      Signal knnOutIdx = m.wire("knn_out_idx_" + b, f.knnIndexWidth);
      Signal knnOutDist = m.wire("knn_out_dist_" + b, cdw);
      Signal perpInReady = m.wire("perp_in_ready_" + b, 1);
      m.instance("u_knn_" + b, knn)
          .connect("clk_i", clk)
          .connect("rst_ni", rst)
          .connect("in_valid_i", knnValid)
          .connect("in_ready_o", knnInReady[b])
          .connect("in_first_i", candCount[b].q().eq(0))
          .connect("in_last_i", candLast)
          .connect("idx_i", selIdx)
          .connect("dist_i", selDist)
          .connect("out_valid_o", knnOutValid)
          .connect("out_ready_i", perpInReady)
          .connect("out_last_o", knnOutLast)
          .connect("out_idx_o", knnOutIdx)
          .connect("out_dist_o", knnOutDist);
      m.markUnused(knnOutIdx); // the record carries no neighbour indices (spec 10.2)
      Expr searched = f.engineDistShift == 0 ? knnOutDist
          : knnOutDist.shr(f.engineDistShift);
      Signal perpDist = m.wire("perp_dist_" + b,
          searched.narrow(f.distWidth, f.sketchMaxDist >>> f.engineDistShift));
      perpValid[b] = m.wire("perp_valid_" + b, 1);
      perpReady[b] = m.wire("perp_ready_" + b, 1);
      perpBeta[b] = m.wire("perp_beta_" + b, f.betaWidth);
      perpEntropy[b] = m.wire("perp_entropy_" + b, f.entropyWidth);
      perpWithin[b] = m.wire("perp_within_" + b, 1);
      Signal iterations = m.wire("perp_iterations_" + b, f.iterationWidth);
      m.instance("u_perplexity_" + b, perplexity)
          .connect("clk_i", clk)
          .connect("rst_ni", rst)
          .connect("in_valid_i", knnOutValid)
          .connect("in_ready_o", perpInReady)
          .connect("last_i", knnOutLast)
          .connect("dist_i", perpDist)
          .connect("out_valid_o", perpValid[b])
          .connect("out_ready_i", perpReady[b])
          .connect("beta_o", perpBeta[b])
          .connect("entropy_o", perpEntropy[b])
          .connect("iterations_o", iterations)
          .connect("within_tol_o", perpWithin[b]);
      m.markUnused(iterations); // not part of the record (spec 10.2)
    }

    // -----------------------------------------------------------------------------------------
    m.comment("Host stream: the lanes in turn (row r is lane r mod K), {row, beta, entropy,"
        + " within_tol}, held by the lane's nms_perplexity until taken");
    Reg outRow = m.reg("out_row", rw, 0);
    int lw = f.anchorIndexWidth;
    Reg outLane = m.reg("out_lane", lw, 0);
    Signal selValid = m.wire("out_sel_valid", select(outLane.q(), perpValid));
    Signal hostFire = m.wire("host_fire", selValid.and(hostReady));
    for (int b = 0; b < lanes; b++) {
      m.assign(perpReady[b], hostReady.and(outLane.q().eq(b)));
    }
    Signal outLast = m.wire("out_last", outRow.q().zext(kw).eq(lastRowK));
    Signal finish = m.wire("finish", hostFire.and(outLast));
    outRow.next(Expr.mux(outLast, Expr.lit(rw, 0), outRow.q().addWrap(1))).enableWhen(hostFire);
    outLane.next(Expr.mux(outLast.or(outLane.q().eq(lanes - 1)), Expr.lit(lw, 0),
        outLane.q().addWrap(1))).enableWhen(hostFire);
    m.assign(hostValid, selValid);
    m.assign(hostData, Expr.cat(outRow.q(), select(outLane.q(), perpBeta),
        select(outLane.q(), perpEntropy), select(outLane.q(), perpWithin)));

    // -----------------------------------------------------------------------------------------
    Comb ctl = m.comb("Control: start, sequencer steps, finish");
    for (Reg r : new Reg[] {busy, done, reqActive, reqAddrReg, reqRow, rspActive, rspBeat,
        rspRow, strActive, strPass0, strFirst, strT, strR, strW, rdAddr, wrAddr, dstFirst, dstT,
        dstR}) {
      ctl.set(r.d(), r.q());
    }
    ctl.when(start, b -> {
      b.set(done.d(), rowsOk.q().not());
      b.when(rowsOk.q(), s -> {
        s.set(busy.d(), Expr.lit(1, 1));
        s.set(reqActive.d(), Expr.lit(1, 1));
        s.set(reqAddrReg.d(), base.q());
        s.set(reqRow.d(), Expr.lit(rw, 0));
        s.set(rspActive.d(), Expr.lit(1, 1));
        s.set(rspBeat.d(), Expr.lit(bbw, 0));
        s.set(rspRow.d(), Expr.lit(rw, 0));
        s.set(strActive.d(), Expr.lit(1, 1));
        s.set(strPass0.d(), Expr.lit(1, 1));
        for (Reg r : new Reg[] {strFirst, strT, strR, dstFirst, dstT, dstR}) {
          s.set(r.d(), Expr.lit(rw, 0));
        }
        s.set(strW.d(), Expr.lit(wb, 0));
        s.set(rdAddr.d(), Expr.lit(sa, 0));
        s.set(wrAddr.d(), Expr.lit(sa, 0));
      });
    });
    ctl.when(reqFire, b -> {
      b.set(reqAddrReg.d(), reqAddrReg.q().addWrap(beatsAw));
      b.set(reqRow.d(), reqRow.q().addWrap(1));
      b.when(reqLastRow, l -> l.set(reqActive.d(), Expr.lit(1, 0)));
    });
    ctl.when(rspFire, b -> {
      b.set(rspBeat.d(), Expr.mux(beatLast, Expr.lit(bbw, 0), rspBeat.q().addWrap(1)));
      b.when(burstEnd, e -> {
        e.set(rspRow.d(), rspRow.q().addWrap(1));
        e.when(rspLastRow, l -> l.set(rspActive.d(), Expr.lit(1, 0)));
      });
    });
    ctl.when(srcFire, b -> {
      b.when(strPass0.q(), w -> w.set(wrAddr.d(), wrAddr.q().addWrap(1)));
      b.set(rdAddr.d(), Expr.mux(strRLast.and(strWLast), Expr.lit(sa, 0), rdAddr.q().addWrap(1)));
      b.set(strW.d(), Expr.mux(strWLast, Expr.lit(wb, 0), strW.q().addWrap(1)));
    });
    ctl.when(strRowEnd, b -> b.when(strTLast, e -> {
      e.set(strPass0.d(), Expr.lit(1, 0));
      e.set(strT.d(), Expr.lit(rw, 0));
      e.set(strFirst.d(), strNextFirst);
      e.set(strR.d(), strNextFirst);
      e.set(rdAddr.d(), strNextAddr);
      e.when(strClassEnd, x -> x.set(strActive.d(), Expr.lit(1, 0)));
    }, e -> {
      e.set(strT.d(), strT.q().addWrap(1));
      e.set(strR.d(), Expr.mux(strRLast, Expr.lit(rw, 0), strR.q().addWrap(1)));
    }));
    ctl.when(distFire, b -> b.when(dstTLast, e -> {
      e.set(dstT.d(), Expr.lit(rw, 0));
      e.set(dstFirst.d(), dstNextFirst);
      e.set(dstR.d(), dstNextFirst);
    }, e -> {
      e.set(dstT.d(), dstT.q().addWrap(1));
      e.set(dstR.d(), Expr.mux(dstRLast, Expr.lit(rw, 0), dstR.q().addWrap(1)));
    }));
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
    // the inputs, the engine's on the outputs), bursts answered only after their request, each
    // image requested once, and the sequencers in range.
    m.assertStableWhileStalled("dram_req_stable", reqValid, reqReady, reqAddr, reqLen);
    m.assertStableWhileStalled("dram_rsp_stable", rspValid, rspReady, rspData, rspLast);
    m.assertFraming("dram_rsp_framing", rspValid, rspReady, null, rspLast, f.beats);
    m.assertOutstanding("dram_burst_after_request", reqFire, burstEnd, maxRows);
    m.assertStableWhileStalled("host_stable", hostValid, hostReady, hostData);
    m.assertImplies("host_only_while_busy", hostValid, busy.q(),
        "a host record outside a class", hostData);
    m.assertImplies("dram_req_only_while_busy", reqValid, busy.q(),
        "a DRAM request outside a class", reqAddr);
    m.assertImplies("dram_rsp_only_while_loading", rspFire, rspActive.q(),
        "a response beat after the class's N images", rspRow.q());
    m.assertNever("busy_and_done", busy.q().and(done.q()), "busy_o and done_o together");
    m.assertAtMost("rsp_beat_in_range", rspBeat.q(), f.beats - 1);
    m.assertAtMost("str_w_in_range", strW.q(), sb - 1);
    m.assertAtMost("out_lane_in_range", outLane.q(), lanes - 1);
    m.assertImplies("store_write_in_range", srcFire.and(strPass0.q()),
        wrAddr.q().zext(kw + sa).lt(rowsK.zext(kw + sa).mul(sb).resize(kw + sa)),
        "a store write past the class's N rows", wrAddr.q(), rows.q());
    m.assertImplies("out_row_in_range", busy.q(), outRow.q().zext(kw).lt(rowsK),
        "out_row_q must stay below ROWS", outRow.q(), rows.q());
    m.assertImplies("dst_t_in_range", busy.q(), dstT.q().zext(kw).lt(rowsK),
        "dst_t_q must stay below ROWS", dstT.q(), rows.q());
    return m;
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
