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
 * beats}, in beats) it reads, for every row i, image i into the anchor buffer and then every image
 * j != i, streams (anchor beat, DRAM beat) pairs through {@code nms_distance} into {@code
 * nms_perplexity} as row i's distances, and sends the row's record {row, beta, entropy,
 * within_tol} to the host.
 *
 * <p>Three independent parts, joined by valid/ready only:
 * <ul>
 *   <li>the request sequencer issues one burst of {@code beats} beats per image, N per row, N * N
 *       per class, as fast as {@code dram_req_ready_i} allows (the DRAM answers in order);
 *   <li>the response sequencer counts beats, images and rows of the returning data: an anchor's
 *       beats go into {@code anchor_mem}, every other beat is paired with the anchor's beat of the
 *       same index (a registered read, the block-RAM shape) in a pipeline register in front of
 *       {@code nms_distance};
 *   <li>{@code nms_distance}'s results go through a FIFO as deep as a row into {@code
 *       nms_perplexity} ({@code last_i} on a row's (N-1)-th distance), and its results straight
 *       out to the host with the row index.
 * </ul>
 * So the next row's images stream while a row's beta is searched (the FIFO holds the whole next
 * row if need be), and the DRAM port stays busy unless a search outlasts a row's streaming; host
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
    // Row and image counters compared with ROWS and stepped by up to 2 stay exact in kw bits.
    int kw = Math.max(rw, nw) + 2;
    int maxRows = c.maxRowsPerClass();

    Module m = units.design().module(NAME, "near-memory engine: per row, burst-read the anchor"
        + " and the other " + "images of a class of 2.." + maxRows + " images (" + f.beats
        + " beats of " + bw + " bits each), distances, perplexity search, one record per row");
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
    m.comment("Request sequencer: per row i one burst for image i (the anchor), then one per"
        + " image j != i, ascending; the address is BASE + image * beats, wrapping");
    Reg reqActive = m.reg("req_active", 1, 0);
    Reg reqRow = m.reg("req_row", rw, 0);
    Reg reqAnchor = m.reg("req_anchor", 1, 0);
    Reg reqJ = m.reg("req_j", rw, 0);
    Reg reqAddrReg = m.reg("req_addr", aw, 0);
    Signal reqFire = m.wire("req_fire", reqActive.q().and(reqReady));
    Signal reqRowK = m.wire("req_row_k", reqRow.q().zext(kw));
    Signal reqJK = m.wire("req_j_k", reqJ.q().zext(kw));
    // After the anchor the first image is 0, or 1 for row 0; after image j it is j + 1, or j + 2
    // when j + 1 is the row's own image. The row ends when that passes the last image.
    Signal firstJ = m.wire("req_first_j", Expr.mux(reqRow.q().eq(0), Expr.lit(rw, 1),
        Expr.lit(rw, 0)));
    Signal candJ = m.wire("req_cand_j", Expr.mux(reqJK.addWrap(1).eq(reqRowK),
        reqJK.addWrap(2), reqJK.addWrap(1)));
    Signal reqRowEnd = m.wire("req_row_end", reqAnchor.q().not().and(candJ.ge(rowsK)));
    Signal reqClassEnd = m.wire("req_class_end", reqRowEnd.and(reqRowK.eq(lastRowK)));
    // candJ < ROWS <= max_rows_per_class and req_row + 1 < ROWS whenever they are used: rw bits.
    // (A named wire, because Icarus does not take a constant part-select inside always_comb.)
    Signal nextJ = m.wire("req_next_j", candJ.trunc(rw));
    Signal nextImage = m.wire("req_next_image", Expr.mux(reqAnchor.q(), firstJ,
        Expr.mux(reqRowEnd, reqRowK.addWrap(1).trunc(rw), nextJ)));
    Signal startImage = m.wire("req_start_image", Expr.lit(rw, 0));
    Signal image = m.wire("req_image", Expr.mux(go, startImage, nextImage));
    Signal offset = m.wire("req_offset", image.mul(f.beats).resize(aw));
    Signal nextAddr = m.wire("req_next_addr", base.q().addWrap(offset));

    // -----------------------------------------------------------------------------------------
    m.comment("Response sequencer: beats of a burst, images of a row (0 = the anchor), rows of"
        + " the class; the DRAM answers the bursts in order");
    Memory anchorMem = m.memory("anchor_mem", f.beats, bw);
    int bb = anchorMem.addressWidth();
    Reg rspActive = m.reg("rsp_active", 1, 0);
    Reg rspRow = m.reg("rsp_row", rw, 0);
    Reg rspImage = m.reg("rsp_image", rw, 0);
    Reg rspBeat = m.reg("rsp_beat", bb, 0);
    Signal rspAnchor = m.wire("rsp_anchor", rspImage.q().eq(0));
    Signal beatLast = m.wire("rsp_beat_last", rspBeat.q().eq(f.beats - 1));
    Signal imageLast = m.wire("rsp_image_last",
        rspImage.q().zext(kw).eq(lastRowK));
    Signal rowLast = m.wire("rsp_row_last", rspRow.q().zext(kw).eq(lastRowK));
    Signal pairAdvance = m.wire("pair_advance", 1);
    m.assign(rspReady, rspActive.q().and(rspAnchor.or(pairAdvance)));
    Signal rspFire = m.wire("rsp_fire", rspValid.and(rspReady));
    Signal anchorWrite = m.wire("anchor_write", rspFire.and(rspAnchor));
    Signal pairLoad = m.wire("pair_load", rspFire.and(rspAnchor.not()));
    anchorMem.write(anchorWrite, rspBeat.q(), rspData);
    Signal burstEnd = m.wire("rsp_burst_end", rspFire.and(beatLast));
    Signal rowEnd = m.wire("rsp_row_end", burstEnd.and(imageLast));
    Signal classEnd = m.wire("rsp_class_end", rowEnd.and(rowLast));
    m.markUnused(rspLast); // the engine counts beats itself; last only frames the burst

    // -----------------------------------------------------------------------------------------
    m.comment("Pair register in front of nms_distance: the DRAM beat and the anchor beat of the"
        + " same index (registered read of anchor_mem), with the pair's first/last flags");
    Reg pairValid = m.reg("pair_valid", 1, 0);
    Signal distInReady = m.wire("dist_in_ready", 1);
    m.assign(pairAdvance, pairValid.q().not().or(distInReady));
    pairValid.next(Expr.mux(pairAdvance, pairLoad, pairValid.q()));
    Reg pairA = m.regNoReset("pair_a", bw).next(anchorMem.read(rspBeat.q())).enableWhen(pairLoad);
    Reg pairB = m.regNoReset("pair_b", bw).next(rspData).enableWhen(pairLoad);
    Reg pairFirst = m.regNoReset("pair_first", 1).next(rspBeat.q().eq(0)).enableWhen(pairLoad);
    Reg pairLast = m.regNoReset("pair_last", 1).next(beatLast).enableWhen(pairLoad);

    // -----------------------------------------------------------------------------------------
    m.comment("nms_distance -> distance FIFO: a row is N - 1 distances, the last one flagged");
    Signal distValid = m.wire("dist_valid", 1);
    Signal distValue = m.wire("dist_value", f.distWidth);
    Signal fifoInReady = m.wire("fifo_in_ready", 1);
    m.instance("u_distance", distance)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", pairValid.q())
        .connect("in_ready_o", distInReady)
        .connect("in_first_i", pairFirst.q())
        .connect("in_last_i", pairLast.q())
        .connect("a_i", pairA.q())
        .connect("b_i", pairB.q())
        .connect("out_valid_o", distValid)
        .connect("out_ready_i", fifoInReady)
        .connect("dist_o", distValue);
    Reg distCount = m.reg("dist_count", rw, 0);
    // The row's distances are 0 .. N - 2: the last one has dist_count + 2 == N.
    Signal distLast = m.wire("dist_last", distCount.q().zext(kw).addWrap(2).eq(rowsK));
    Signal distFire = m.wire("dist_fire", distValid.and(fifoInReady));
    distCount.next(Expr.mux(distLast, Expr.lit(rw, 0), distCount.q().addWrap(1)))
        .enableWhen(distFire);

    // -----------------------------------------------------------------------------------------
    int depth = 1 << rw; // >= max_rows_per_class > N - 1: a whole row fits
    m.comment("Distance FIFO of " + depth + " entries (a whole row): the next rows' images stream"
        + " while nms_perplexity searches a row's beta. Memory with a registered read into the"
        + " output register, the block-RAM shape");
    Memory fifoMem = m.memory("dist_fifo", depth, f.distWidth + 1);
    Reg wrPtr = m.reg("fifo_wr_ptr", rw, 0);
    Reg rdPtr = m.reg("fifo_rd_ptr", rw, 0);
    Reg fifoCount = m.reg("fifo_count", rw + 1, 0); // entries in dist_fifo, not in fifo_out
    Reg outValid = m.reg("fifo_out_valid", 1, 0);
    Signal perpInReady = m.wire("perp_in_ready", 1);
    m.assign(fifoInReady, fifoCount.q().ne(depth));
    fifoMem.write(distFire, wrPtr.q(), Expr.cat(distLast, distValue));
    wrPtr.next(wrPtr.q().addWrap(1)).enableWhen(distFire);
    Signal pop = m.wire("fifo_pop",
        fifoCount.q().ne(0).and(outValid.q().not().or(perpInReady)));
    rdPtr.next(rdPtr.q().addWrap(1)).enableWhen(pop);
    Reg outEntry = m.regNoReset("fifo_out", f.distWidth + 1).next(fifoMem.read(rdPtr.q()))
        .enableWhen(pop);
    outValid.next(Expr.mux(pop, Expr.lit(1, 1),
        Expr.mux(perpInReady, Expr.lit(1, 0), outValid.q())));
    // count + push - pop: at most depth, since push needs count < depth.
    Signal countUp = m.wire("fifo_count_up",
        Expr.mux(distFire, fifoCount.q().addWrap(1), fifoCount.q()));
    fifoCount.next(Expr.mux(pop, countUp.subWrap(1), countUp));

    m.comment("distance FIFO -> nms_perplexity, results straight to the host");
    Signal perpValid = m.wire("perp_valid", 1);
    Signal beta = m.wire("perp_beta", f.betaWidth);
    Signal entropy = m.wire("perp_entropy", f.entropyWidth);
    Signal iterations = m.wire("perp_iterations", f.iterationWidth);
    Signal within = m.wire("perp_within", 1);
    m.instance("u_perplexity", perplexity)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", outValid.q())
        .connect("in_ready_o", perpInReady)
        .connect("last_i", outEntry.q().bit(f.distWidth))
        .connect("dist_i", outEntry.q().slice(f.distWidth - 1, 0))
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
    ctl.set(busy.d(), busy.q());
    ctl.set(done.d(), done.q());
    ctl.set(reqActive.d(), reqActive.q());
    ctl.set(reqRow.d(), reqRow.q());
    ctl.set(reqAnchor.d(), reqAnchor.q());
    ctl.set(reqJ.d(), reqJ.q());
    ctl.set(reqAddrReg.d(), reqAddrReg.q());
    ctl.set(rspActive.d(), rspActive.q());
    ctl.set(rspRow.d(), rspRow.q());
    ctl.set(rspImage.d(), rspImage.q());
    ctl.set(rspBeat.d(), rspBeat.q());
    ctl.when(start, b -> {
      b.set(done.d(), rowsOk.q().not());
      b.when(rowsOk.q(), s -> {
        s.set(busy.d(), Expr.lit(1, 1));
        s.set(reqActive.d(), Expr.lit(1, 1));
        s.set(reqRow.d(), Expr.lit(rw, 0));
        s.set(reqAnchor.d(), Expr.lit(1, 1));
        s.set(reqJ.d(), Expr.lit(rw, 0));
        s.set(reqAddrReg.d(), nextAddr);
        s.set(rspActive.d(), Expr.lit(1, 1));
        s.set(rspRow.d(), Expr.lit(rw, 0));
        s.set(rspImage.d(), Expr.lit(rw, 0));
        s.set(rspBeat.d(), Expr.lit(bb, 0));
      });
    });
    ctl.when(reqFire, b -> {
      b.set(reqAddrReg.d(), nextAddr);
      b.when(reqAnchor.q(), a -> {
        a.set(reqAnchor.d(), Expr.lit(1, 0));
        a.set(reqJ.d(), firstJ);
      }, a -> a.when(reqRowEnd, e -> {
        e.set(reqAnchor.d(), Expr.lit(1, 1));
        e.set(reqRow.d(), reqRow.q().addWrap(1));
        e.when(reqClassEnd, l -> l.set(reqActive.d(), Expr.lit(1, 0)));
      }, e -> e.set(reqJ.d(), nextJ)));
    });
    ctl.when(rspFire, b -> {
      b.set(rspBeat.d(), Expr.mux(beatLast, Expr.lit(bb, 0), rspBeat.q().addWrap(1)));
      b.when(burstEnd, e -> e.set(rspImage.d(), Expr.mux(imageLast, Expr.lit(rw, 0),
          rspImage.q().addWrap(1))));
      b.when(rowEnd, e -> e.set(rspRow.d(), rspRow.q().addWrap(1)));
      b.when(classEnd, e -> e.set(rspActive.d(), Expr.lit(1, 0)));
    });
    ctl.when(finish, b -> {
      b.set(busy.d(), Expr.lit(1, 0));
      b.set(done.d(), Expr.lit(1, 1));
    });

    m.assign(reqValid, reqActive.q());
    m.assign(reqAddr, reqAddrReg.q());
    m.assign(reqLen, beatsLen);
    m.assign(busyOut, busy.q());
    m.assign(doneOut, done.q());
    return m;
  }
}
