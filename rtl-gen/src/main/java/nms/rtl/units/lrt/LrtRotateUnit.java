package nms.rtl.units.lrt;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtRotate;
import nms.vectors.LrtVectors;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;
import nms.rtl.units.Arith;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.UnitSheet;
import nms.rtl.units.Units;

/**
 * {@code nms_lrt_rotate} (docs/ARITHMETIC.md section 12.6): the basis update of one side after an
 * accepted sample. A pass is the side's vector in {@code lanes}-element beats (with the same lanes
 * of the r old basis rows); the host sends it twice, pass 0 (the unit finds max |acc| and so the
 * new exponent) and pass 1 (the unit sends the new codes). One beat per cycle through a pipeline
 * that stops as a whole while the output is held: the projection sum_j p_j b_j, the residual e,
 * a restoring divider by the residual norm (one quotient bit per stage, y_clamp stages), the r x q
 * rotation products, the accumulators, the beat's max |acc|, the exponent and the rounding. The
 * rotation T is taken on a pass's first beat into one of {@link #SLOTS} slots, so the next
 * passes can enter while the earlier ones are still in the pipe; the norm and e travel with
 * each beat.
 */
public class LrtRotateUnit implements UnitGenerator {
  public static final String NAME = "nms_lrt_rotate";
  /** Slots for T: a whole sample's four passes in flight. */
  public static final int SLOTS = 4;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsLrtRotate.class;
  }

  /** The rotate unit needs the SVD formats (section 12.5); a configuration they refuse has no rotate unit. */
  @Override
  public boolean appliesTo(NmsConfig config) {
    return LrtVectors.svdHolds(config.lrtFormats());
  }

  /** Width of a signed rotation entry T[i][j] (the vectors' t_i columns use the same). */
  public static int tWidth(LrtFormats f) {
    return f.svd().rotationWidth;
  }

  /** Accepting a beat to its output: products, projection, residual, y_clamp divider steps, y, rotation, acc, max, out. */
  public static int latency(LrtFormats f) {
    return f.svd().yClamp + 8;
  }

  @Override
  public Module build(Units units) {
    LrtFormats f = units.config().lrtFormats();
    LrtFormats.SvdFormats s = f.svd();
    int r = f.rank;
    int q = f.q;
    int lanes = f.lanes;
    int bw = f.basisWidth;
    int bf = f.basisFrac;
    int iw = f.inputWidth;
    int cw = f.coefWidth;
    int tw = tWidth(f);
    int ew = LrtFormats.EXP_WIDTH;
    int em = LrtFormats.expMax();
    int g = LrtFormats.GUARD;
    int yc = s.yClamp;
    int nw = f.normWidth;
    int aw = s.accWidth;
    Module m = units.design().module(NAME, "LRT basis rotation and re-quantization, rank " + r + ", "
        + bw + "-bit bases, " + lanes + " lanes, " + tw + "-bit rotations, " + aw + "-bit accumulators");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal inPass = m.input("in_pass_i", 1);
    Signal xIn = m.input("x_i", lanes * iw);
    Signal basisIn = m.input("basis_i", r * lanes * bw);
    Signal expIn = m.input("exp_i", ew);
    Signal coefIn = m.input("coef_i", r * cw);
    Signal normIn = m.input("norm_i", nw);
    Signal tIn = m.input("t_i", r * q * tw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal codeOut = m.output("code_o", r * lanes * bw);
    Signal expOut = m.output("exp_o", ew);
    int cntW = Formats.bits(lanes);
    Signal clampOut = m.output("clamped_o", cntW);

    Signal advance = m.wire("advance", 1);
    int lat = latency(f);

    m.comment(SLOTS + " slots for T, taken on a pass's first beat; a pass may start only into a"
        + " slot whose last pass has left the rotation stage");
    int tgw = Formats.bits(SLOTS - 1);
    Reg ptr = m.reg("slot_ptr", tgw, 0);
    Reg expectFirst = m.reg("expect_first", 1, 1);
    Reg[] busy = new Reg[SLOTS];
    Expr ptrBusyE = Expr.lit(1, 0);
    for (int x = 0; x < SLOTS; x++) {
      busy[x] = m.reg("slot_busy_" + x, 1, 0);
      ptrBusyE = ptrBusyE.or(ptr.q().eq(x).and(busy[x].q()));
    }
    Signal ptrBusy = m.wire("ptr_busy", ptrBusyE);
    m.assign(inReady, advance.and(expectFirst.q().and(ptrBusy).not()));
    Signal accept = m.wire("accept", inValid.and(inReady));
    Signal start = m.wire("slot_load", accept.and(inFirst));
    ptr.next(ptr.q().addWrap(1)).enableWhen(accept.and(inLast));
    expectFirst.next(inLast).enableWhen(accept);
    Signal[] slotT = new Signal[SLOTS];
    for (int x = 0; x < SLOTS; x++) {
      Signal load = m.wire("slot_load_" + x, start.and(ptr.q().eq(x)));
      slotT[x] = m.regNoReset("slot_t_" + x, r * q * tw).next(tIn).enableWhen(load).q();
    }

    // Control of every stage: valid, first, last, pass, slot tag (index 0 = the input).
    Signal[] vld = new Signal[lat + 1];
    Signal[] first = new Signal[lat + 1];
    Signal[] last = new Signal[lat + 1];
    Signal[] pass = new Signal[lat + 1];
    Signal[] tag = new Signal[lat + 1];
    Signal[] nrmS = new Signal[lat + 1];
    Signal[] expS = new Signal[lat + 1];
    vld[0] = accept;
    first[0] = inFirst;
    last[0] = inLast;
    pass[0] = inPass;
    tag[0] = ptr.q();
    nrmS[0] = normIn;
    expS[0] = expIn;
    for (int st = 1; st <= lat; st++) {
      String p = st == lat ? "out" : "s" + st;
      vld[st] = m.reg(p + "_valid", 1, 0).next(vld[st - 1]).enableWhen(advance).q();
      first[st] = m.regNoReset(p + "_first", 1).next(first[st - 1]).enableWhen(advance).q();
      last[st] = m.regNoReset(p + "_last", 1).next(last[st - 1]).enableWhen(advance).q();
      pass[st] = m.regNoReset(p + "_pass", 1).next(pass[st - 1]).enableWhen(advance).q();
    }
    int stY = 4 + yc; // y (last reader of the norm)
    int stRot = yc + 5; // the stage that registers the rotation products (last reader of T)
    int stAcc = yc + 6; // the accumulators (last reader of e)
    for (int st = 1; st <= stRot; st++) {
      tag[st] = m.regNoReset("s" + st + "_tag", tgw).next(tag[st - 1]).enableWhen(advance).q();
    }
    for (int st = 1; st < stY; st++) {
      nrmS[st] = m.regNoReset("s" + st + "_norm", nw).next(nrmS[st - 1]).enableWhen(advance).q();
    }
    for (int st = 1; st < stAcc; st++) {
      expS[st] = m.regNoReset("s" + st + "_exp", ew).next(expS[st - 1]).enableWhen(advance).q();
    }
    for (int x = 0; x < SLOTS; x++) {
      Signal done = m.wire("slot_done_" + x, vld[stRot].and(advance).and(last[stRot]).and(tag[stRot].eq(x)));
      busy[x].next(Expr.mux(m.wire("slot_take_" + x, start.and(ptr.q().eq(x))), Expr.lit(1, 1),
          Expr.mux(done, Expr.lit(1, 0), busy[x].q())));
    }

    int pw = cw + bw + Formats.bits(r);
    int rw = s.resWidth;
    int numW = rw + g + 2;
    int dvw = Math.max(numW, nw + 1 + yc) + 1;
    BigInteger projMax = BigInteger.valueOf(r).multiply(BigInteger.valueOf(f.coefMax)).shiftLeft(bf);
    long yMax = (1L << yc) - 1;
    Expr[] beatAcc = new Expr[r * lanes];
    Expr[] accAt = new Expr[r * lanes];
    Expr[] clampedAt = new Expr[lanes];
    Expr tPick = slotT[SLOTS - 1];
    for (int x = SLOTS - 2; x >= 0; x--) {
      tPick = Expr.mux(tag[stRot - 1].eq(x), slotT[x], tPick);
    }
    Signal tRotW = m.wire("t_rot", tPick);
    for (int l = 0; l < lanes; l++) {
      String ln = "_l" + l;
      Expr x0 = xIn.slice(iw * l + iw - 1, iw * l);
      Expr[] b0 = new Expr[r];
      for (int j = 0; j < r; j++) {
        int at = (j * lanes + l) * bw;
        b0[j] = basisIn.slice(at + bw - 1, at);
      }
      if (l == 0) {
        m.comment("Stage 1: p_j b_j[k] per lane (signed " + cw + " x " + bw + " bits)");
      }
      Signal x1 = m.regNoReset("s1_x" + ln, iw).next(x0).enableWhen(advance).q();
      Signal[] b = new Signal[r];
      Expr proj = null;
      for (int j = 0; j < r; j++) {
        b[j] = m.regNoReset("s1_b" + j + ln, bw).next(b0[j]).enableWhen(advance).q();
        Signal pb = m.regNoReset("s1_pb" + j + ln, cw + bw)
            .next(Signed.mul(coefIn.slice(cw * j + cw - 1, cw * j), b0[j])).enableWhen(advance).q();
        proj = proj == null ? Signed.sext(pb, pw) : proj.addWrap(Signed.sext(pb, pw));
      }
      if (l == 0) {
        m.comment("Stage 2: proj = sum_j p_j b_j[k], |proj| <= " + projMax);
      }
      Signal x2 = m.regNoReset("s2_x" + ln, iw).next(x1).enableWhen(advance).q();
      Signal proj2 = m.regNoReset("s2_proj" + ln, pw).next(proj).enableWhen(advance).q();
      b = carry(m, "s2_b", ln, b, advance);
      if (l == 0) {
        m.comment("Stage 3: e = (x << " + (g + bf) + ") - round_half_away(proj / 2^e); the"
            + " divider's numerator 2 |e| 2^" + g + " + norm");
      }
      Expr exp2 = expS[2];
      Expr kept = Expr.cat(Signed.abs(proj2), Expr.lit(1, 0)).shr(exp2);
      Expr rnd = Arith.finishRound(kept);
      rnd = rnd.width() > rw - 1 ? rnd.narrow(rw - 1, projMax) : rnd.zext(rw - 1);
      Expr rndS = Expr.mux(Signed.msb(proj2), Signed.neg(rnd.zext(rw)), rnd.zext(rw));
      Expr xs = Signed.sext(x2, rw - g - bf).shl(g + bf);
      Signal e = m.wire("resid" + ln, xs.subWrap(rndS));
      Expr norm2 = nrmS[2];
      Expr num = Expr.cat(Signed.abs(e), Expr.lit(g + 1, 0)).zext(numW).addWrap(norm2.zext(numW));
      Signal rem = m.regNoReset("s3_rem" + ln, dvw).next(num.zext(dvw)).enableWhen(advance).q();
      Signal neg = m.regNoReset("s3_neg" + ln, 1).next(Signed.msb(e)).enableWhen(advance).q();
      b = carry(m, "s3_b", ln, b, advance);
      if (l == 0) {
        m.comment("Stages 4.." + (3 + yc) + ": |y| = floor(num / (2 norm)) by restoring division, one"
            + " quotient bit per stage from bit " + (yc - 1) + "; num >= 2 norm 2^" + yc
            + " clamps |y| to " + yMax);
      }
      Signal quo = null;
      Signal ovf = null;
      for (int k = 0; k < yc; k++) {
        int st = 4 + k;
        int bitIdx = yc - 1 - k;
        Expr nrm = nrmS[st - 1];
        Expr d2 = Expr.cat(nrm, Expr.lit(1 + bitIdx, 0)).zext(dvw);
        Signal fits = m.wire("fits" + k + ln, rem.ge(d2));
        Expr remNext = Expr.mux(fits, rem.subWrap(d2), rem);
        Expr qNext = quo == null ? fits : Expr.cat(quo, fits); // quotient bits yc-1 .. bitIdx
        Expr over = rem.ge(Expr.cat(nrm, Expr.lit(1 + yc, 0)).zext(dvw));
        ovf = m.regNoReset("s" + st + "_ovf" + ln, 1).next(quo == null ? over : ovf).enableWhen(advance).q();
        quo = m.regNoReset("s" + st + "_quo" + ln, k + 1).next(qNext).enableWhen(advance).q();
        if (k < yc - 1) {
          rem = m.regNoReset("s" + st + "_rem" + ln, dvw).next(remNext).enableWhen(advance).q();
        }
        neg = m.regNoReset("s" + st + "_neg" + ln, 1).next(neg).enableWhen(advance).q();
        b = carry(m, "s" + st + "_b", ln, b, advance);
      }
      if (l == 0) {
        m.comment("Stage " + stY + ": y = +-min(|y|, " + yMax + "), 0 when norm = 0");
      }
      Expr nrmY = nrmS[stY - 1];
      Signal nz = m.wire("norm_nz" + ln, nrmY.orReduce());
      Expr mag = Expr.mux(ovf, Expr.lit(yc, yMax), quo);
      Expr ySigned = Expr.mux(neg, Signed.neg(mag.zext(yc + 1)), mag.zext(yc + 1));
      Signal y = m.regNoReset("s" + stY + "_y" + ln, yc + 1)
          .next(Expr.mux(nz, ySigned, Expr.lit(yc + 1, 0))).enableWhen(advance).q();
      Signal cl = m.regNoReset("s" + stY + "_clamp" + ln, 1).next(nz.and(ovf)).enableWhen(advance).q();
      b = carry(m, "s" + stY + "_b", ln, b, advance);
      if (l == 0) {
        m.comment("Stage " + stRot + ": T[i][j] b_j[k] and T[i][r] y_k (signed " + tw + "-bit T)");
      }
      Expr tRot = tRotW;
      Signal[][] tb = new Signal[r][r];
      Signal[] ty = new Signal[r];
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < r; j++) {
          int at = (i * q + j) * tw;
          tb[i][j] = m.regNoReset("s" + stRot + "_tb" + i + "_" + j + ln, tw + bw)
              .next(Signed.mul(tRot.slice(at + tw - 1, at), b[j])).enableWhen(advance).q();
        }
        int at = (i * q + r) * tw;
        // |T y| <= q 2^uf (2^yc - 1) < 2^(tw + yc - 1): the product's top bit is a sign copy
        ty[i] = m.regNoReset("s" + stRot + "_ty" + i + ln, tw + yc)
            .next(Signed.mul(tRot.slice(at + tw - 1, at), y).trunc(tw + yc)).enableWhen(advance).q();
      }
      cl = m.regNoReset("s" + stRot + "_clamp" + ln, 1).next(cl).enableWhen(advance).q();
      if (l == 0) {
        m.comment("Stage " + stAcc + ": acc_i = (sum_j T[i][j] b_j) << (" + em + " - e) + (T[i][r] y) << "
            + (em - g) + ", |acc| < 2^" + (aw - 1));
      }
      Expr expAcc = expS[stAcc - 1];
      Signal[] acc = new Signal[r];
      for (int i = 0; i < r; i++) {
        Expr sum = null;
        for (int j = 0; j < r; j++) {
          Expr t = Signed.sext(tb[i][j], aw);
          sum = sum == null ? t : sum.addWrap(t);
        }
        // em - e is the bitwise complement of the 4-bit exponent
        Expr a = sum.shlWrap(expAcc.not()).addWrap(fit(ty[i], aw - (em - g)).shl(em - g));
        acc[i] = m.regNoReset("s" + stAcc + "_acc" + i + ln, aw).next(a).enableWhen(advance).q();
        accAt[i * lanes + l] = acc[i];
      }
      cl = m.regNoReset("s" + stAcc + "_clamp" + ln, 1).next(cl).enableWhen(advance).q();
      int stMax = stAcc + 1;
      for (int i = 0; i < r; i++) {
        // the code needs floor(acc / 2^(uf - 1)) only; the max took the whole acc on the way in
        beatAcc[i * lanes + l] = m.regNoReset("s" + stMax + "_acc" + i + ln, aw - s.uf + 1)
            .next(acc[i].slice(aw - 1, s.uf - 1))
            .enableWhen(advance).q();
      }
      clampedAt[l] = m.regNoReset("s" + stMax + "_clamp" + ln, 1).next(cl).enableWhen(advance).q();
    }

    int stMax = stAcc + 1;
    m.comment("Stage " + stMax + ": the beat's max |acc| over lanes and rows");
    // a balanced tree of named maxima (each named wire is read twice)
    java.util.List<Signal> level = new java.util.ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      for (int i = 0; i < r; i++) {
        level.add(m.wire("abs_acc" + i + "_l" + l, Signed.abs(accAt[i * lanes + l])));
      }
    }
    for (int lv = 0; level.size() > 1; lv++) {
      java.util.List<Signal> next = new java.util.ArrayList<>();
      for (int k = 0; k + 1 < level.size(); k += 2) {
        Signal a = level.get(k);
        Signal c = level.get(k + 1);
        next.add(m.wire("max" + lv + "_" + k / 2, Expr.mux(a.gt(c), a, c)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    Expr beatMax = level.get(0);
    Signal maxBeat = m.regNoReset("s" + stMax + "_max", aw).next(beatMax).enableWhen(advance).q();
    Expr cnt = Expr.lit(cntW, 0);
    for (int l = 0; l < lanes; l++) {
      cnt = cnt.addWrap(clampedAt[l].zext(cntW));
    }

    m.comment("Output stage: pass 0 keeps the running max |acc| and its exponent e' (the largest in"
        + " 0.." + em + " with max 2^(e'+1) < 2^" + s.accFrac + "), latched at the pass's last beat;"
        + " pass 1 sends clamp(round_half_up(acc / 2^(" + (s.accFrac - bf) + " - e')))");
    Reg runMax = m.regNoReset("run_max", aw);
    Signal base = m.wire("run_base", Expr.mux(first[stMax], Expr.lit(aw, 0), runMax.q()));
    Signal newMax = m.wire("run_max_next", Expr.mux(maxBeat.gt(base), maxBeat, base));
    Signal fire = m.wire("fire_out", vld[stMax].and(advance));
    runMax.next(newMax).enableWhen(fire.and(pass[stMax].not()));
    Expr enc = Expr.lit(ew, 0);
    for (int e = 1; e <= em; e++) {
      enc = Expr.mux(newMax.lt(Expr.lit(aw, BigInteger.ONE.shiftLeft(s.accFrac - e - 1))), Expr.lit(ew, e), enc);
    }
    Signal expCand = m.wire("exp_cand", enc);
    Reg expNew = m.reg("exp_new", ew, em);
    expNew.next(expCand).enableWhen(m.wire("exp_latch", fire.and(pass[stMax].not()).and(last[stMax])));
    int keep = aw - (s.uf - 1);
    Expr[] codes = new Expr[r * lanes];
    for (int idx = r * lanes - 1; idx >= 0; idx--) {
      Expr a = beatAcc[idx];
      Expr y1 = a; // floor(acc / 2^(uf - 1))
      Expr y2 = Signed.sext(y1, keep + em).shr(expNew.q().not()).trunc(keep); // floor(.. / 2^(em - e'))
      Expr y3 = Signed.sext(y2, keep + 1).addWrap(1).slice(keep, 1); // (y2 + 1) >> 1: half up
      codes[r * lanes - 1 - idx] = Signed.clamp(y3, -(1L << bf), (1L << bf) - 1, bw);
    }
    Signal code = m.wire("code", Expr.cat(codes));
    m.assign(advance, vld[lat].not().or(outReady));
    m.assign(outValid, vld[lat]);
    m.assign(codeOut, m.regNoReset("code_out", r * lanes * bw)
        .next(Expr.mux(pass[stMax], code, Expr.lit(r * lanes * bw, 0))).enableWhen(fire).q());
    m.assign(expOut, m.regNoReset("exp_out", ew).next(Expr.mux(pass[stMax], expNew.q(), expCand))
        .enableWhen(fire).q());
    m.assign(clampOut, m.regNoReset("clamp_out", cntW).next(cnt).enableWhen(fire).q());
    m.markUnused(first[lat]);
    m.markUnused(last[lat]);
    m.markUnused(pass[lat]);

    m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, inPass, xIn, basisIn,
        expIn, coefIn, normIn, tIn);
    m.assertStableWhileStalled("out_stable", outValid, outReady, codeOut, expOut, clampOut);
    m.assertImplies("first_after_last", inValid, inFirst.eq(expectFirst.q()),
        "in_first_i must be set exactly on the beat after a pass's last beat", inFirst);
    m.assertNever("slot_overwrite", start.and(ptrBusy), "a pass took a slot still in use", ptr.q());
    m.assertOutstanding("in_flight", accept, outValid.and(outReady), lat);
    m.assertAtMostWhen("clamped_range", outValid, clampOut, lanes);
    return m;
  }

  /** A signed value whose magnitude fits {@code w} bits by the bounds above, in {@code w} bits. */
  private static Expr fit(Expr x, int w) {
    return w >= x.width() ? Signed.sext(x, w) : x.trunc(w);
  }

  /** The basis codes carried one stage further. */
  private static Signal[] carry(Module m, String name, String ln, Signal[] b, Signal advance) {
    Signal[] out = new Signal[b.length];
    for (int j = 0; j < b.length; j++) {
      out[j] = m.regNoReset(name + j + ln, b[j].width()).next(b[j]).enableWhen(advance).q();
    }
    return out;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    LrtFormats f = units.config().lrtFormats();
    LrtFormats.SvdFormats s = f.svd();
    String code = f.basisWidth + "-bit signed";
    return new UnitSheet()
        .summary("The basis update of one side after an accepted sample (docs/ARITHMETIC.md section"
            + " 12.6): per element `e = (x << " + (LrtFormats.GUARD + f.basisFrac) + ") - round_half_away(sum_j"
            + " p_j b_j / 2^e)`, `y = round_half_away(e 2^" + LrtFormats.GUARD + " / norm)` clamped to"
            + " |y| <= " + ((1L << s.yClamp) - 1) + ", `acc_i = (sum_j T[i][j] b_j) << (15 - e) + (T[i][r] y)"
            + " << 11`; pass 0 finds the new exponent e', pass 1 sends `round_half_up(acc / 2^("
            + (s.accFrac - f.basisFrac) + " - e'))` clamped to " + f.basisWidth + " bits.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a beat is offered")
        .port("in_ready_o", "flag", "the unit takes the beat this cycle (low on a pass's first beat"
            + " while all " + SLOTS + " slots are in use)")
        .port("in_first_i", "flag", "first beat of a pass (elements 0.." + (f.lanes - 1) + ")")
        .port("in_last_i", "flag", "last beat of a pass")
        .port("in_pass_i", "flag", "0 = max pass (outputs the running exponent), 1 = code pass; read every beat")
        .port("x_i", f.lanes + " x " + f.inputWidth + "-bit signed", "the side's input codes (u or v),"
            + " lane 0 in the low bits; lanes past the vector's end must be 0")
        .port("basis_i", f.rank + " x " + f.lanes + " x " + code, "the same lanes of the old rows"
            + " b_0..b_{r-1}; row i lane l at bits [(i * lanes + l) * " + f.basisWidth + " +: "
            + f.basisWidth + "]; 0 past the vector's end")
        .port("exp_i", LrtFormats.EXP_WIDTH + "-bit unsigned", "the old exponent e, read every beat (constant over a side)")
        .port("coef_i", f.rank + " x " + f.coefWidth + "-bit signed", "nms_lrt_project's coefficients"
            + " p_0..p_{r-1} of the side (p_0 low), read every beat")
        .port("norm_i", "unsigned integer", "nms_lrt_project's residual norm of the side, read every"
            + " beat (constant over a side)")
        .port("t_i", f.rank + " x " + f.q + " x " + tWidth(f) + "-bit signed", "nms_lrt_svd's rotation"
            + " T (units 2^-" + s.uf + "), T[i][j] at bits [(i * " + f.q + " + j) * " + tWidth(f)
            + " +: " + tWidth(f) + "]; read on a pass's first beat")
        .port("out_valid_o", "flag", "one result per beat is held")
        .port("out_ready_i", "flag", "the receiver takes it")
        .port("code_o", f.rank + " x " + f.lanes + " x " + code, "pass 1: the new codes of the beat's"
            + " lanes (layout of basis_i); pass 0: 0")
        .port("exp_o", LrtFormats.EXP_WIDTH + "-bit unsigned", "pass 0: the exponent of the max |acc|"
            + " so far; pass 1: the new exponent e'")
        .port("clamped_o", "unsigned integer", "lanes of this beat whose y was clamped")
        .timing(UnitSheet.LATENCY, "accepting a beat to `out_valid_o`", "y_clamp + 8", latency(f))
        .timing(UnitSheet.II, "cycles per beat", "1", 1)
        .framing("A pass is ceil(len / lanes) beats, `in_first_i` on the first and `in_last_i` on"
            + " the last; a side update is a pass 0 and then a pass 1 with the same inputs, u then v.")
        .framing("A pass's first beat waits while all " + SLOTS + " slots hold passes that have not"
            + " reached the rotation stage (" + (f.svd().yClamp + 5) + " cycles after their first beat)")
        .outOfRange("nonzero lanes past the vector's end", "treated as elements: they enter the max"
            + " and get codes")
        .outOfRange("a pass 1 without a pass 0 before it", "uses the exponent latched by the last"
            + " pass 0 (" + LrtFormats.expMax() + " after reset)");
  }
}
