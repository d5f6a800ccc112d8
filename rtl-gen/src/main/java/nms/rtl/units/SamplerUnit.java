package nms.rtl.units;

import nms.config.NmsConfig;
import nms.golden.NmsSampler;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Memory;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_sampler} (docs/ARITHMETIC.md section 13): a class's 2-D coordinates stream in and
 * are stored on chip, then farthest-first init, Lloyd iterations and the nearest-row pick run one
 * row-centre pair per cycle, and the chosen rows' indices stream out ascending.
 *
 * <p>Coordinates are held offset by 2^30 (the sign bit flipped), so every value is unsigned and
 * the centre update's half-up rounding is the twin's. Memories read combinationally; each has one
 * write port, shared by the phases (a phase writes one word per cycle at most). The sums and
 * counts are cleared while the rows load (rows 0 .. b-1, b <= n) and after each centre update
 * reads them, so no pass spends cycles clearing.
 */
public class SamplerUnit implements UnitGenerator {
  public static final String NAME = "nms_sampler";
  /** Cycles per centre update: one to load the serial dividers, one per quotient bit. */
  public static final int UPDATE_CYCLES = NmsSampler.UPDATE_CYCLES;

  private static final int LOAD = 0;
  private static final int INIT_C = 1;
  private static final int INIT_SCAN = 2;
  private static final int ASSIGN = 3;
  private static final int DECIDE = 4;
  private static final int UPD_START = 5;
  private static final int UPD_DIV = 6;
  private static final int PICK = 7;
  private static final int OUT = 8;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsSampler.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    int nMax = c.maxRowsPerClass();
    int bMax = c.samplerMaxCentres();
    return new UnitSheet()
        .summary("Selects b of a class's n rows from their 2-D embedding coordinates: k-means"
            + " with farthest-first init, at most sampler_iterations = " + c.samplerIterations()
            + " centre updates, then per centre the nearest row not yet chosen"
            + " (docs/ARITHMETIC.md section 13). Up to " + nMax + " rows, b <= "
            + bMax + " (sampler_max_centres).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a row's coordinates are offered")
        .port("in_ready_o", "flag", "the unit takes them (high while rows load)")
        .port("in_last_i", "flag", "the class's last row; selection starts after it")
        .port("in_x_i", "signed two's complement Q.20", "x of the row (|x| < 2^30)")
        .port("in_y_i", "signed two's complement Q.20", "y of the row (|y| < 2^30)")
        .port("budget_i", "unsigned integer", "b, sampled with the last row: 1 <= b <= min(n, "
            + bMax + ")")
        .port("out_valid_o", "flag", "`out_idx_o` holds a chosen row")
        .port("out_ready_i", "flag", "the receiver takes it")
        .port("out_last_o", "flag", "the b-th (largest) chosen row")
        .port("out_idx_o", "unsigned integer", "a chosen row's index (0-based, load order),"
            + " ascending")
        .port("updates_o", "unsigned integer", "centre updates made by the last selection")
        .timingBound("select_cycles", "cycles from the last row taken to the last index sent,"
            + " output never stalled, at n = max_rows_per_class and b = sampler_max_centres with"
            + " every update made", "b (1 + n) + (u + 1)(n b + 1) + u b " + UPDATE_CYCLES
            + " + n b + r + 1 (r = the largest chosen row, at most n - 1)",
            NmsSampler.selectCycles(nMax, bMax, c.samplerIterations(), nMax - 1))
        .framing("A class is n >= 1 rows, `in_last_i` on the last; the rows are indexed 0 .. n-1"
            + " in the order taken. Its output is b indices, `out_last_o` on the last; the next"
            + " class is taken from the cycle after.")
        .outOfRange("more than " + nMax + " rows", "the row counter wraps (the rows assertion"
            + " fires)")
        .outOfRange("b = 0 or b > min(n, " + bMax + ")", "the selection is undefined (the budget"
            + " assertion fires)")
        .note("Memories: rows " + nMax + " x 62 (coordinates) + " + nMax + " x 63 (farthest-first"
            + " distances) + assignment and chosen bits; centres " + bMax + " x 62, sums and"
            + " counts per centre.");
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    int nMax = c.maxRowsPerClass();
    int bMax = c.samplerMaxCentres();
    int cw = NmsSampler.COORD_WIDTH;
    int pw = 2 * cw;
    int dw = NmsSampler.DIST_WIDTH;
    int iw = Arith.bits(nMax - 1);
    int nw = Arith.bits(nMax);
    int bw = Arith.bits(bMax);
    int ciw = Arith.bits(bMax - 1);
    int sw = cw + nw;
    int uw = Arith.bits(c.samplerIterations());
    int kw = Arith.bits(cw - 1);
    int remW = Math.max(sw + 2, nw + 1 + cw);

    Module m = units.design().module(NAME, "k-means exemplars of up to " + nMax + " 2-D rows, "
        + bMax + " centres, one row-centre pair per cycle");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal inX = m.input("in_x_i", cw);
    Signal inY = m.input("in_y_i", cw);
    Signal budget = m.input("budget_i", bw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal outLast = m.output("out_last_o", 1);
    Signal outIdx = m.output("out_idx_o", iw);
    Signal updatesOut = m.output("updates_o", uw);

    Reg st = m.reg("state", 4, LOAD);
    Reg row = m.reg("row", iw, 0);
    Reg cen = m.reg("centre", ciw, 0);
    Reg nRows = m.reg("rows", nw, 0);
    Reg bq = m.reg("budget", bw, 0);
    Reg far = m.reg("far_row", iw, 0);
    Reg farc = m.regNoReset("far_cand", iw);
    Reg farm = m.regNoReset("far_dist", dw);
    Reg cc = m.regNoReset("init_centre", pw);
    Reg bestd = m.regNoReset("best_dist", dw);
    Reg bestc = m.regNoReset("best_centre", ciw);
    Reg besti = m.regNoReset("best_row", iw);
    Reg have = m.reg("have_best", 1, 0);
    Reg changed = m.reg("changed", 1, 0);
    Reg first = m.reg("first_pass", 1, 0);
    Reg upd = m.reg("updates", uw, 0);
    Reg divk = m.reg("div_step", kw, 0);
    Reg remx = m.regNoReset("rem_x", remW);
    Reg remy = m.regNoReset("rem_y", remW);
    // The quotient's bits above the last one shifted in: cw - 1 of them.
    Reg qx = m.regNoReset("quot_x", cw - 1);
    Reg qy = m.regNoReset("quot_y", cw - 1);
    Reg den = m.regNoReset("divisor", nw + 1);
    Reg nz = m.regNoReset("nonempty", 1);
    Reg sent = m.reg("sent", bw, 0);

    Memory pts = m.memory("pts_mem", nMax, pw);
    Memory mind = m.memory("mind_mem", nMax, dw);
    Memory asg = m.memory("asg_mem", nMax, ciw);
    Memory chosen = m.memory("chosen_mem", nMax, 1);
    Memory cent = m.memory("cen_mem", bMax, pw);
    Memory sums = m.memory("sum_mem", bMax, 2 * sw);
    Memory cnt = m.memory("cnt_mem", bMax, nw);

    Signal sLoad = m.wire("s_load", st.q().eq(LOAD));
    Signal sInitC = m.wire("s_init_c", st.q().eq(INIT_C));
    Signal sInit = m.wire("s_init", st.q().eq(INIT_SCAN));
    Signal sAssign = m.wire("s_assign", st.q().eq(ASSIGN));
    Signal sDecide = m.wire("s_decide", st.q().eq(DECIDE));
    Signal sUpdS = m.wire("s_upd_start", st.q().eq(UPD_START));
    Signal sUpdD = m.wire("s_upd_div", st.q().eq(UPD_DIV));
    Signal sPick = m.wire("s_pick", st.q().eq(PICK));
    Signal sOut = m.wire("s_out", st.q().eq(OUT));

    m.comment("Offset binary: flipping the sign bit adds 2^30, so all arithmetic is unsigned");
    Expr ux = Expr.cat(inX.bit(cw - 1).not(), inX.slice(cw - 2, 0));
    Expr uy = Expr.cat(inY.bit(cw - 1).not(), inY.slice(cw - 2, 0));
    Signal inFire = m.wire("in_fire", sLoad.and(inValid));
    m.assign(inReady, sLoad);

    Signal p = m.wire("row_pt", pts.read(row.q()));
    Signal lastRow = m.wire("last_row", row.q().zext(nw).eq(nRows.q().subWrap(1)));
    Signal lastCentre = m.wire("last_centre", cen.q().zext(bw).eq(bq.q().subWrap(1)));
    Signal rowC = m.wire("row_as_centre", row.q().resize(ciw));

    m.comment("Init: the distance to centre c, kept as the row's nearest-centre distance m");
    Signal dInit = m.wire("d_init", dist(p, cc.q(), cw));
    Signal mOld = m.wire("m_old", mind.read(row.q()));
    Signal mNew = m.wire("m_new", Expr.mux(cen.q().eq(0).or(dInit.lt(mOld)), dInit, mOld));
    Signal farBetter = m.wire("far_better", row.q().eq(0).or(mNew.gt(farm.q())));
    Signal farFinal = m.wire("far_final", Expr.mux(farBetter, row.q(), farc.q()));

    m.comment("Assign and pick: the row against centre c");
    Signal q = m.wire("centre_pt", cent.read(cen.q()));
    Signal d = m.wire("d_centre", dist(p, q, cw));
    Signal aBetter = m.wire("a_better", cen.q().eq(0).or(d.lt(bestd.q())));
    Signal aFinal = m.wire("a_final", Expr.mux(aBetter, cen.q(), bestc.q()));
    Signal aDone = m.wire("a_done", sAssign.and(lastCentre));
    Signal sumOld = m.wire("sum_old", sums.read(aFinal));
    Signal cntOld = m.wire("cnt_old", cnt.read(aFinal));
    long maxSum = (long) nMax * ((1L << cw) - 1);
    Expr sumX = sumOld.slice(2 * sw - 1, sw).add(p.slice(pw - 1, cw)).narrow(sw, maxSum);
    Expr sumY = sumOld.slice(sw - 1, 0).add(p.slice(cw - 1, 0)).narrow(sw, maxSum);
    Signal asgOld = m.wire("asg_old", asg.read(row.q()));

    Signal isChosen = m.wire("is_chosen", chosen.read(row.q()));
    Signal pBetter = m.wire("p_better", isChosen.not().and(have.q().not().or(d.lt(bestd.q()))));
    Signal pFinal = m.wire("p_final", Expr.mux(pBetter, row.q(), besti.q()));
    Signal pDone = m.wire("p_done", sPick.and(lastRow));

    m.comment("Update: two restoring dividers, floor((2 sum + count) / (2 count)), MSB first");
    Signal cntC = m.wire("cnt_c", cnt.read(cen.q()));
    Signal sumC = m.wire("sum_c", sums.read(cen.q()));
    Expr dividendX = sumC.slice(2 * sw - 1, sw).shl(1).add(cntC).resize(remW);
    Expr dividendY = sumC.slice(sw - 1, 0).shl(1).add(cntC).resize(remW);
    Signal trial = m.wire("trial", den.q().zext(remW).shlWrap(divk.q()));
    Signal bitX = m.wire("bit_x", remx.q().ge(trial));
    Signal bitY = m.wire("bit_y", remy.q().ge(trial));
    Signal qxNext = m.wire("qx_next", Expr.cat(qx.q(), bitX));
    Signal qyNext = m.wire("qy_next", Expr.cat(qy.q(), bitY));
    Signal divDone = m.wire("div_done", sUpdD.and(divk.q().eq(0)));

    Signal outFire = m.wire("out_fire", sOut.and(isChosen).and(outReady));
    Signal isLastOut = m.wire("is_last_out", sent.q().eq(bq.q().subWrap(1)));
    Signal outStep = m.wire("out_step", sOut.and(isChosen.not().or(outReady)));
    Signal goOn = m.wire("go_on", changed.q().and(upd.q().lt(c.samplerIterations())));

    m.comment("Memory writes: one phase owns each port at a time");
    Expr rowInCentres = row.q().zext(Math.max(iw, bw)).lt(bMax);
    pts.write(inFire, row.q(), Expr.cat(ux, uy));
    chosen.write(inFire.or(pDone), Expr.mux(pDone, pFinal, row.q()), Expr.mux(pDone,
        Expr.lit(1, 1), Expr.lit(1, 0)));
    mind.write(sInit, row.q(), mNew);
    asg.write(aDone, row.q(), aFinal);
    cent.write(sInitC.or(divDone.and(nz.q())), cen.q(), Expr.mux(sInitC, pts.read(far.q()),
        Expr.cat(qxNext, qyNext)));
    Expr clearRow = inFire.and(rowInCentres);
    sums.write(clearRow.or(aDone).or(sUpdS), Expr.mux(aDone, aFinal, Expr.mux(sUpdS, cen.q(),
        rowC)), Expr.mux(aDone, Expr.cat(sumX, sumY), Expr.lit(2 * sw, 0)));
    cnt.write(clearRow.or(aDone).or(sUpdS), Expr.mux(aDone, aFinal, Expr.mux(sUpdS, cen.q(),
        rowC)), Expr.mux(aDone, cntOld.add(1).narrow(nw, nMax), Expr.lit(nw, 0)));

    m.comment("State");
    Expr initEnd = sInit.and(lastRow);
    Expr nextSt = Expr.mux(inFire.and(inLast), Expr.lit(4, INIT_C),
        Expr.mux(sInitC, Expr.lit(4, INIT_SCAN),
        Expr.mux(initEnd, Expr.mux(lastCentre, Expr.lit(4, ASSIGN), Expr.lit(4, INIT_C)),
        Expr.mux(aDone.and(lastRow), Expr.lit(4, DECIDE),
        Expr.mux(sDecide, Expr.mux(goOn, Expr.lit(4, UPD_START), Expr.lit(4, PICK)),
        Expr.mux(sUpdS, Expr.lit(4, UPD_DIV),
        Expr.mux(divDone, Expr.mux(lastCentre, Expr.lit(4, ASSIGN), Expr.lit(4, UPD_START)),
        Expr.mux(pDone.and(lastCentre), Expr.lit(4, OUT),
        Expr.mux(outFire.and(isLastOut), Expr.lit(4, LOAD), st.q())))))))));
    st.next(nextSt);

    Expr rowNext = row.q().addWrap(1);
    Expr zeroRow = Expr.lit(iw, 0);
    row.next(Expr.mux(inFire, Expr.mux(inLast, zeroRow, rowNext),
        Expr.mux(sInit.or(sPick), Expr.mux(lastRow, zeroRow, rowNext),
        Expr.mux(aDone, Expr.mux(lastRow, zeroRow, rowNext),
        Expr.mux(sDecide, zeroRow,
        Expr.mux(outFire.and(isLastOut), zeroRow,
        Expr.mux(outStep, rowNext, row.q())))))));
    Expr cenNext = cen.q().addWrap(1);
    Expr zeroC = Expr.lit(ciw, 0);
    Expr endOfCentre = initEnd.or(divDone).or(pDone);
    cen.next(Expr.mux(inFire.and(inLast), zeroC,
        Expr.mux(endOfCentre, Expr.mux(lastCentre, zeroC, cenNext),
        Expr.mux(sAssign, Expr.mux(lastCentre, zeroC, cenNext),
        Expr.mux(sDecide, zeroC, cen.q())))));
    Expr nLoaded = row.q().zext(nw).addWrap(1);
    nRows.next(nLoaded).enableWhen(inFire.and(inLast));
    bq.next(budget).enableWhen(inFire.and(inLast));
    far.next(Expr.mux(inFire, nLoaded.slice(nw - 1, 1).resize(iw), farFinal))
        .enableWhen(inFire.and(inLast).or(initEnd));
    farc.next(farFinal).enableWhen(sInit);
    farm.next(Expr.mux(farBetter, mNew, farm.q())).enableWhen(sInit);
    cc.next(pts.read(far.q())).enableWhen(sInitC);
    bestd.next(Expr.mux(sAssign, Expr.mux(aBetter, d, bestd.q()),
        Expr.mux(pBetter, d, bestd.q()))).enableWhen(sAssign.or(sPick));
    bestc.next(aFinal).enableWhen(sAssign);
    besti.next(pFinal).enableWhen(sPick);
    have.next(Expr.mux(pDone, Expr.lit(1, 0), have.q().or(isChosen.not()))).enableWhen(sPick);
    Expr aChange = first.q().or(asgOld.ne(aFinal));
    Expr updEnd = divDone.and(lastCentre);
    changed.next(Expr.mux(updEnd.or(initEnd), Expr.lit(1, 0), changed.q().or(aChange)))
        .enableWhen(aDone.or(updEnd).or(initEnd));
    first.next(Expr.mux(initEnd, Expr.lit(1, 1), Expr.lit(1, 0))).enableWhen(initEnd.or(updEnd));
    upd.next(Expr.mux(initEnd, Expr.lit(uw, 0), upd.q().addWrap(1))).enableWhen(initEnd.or(updEnd));
    divk.next(Expr.mux(sUpdS, Expr.lit(kw, cw - 1), divk.q().subWrap(1))).enableWhen(sUpdS.or(sUpdD));
    Expr trialBits = trial;
    remx.next(Expr.mux(sUpdS, dividendX, Expr.mux(bitX, remx.q().subWrap(trialBits), remx.q())))
        .enableWhen(sUpdS.or(sUpdD));
    remy.next(Expr.mux(sUpdS, dividendY, Expr.mux(bitY, remy.q().subWrap(trialBits), remy.q())))
        .enableWhen(sUpdS.or(sUpdD));
    qx.next(Expr.mux(sUpdS, Expr.lit(cw - 1, 0), qxNext.slice(cw - 2, 0)))
        .enableWhen(sUpdS.or(sUpdD));
    qy.next(Expr.mux(sUpdS, Expr.lit(cw - 1, 0), qyNext.slice(cw - 2, 0)))
        .enableWhen(sUpdS.or(sUpdD));
    den.next(cntC.shl(1).resize(nw + 1)).enableWhen(sUpdS);
    nz.next(cntC.ne(0)).enableWhen(sUpdS);
    sent.next(Expr.mux(isLastOut, Expr.lit(bw, 0), sent.q().addWrap(1))).enableWhen(outFire);

    m.assign(outValid, m.wire("out_valid", sOut.and(isChosen)));
    m.assign(outLast, m.wire("out_last", sOut.and(isLastOut)));
    m.assign(outIdx, row.q());
    m.assign(updatesOut, upd.q());

    // Assertions (simulation only).
    m.assertStableWhileStalled("out_stable", outValid, outReady, outLast, outIdx);
    // budget_i <= bMax only where budget_i can exceed it (else the compare is constant).
    Expr budgetFits = bMax < (1L << bw) - 1 ? budget.ne(0).and(budget.le(bMax)) : budget.ne(0);
    m.assertImplies("budget_range", inFire.and(inLast), budgetFits
            .and(budget.zext(Math.max(bw, nw) + 1).le(nLoaded.zext(Math.max(bw, nw) + 1))),
        "budget_i must be in 1 .. min(rows, sampler_max_centres) when the last row is taken",
        budget, nLoaded);
    m.assertImplies("rows_range", inFire.and(inLast.not()), row.q().zext(nw).lt(nMax - 1),
        "at most max_rows_per_class rows per class", row.q());
    m.assertAtMost("state_range", st.q(), OUT);
    m.assertAtMost("updates_range", upd.q(), c.samplerIterations());
    m.assertImplies("pick_exists", pDone, pBetter.or(have.q()),
        "every centre finds a row not yet chosen (b <= n)", cen.q());
    return m;
  }

  /** {@code (ax - bx)^2 + (ay - by)^2} of two packed {x, y} points, exact, 2 cw + 1 bits. */
  private static Expr dist(Expr a, Expr b, int cw) {
    Expr dx = Arith.absDiff(a.slice(2 * cw - 1, cw), b.slice(2 * cw - 1, cw));
    Expr dy = Arith.absDiff(a.slice(cw - 1, 0), b.slice(cw - 1, 0));
    return dx.mul(dx).add(dy.mul(dy));
  }
}
