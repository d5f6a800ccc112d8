// The NMS testbench harness: one template drives any unit that follows the port contract of
// docs/ARITHMETIC.md section 9 (clk_i, rst_ni, in_valid_i/in_ready_o, out_valid_o/out_ready_i and
// data ports). A unit driver (src/tb_<unit>.cpp) only says how a vector row becomes input beats
// and expected outputs; everything else — manifest refusal, the valid/ready driver with seeded
// bubbles and back-pressure, bit-exact comparison, protocol checks, cycle accounting, the FST
// rerun on failure, the result CSV and the Icarus stimulus — lives here.
//
// Exit codes: 0 all vectors match; 1 mismatch, protocol violation, timeout or a failed RTL
// assertion; 2 bad usage or a malformed vector file; 3 vectors refused (manifest unit or config
// hash differs).
//
// RTL assertions: verilate.sh builds with --assert, so the units' `ifndef SYNTHESIS` checks run.
// A failing one prints "ASSERTION FAILED <module>.<label> cycle=..." and calls $fatal; the context
// is told not to abort on it (fatalOnError(false)), so the bench sees gotError(), stops the run,
// counts it (assertion_failures in the result CSV) and exits 1 like a mismatch.
#pragma once

#include "nms_bits.hpp"
#include "nms_ports.hpp"
#include "nms_vectors.hpp"

#include <verilated.h>
#if VM_TRACE
#include <verilated_fst_c.h>
#endif
#if VM_COVERAGE
#include <verilated_cov.h>
#endif

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#ifndef NMS_CONFIG_HASH
#error "nms_config.h must define NMS_CONFIG_HASH (include it before nms_tb.hpp)"
#endif

namespace nms_tb {

enum ExitCode { kPass = 0, kFail = 1, kUsage = 2, kRefused = 3 };

/** Usage errors: exit code 2. */
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------
// Seeded random source. std::uniform_*_distribution is implementation-defined, so the TB uses its
// own mapping to keep a seed's bubble pattern identical across compilers and machines.
class Rng {
  public:
    explicit Rng(uint64_t seed) : s_(seed) {}
    uint64_t next() {  // splitmix64
        uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /** True with probability p; draws nothing when p <= 0, so p = 0 runs are draw-free. */
    bool chance(double p) {
        if (p <= 0.0) return false;
        return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p;
    }

  private:
    uint64_t s_;
};

// ---------------------------------------------------------------------------------------------
struct Options {
    std::string vectors;
    std::string out = ".";
    double bubble = 0.0;        // probability that the driver withholds a ready beat for a cycle
    double backpressure = 0.0;  // probability that out_ready_i is low in a cycle
    uint64_t seed = 1;
    bool trace_full = false;    // --trace-fst: trace the whole run, pass or fail
    bool trace_on_fail = true;  // rerun to the first mismatch with tracing (needs VM_TRACE)
    std::string dump;           // observed outputs, one line per output handshake
    std::string emit_icarus;    // write Icarus stimulus + TB here instead of simulating
    size_t limit = 0;           // use only the first N rows (0 = all)
    size_t max_report = 10;
    uint64_t watchdog = 10000000;  // cycles without any handshake before declaring a hang
    bool quiet = false;
};

inline void usage(const char* prog) {
    std::printf(
        "usage: %s --vectors FILE.csv [--out DIR] [options]\n"
        "  Drives every vector row of FILE.csv through the Verilated unit and compares every\n"
        "  output bit-exactly. Writes DIR/<unit>.result.csv; on failure DIR/<unit>.fst.\n"
        "options:\n"
        "  --bubble P          probability of an input bubble per cycle (default 0)\n"
        "  --backpressure P    probability of out_ready_i low per cycle (default 0)\n"
        "  --seed N            seed of bubbles, back-pressure, idle data and X init (default 1)\n"
        "  --trace-fst         trace the whole run into DIR/<unit>.fst (default: only on failure)\n"
        "  --no-trace-on-fail  do not rerun with tracing after a mismatch\n"
        "  --dump FILE         write every observed output handshake to FILE\n"
        "  --limit N           use only the first N vector rows\n"
        "  --max-report N      mismatches printed in full (default 10)\n"
        "  --watchdog N        cycles without a handshake before a timeout (default 10000000)\n"
        "  --emit-icarus DIR   write an Icarus testbench + stimulus for these vectors and exit\n"
        "  --quiet             print only mismatches and the summary\n"
        "exit: 0 pass, 1 mismatch/protocol/timeout/RTL assertion, 2 usage or malformed vectors, "
        "3 refused\n",
        prog);
}

inline Options parse_options(int argc, char** argv) {
    Options o;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) throw UsageError(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    auto probability = [&](int& i) {
        const std::string flag = argv[i];
        const std::string v = value(i);
        char* end = nullptr;
        const double p = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !(p >= 0.0 && p < 1.0)) {
            throw UsageError(flag + " wants a probability in [0, 1), got '" + v + "'");
        }
        return p;
    };
    auto number = [&](int& i) {
        const std::string flag = argv[i];
        const std::string v = value(i);
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        if (end == v.c_str() || *end != '\0' || v[0] == '-') {
            throw UsageError(flag + " wants a non-negative integer, got '" + v + "'");
        }
        return static_cast<uint64_t>(n);
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--vectors") o.vectors = value(i);
        else if (a == "--out") o.out = value(i);
        else if (a == "--bubble") o.bubble = probability(i);
        else if (a == "--backpressure") o.backpressure = probability(i);
        else if (a == "--seed") o.seed = number(i);
        else if (a == "--trace-fst") o.trace_full = true;
        else if (a == "--no-trace-on-fail") o.trace_on_fail = false;
        else if (a == "--dump") o.dump = value(i);
        else if (a == "--limit") o.limit = number(i);
        else if (a == "--max-report") o.max_report = number(i);
        else if (a == "--watchdog") o.watchdog = number(i);
        else if (a == "--emit-icarus") o.emit_icarus = value(i);
        else if (a == "--quiet") o.quiet = true;
        else if (a == "-h" || a == "--help") { usage(argv[0]); std::exit(kPass); }
        else if (a.rfind("+verilator+", 0) == 0) continue;  // Verilator's own runtime options
        else throw UsageError("unknown option '" + a + "' (see --help)");
    }
    if (o.vectors.empty()) throw UsageError("--vectors FILE is required (see --help)");
    if (o.watchdog == 0) throw UsageError("--watchdog must be at least 1");
    return o;
}

// ---------------------------------------------------------------------------------------------
/**
 * What a unit driver provides. `bind` checks the vector columns and cell widths; `beat` fills the
 * input data ports (in_ports order) for beat b of a row; `expect` fills the expected outputs
 * (out_ports order) of a row. A row produces `outputs(row)` output transactions (default one;
 * nms_knn's rows give several), the k-th checked against `expect_output(row, k, ...)`.
 */
template <class Model>
class Unit {
  public:
    virtual ~Unit() = default;
    virtual const char* name() const = 0;
    virtual const char* transaction() const = 0;  // what one row is, for the summary
    virtual void bind(const VectorFile& vf) = 0;
    virtual uint32_t beats(size_t row) const = 0;
    virtual void beat(size_t row, uint32_t b, uint32_t* const* in) const = 0;
    virtual void expect(size_t row, uint32_t* const* out) const = 0;
    /** Output transactions of a row (at least one). */
    virtual uint32_t outputs(size_t /*row*/) const { return 1; }
    /** The expected outputs of output transaction k of a row. */
    virtual void expect_output(size_t row, uint32_t /*k*/, uint32_t* const* out) const {
        expect(row, out);
    }
    /** Cycles the row needs at the unit's ideal throughput (section 9 timing column). */
    virtual double ideal_cycles(size_t row) const = 0;
    /** How the ideal is defined, for the summary line. */
    virtual std::string ideal_note() const { return ""; }

    std::vector<Port<Model>> in_ports;
    std::vector<Port<Model>> out_ports;

  protected:
    /** The columns must be exactly `names` (any order): a missing or unknown one is an error. */
    void require_columns(const VectorFile& vf, std::initializer_list<const char*> names) {
        vf_ = &vf;
        for (const char* n : names) {
            if (vf.column(n) < 0) {
                throw VectorError(vf.path() + ": column '" + n + "' missing for unit " + name());
            }
        }
        for (const std::string& c : vf.columns()) {
            bool known = false;
            for (const char* n : names) known = known || c == n;
            if (!known) {
                throw VectorError(vf.path() + ": column '" + c + "' is not a port of " + name() +
                                  " (the testbench would not check it)");
            }
        }
    }

    int col(const char* n) const { return vf_->column(n); }

    /** Every cell of column `c` must have ceil(bits/4) digits and a value below 2^bits. */
    void check_column(const char* c, const std::function<size_t(size_t)>& bits) const {
        const int k = col(c);
        for (size_t r = 0; r < vf_->rows(); ++r) {
            const Cell cell = vf_->cell(r, static_cast<size_t>(k));
            const size_t b = bits(r);
            if (cell.digits != digits_for(b) || !fits(cell.w, cell.nwords, b)) {
                throw VectorError(vf_->path() + ":" + std::to_string(vf_->line_of(r)) +
                                  ": column " + c + " has " + std::to_string(cell.digits) +
                                  " hex digits, the contract says " +
                                  std::to_string(digits_for(b)) + " for " + std::to_string(b) +
                                  " bits (value must fit too)");
            }
        }
    }
    void check_column(const char* c, size_t bits) const {
        check_column(c, [bits](size_t) { return bits; });
    }

    /** Copies a checked cell into a port buffer of words_for(bits) words. */
    void copy_cell(size_t row, int c, uint32_t* dst, size_t bits) const {
        const Cell cell = vf_->cell(row, static_cast<size_t>(c));
        const size_t nw = words_for(bits);
        for (size_t i = 0; i < nw; ++i) dst[i] = i < cell.nwords ? cell.w[i] : 0;
    }

    /** A column's small value (e.g. a count), checked to fit 32 bits. */
    uint32_t small_value(size_t row, int c) const {
        const Cell cell = vf_->cell(row, static_cast<size_t>(c));
        if (!fits(cell.w, cell.nwords, 32)) {
            throw VectorError(vf_->path() + ":" + std::to_string(vf_->line_of(row)) + ": column " +
                              vf_->columns()[static_cast<size_t>(c)] + " does not fit 32 bits");
        }
        return cell.w[0];
    }

    const VectorFile* vf_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
/** Word buffers, one per port, with a pointer table for the Unit callbacks. */
struct PortBuffers {
    std::vector<std::vector<uint32_t>> bufs;
    std::vector<uint32_t*> ptrs;
    template <class Model>
    explicit PortBuffers(const std::vector<Port<Model>>& ports) {
        for (const auto& p : ports) bufs.emplace_back(words_for(p.width) + 1, 0u);
        for (auto& b : bufs) ptrs.push_back(b.data());
    }
    uint32_t* const* data() { return ptrs.data(); }
    void clear() {
        for (auto& b : bufs) std::fill(b.begin(), b.end(), 0u);
    }
};

/** Prints the first N mismatches in the contract's format and counts all of them. */
class Reporter {
  public:
    Reporter(size_t max_report, bool silent) : max_(max_report), silent_(silent) {}
    void mismatch(size_t row, uint64_t cycle, const std::string& port, const std::string& exp,
                  const std::string& got, const char* note = nullptr) {
        if (count_ == 0) first_cycle_ = cycle;
        if (!silent_ && count_ < max_) {
            std::printf("MISMATCH vector=%zu cycle=%llu port=%s expected=%s got=%s%s%s\n", row,
                        static_cast<unsigned long long>(cycle), port.c_str(), exp.c_str(),
                        got.c_str(), note ? " " : "", note ? note : "");
        }
        if (rows_.empty() || rows_.back() != row) rows_.push_back(row);
        ++count_;
    }
    /** Vectors that never produced an output (after a timeout) count as failed. */
    void add_unverified(size_t n) {
        count_ += n;
        unverified_ += n;
    }
    uint64_t count() const { return count_; }
    size_t vectors() const { return rows_.size() + unverified_; }
    uint64_t first_cycle() const { return first_cycle_; }

  private:
    size_t max_;
    bool silent_;
    uint64_t count_ = 0;
    uint64_t first_cycle_ = 0;
    size_t unverified_ = 0;
    std::vector<size_t> rows_;
};

/** Fills a `width`-bit port buffer with seeded garbage (the top word masked to the width). */
inline void fill_random(uint32_t* b, unsigned width, Rng& rng) {
    for (size_t i = 0; i < words_for(width); ++i) b[i] = static_cast<uint32_t>(rng.next());
    if (width % 32) b[words_for(width) - 1] &= (1u << (width % 32)) - 1u;
}

/**
 * The simulation shell every bench shares: a context whose registers without a reset start
 * random (seeded; needs --x-initial unique at verilation, so a missing reset shows up as a
 * seed-dependent mismatch instead of hiding behind all-zero state), the model, an FST from
 * cycle `trace_from` on when `trace_path` is given (needs VM_TRACE), the reset the Icarus TBs
 * mirror, the two halves of a cycle, and the end (final, trace closed, coverage written).
 * Time runs 5 units per half cycle, as the Icarus TB's 10-unit clock period.
 */
template <class Model>
class Clocked {
  public:
    Clocked(uint64_t seed, const std::string& trace_path, uint64_t trace_from)
        : ctx_(std::make_unique<VerilatedContext>()), trace_from_(trace_from), wave_on_(trace_from == 0) {
        ctx_->randReset(2);
        ctx_->fatalOnError(false);  // $fatal of an RTL assertion: stop and report, not abort
        ctx_->randSeed(static_cast<int>(seed % 2147483647ull) + 1);
        if (!trace_path.empty()) ctx_->traceEverOn(true);
        m_ = std::make_unique<Model>(ctx_.get(), "TOP");
#if VM_TRACE
        if (!trace_path.empty()) {
            tfp_ = std::make_unique<VerilatedFstC>();
            m_->trace(tfp_.get(), 99);
            tfp_->open(trace_path.c_str());
        }
#endif
    }

    Model* model() { return m_.get(); }

    /** True once an RTL assertion (or any $stop/$fatal) has fired. */
    bool assertion_failed() const { return ctx_->gotError(); }

    /**
     * With the inputs already at their idle values: rst_ni falls at t=1 with the clock low, four
     * rising edges (t=5..35) in reset, released with the clock low at t=40, where cycle 0 begins.
     */
    void reset() {
        m_->clk_i = 0;
        m_->rst_ni = 1;
        m_->eval();
        dump();
        t_ = 1;
        ctx_->time(t_);
        m_->rst_ni = 0;
        m_->eval();
        dump();
        t_ = 5;
        for (int i = 0; i < 4; ++i, t_ += 5) {
            if (i > 0) {
                ctx_->time(t_); m_->clk_i = 0; m_->eval(); dump();
                t_ += 5;
            }
            ctx_->time(t_); m_->clk_i = 1; m_->eval(); dump();
        }
        m_->rst_ni = 1;
    }

    /** First half of `cycle`, its inputs applied: clock low, evaluated (handshakes now readable). */
    void clock_low(uint64_t cycle) {
        wave_on_ = wave_on_ || cycle >= trace_from_;
        m_->clk_i = 0;
        ctx_->time(t_);
        m_->eval();
        dump();
    }

    /** Second half: the rising edge. */
    void rising_edge() {
        t_ += 5;
        ctx_->time(t_);
        m_->clk_i = 1;
        m_->eval();
        dump();
        t_ += 5;
    }

    /** Ends the run; writes `coverage_path` when coverage is compiled in and it is non-empty. */
    void finish(const std::string& coverage_path) {
        m_->final();
#if VM_TRACE
        if (tfp_) tfp_->close();
#endif
#if VM_COVERAGE
        if (!coverage_path.empty()) ctx_->coveragep()->write(coverage_path.c_str());
#else
        (void)coverage_path;
#endif
    }

  private:
    void dump() {
#if VM_TRACE
        if (tfp_ && wave_on_) tfp_->dump(t_);
#endif
    }

    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<Model> m_;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> tfp_;
#endif
    uint64_t trace_from_;
    bool wave_on_;
    uint64_t t_ = 0;
};

struct SimResult {
    uint64_t mismatches = 0;
    size_t mismatching_vectors = 0;
    uint64_t first_mismatch_cycle = 0;
    size_t outputs = 0;
    uint64_t cycles = 0;  // reset release to the last output handshake, inclusive
    double seconds = 0;
    bool timeout = false;
    uint64_t assertion_failures = 0;  // 0 or 1: the run stops at the first
    uint64_t assertion_cycle = 0;
};

/** The line a failed RTL assertion adds after the simulator's own message (which names it). */
inline void report_assertion(uint64_t cycle) {
    std::printf("ASSERTION FAILURE cycle=%llu: an RTL assertion fired (message above); run "
                "stopped\n", static_cast<unsigned long long>(cycle));
    std::fflush(stdout);
}

/**
 * Runs the rows through a fresh model. `trace_path` non-empty: trace into it (needs VM_TRACE)
 * from cycle `trace_from` on; `stop_cycle`: stop there (used by the failure rerun, which only
 * needs the waveform).
 *
 * Cycle c is: inputs applied with clk_i low, eval, handshakes sampled, rising edge. Beats and
 * results therefore move exactly when valid && ready hold just before the edge, as in RTL.
 */
template <class Model>
SimResult simulate(Unit<Model>& unit, size_t rows, const Options& o,
                   Reporter& rep, const std::string& trace_path, uint64_t trace_from,
                   uint64_t stop_cycle, std::FILE* dump, bool write_coverage) {
    Clocked<Model> sim(o.seed, trace_path, trace_from);
    Model* const m = sim.model();

    const size_t nin = unit.in_ports.size();
    const size_t nout = unit.out_ports.size();
    PortBuffers in(unit.in_ports), out(unit.out_ports), exp(unit.out_ports),
        held(unit.out_ports);
    Rng bubble_rng(o.seed * 3 + 1), bp_rng(o.seed * 5 + 2), idle_rng(o.seed * 7 + 3);

    // Between beats the data inputs carry seeded garbage, so a unit that samples data without
    // valid fails instead of seeing a conveniently stable value.
    auto drive_idle = [&]() {
        m->in_valid_i = 0;
        for (size_t p = 0; p < nin; ++p) {
            const unsigned w = unit.in_ports[p].width;
            fill_random(in.ptrs[p], w, idle_rng);
            unit.in_ports[p].set(*m, in.ptrs[p]);
        }
    };

    m->out_ready_i = 0;
    drive_idle();
    sim.reset();

    SimResult r;
    size_t row = 0;        // row of the next input beat
    uint32_t bt = 0;       // beat within that row
    bool presenting = false;
    size_t out_row = 0;    // row of the next expected output
    uint32_t out_k = 0;    // output transaction within that row
    size_t out_seq = 0;    // output transactions so far (the dump's first column)
    bool stalled = false;  // out_valid_o && !out_ready_i in the previous cycle
    uint64_t quiet_cycles = 0;
    uint64_t drain = 0;    // cycles run after the last output
    constexpr uint64_t kDrainCycles = 16;
    const auto start = std::chrono::steady_clock::now();

    for (uint64_t cycle = 0;; ++cycle) {
        if (cycle >= stop_cycle) break;
        // ---- inputs for this cycle (clock low). A presented beat stays until accepted.
        if (!presenting && row < rows) {
            if (!bubble_rng.chance(o.bubble)) {
                in.clear();  // drivers may fill only the words they use
                unit.beat(row, bt, in.data());
                for (size_t p = 0; p < nin; ++p) unit.in_ports[p].set(*m, in.ptrs[p]);
                m->in_valid_i = 1;
                presenting = true;
            } else {
                drive_idle();
            }
        } else if (!presenting) {
            drive_idle();
        }
        m->out_ready_i = (out_row >= rows || !bp_rng.chance(o.backpressure)) ? 1 : 0;
        sim.clock_low(cycle);
        if (sim.assertion_failed()) {
            r.assertion_failures = 1;
            r.assertion_cycle = cycle;
            break;
        }

        // ---- sample the handshakes just before the rising edge
        const bool in_fire = presenting && m->in_ready_o;
        const bool out_valid = m->out_valid_o;
        const bool out_fire = out_valid && m->out_ready_i;
        if (stalled) {
            // Section 9: output data is held while out_valid_o && !out_ready_i.
            if (!out_valid) {
                rep.mismatch(out_row, cycle, "out_valid_o", "1", "0",
                             "(protocol: valid dropped while stalled)");
            } else {
                for (size_t p = 0; p < nout; ++p) {
                    unit.out_ports[p].get(*m, out.ptrs[p]);
                    if (!equal_bits(out.ptrs[p], held.ptrs[p], unit.out_ports[p].width)) {
                        rep.mismatch(out_row, cycle, unit.out_ports[p].name,
                                     to_hex(held.ptrs[p], unit.out_ports[p].width),
                                     to_hex(out.ptrs[p], unit.out_ports[p].width),
                                     "(protocol: output changed while stalled)");
                    }
                }
            }
        }
        if (out_valid) {
            for (size_t p = 0; p < nout; ++p) unit.out_ports[p].get(*m, out.ptrs[p]);
        }
        if (out_fire) {
            if (out_row >= rows) {
                if (out_row == rows) {  // report the first extra output once
                    rep.mismatch(out_row, cycle, "out_valid_o", "0", "1",
                                 "(output beyond the last vector)");
                }
            } else {
                exp.clear();
                unit.expect_output(out_row, out_k, exp.data());
                for (size_t p = 0; p < nout; ++p) {
                    const unsigned w = unit.out_ports[p].width;
                    if (!equal_bits(out.ptrs[p], exp.ptrs[p], w)) {
                        rep.mismatch(out_row, cycle, unit.out_ports[p].name, to_hex(exp.ptrs[p], w),
                                     to_hex(out.ptrs[p], w));
                    }
                }
                r.cycles = cycle + 1;
            }
            if (dump) {
                std::fprintf(dump, "%zu %llu", out_seq, static_cast<unsigned long long>(cycle));
                for (size_t p = 0; p < nout; ++p) {
                    std::fprintf(dump, " %s=%s", unit.out_ports[p].name,
                                 to_hex(out.ptrs[p], unit.out_ports[p].width).c_str());
                }
                std::fputc('\n', dump);
            }
            ++out_seq;
            if (out_row >= rows || ++out_k >= unit.outputs(out_row)) {
                out_k = 0;
                ++out_row;
            }
        }
        stalled = out_valid && !out_fire;
        if (stalled) {
            for (size_t p = 0; p < nout; ++p) {
                std::copy(out.bufs[p].begin(), out.bufs[p].end(), held.bufs[p].begin());
            }
        }

        // ---- rising edge
        sim.rising_edge();
        if (sim.assertion_failed()) {
            r.assertion_failures = 1;
            r.assertion_cycle = cycle;
            r.cycles = cycle + 1;
            break;
        }

        if (in_fire) {
            presenting = false;
            if (++bt == unit.beats(row)) {
                bt = 0;
                ++row;
            }
        }
        quiet_cycles = (in_fire || out_fire) ? 0 : quiet_cycles + 1;
        if (out_row >= rows) {
            if (row < rows && drain == 0) {
                rep.mismatch(out_row - 1, cycle, "in_ready_o", "beats consumed",
                             "beats left over", "(all outputs came before all inputs were taken)");
            }
            if (++drain > kDrainCycles) {
                r.outputs = out_row;
                break;
            }
        } else if (quiet_cycles >= o.watchdog) {
            // The vector waiting for its output fails here; every later one is unverified and
            // counts as failed too.
            rep.mismatch(out_row, cycle, "out_valid_o", "1", "0", "(timeout: no output)");
            rep.add_unverified(rows - out_row - 1);
            std::printf("TIMEOUT cycle=%llu: no handshake for %llu cycles; %zu of %zu outputs, "
                        "input at row %zu beat %u\n",
                        static_cast<unsigned long long>(cycle),
                        static_cast<unsigned long long>(o.watchdog), out_row, rows, row, bt);
            r.timeout = true;
            r.outputs = out_row;
            r.cycles = cycle + 1;
            break;
        }
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r.outputs == 0) r.outputs = out_row;
    sim.finish(write_coverage ? o.out + "/" + unit.name() + ".coverage.dat" : "");
    r.mismatches = rep.count();
    r.mismatching_vectors = rep.vectors();
    r.first_mismatch_cycle = rep.first_cycle();
    return r;
}

// ---------------------------------------------------------------------------------------------
/**
 * The waveform part of a generated Icarus TB (module `top`): with +wave=FILE it dumps a VCD of the
 * whole TB, from +wave_from=CYCLE (cycles after reset release; default 0) on. icarus.sh reruns a
 * failed replay with it; the replay is deterministic, so the rerun reaches the same failure, and
 * Icarus flushes the VCD when the assertion's $fatal ends the run.
 */
inline std::string icarus_wave_block(const char* top) {
    return std::string(
        "  // Waveform on request (+wave=FILE, +wave_from=CYCLE): icarus.sh asks for it on a failure.\n"
        "  reg [8*1024-1:0] wave_file;\n"
        "  reg [63:0] wave_from, wave_cycle;\n"
        "  reg wave_enabled;\n"
        "  initial begin\n"
        "    wave_cycle = 0;\n"
        "    wave_enabled = 1'b0;\n"
        "    if (!$value$plusargs(\"wave_from=%d\", wave_from)) wave_from = 0;\n"
        "    if ($value$plusargs(\"wave=%s\", wave_file)) begin\n"
        "      wave_enabled = 1'b1;\n"
        "      $dumpfile(wave_file);\n"
        "      $dumpvars(0, ") + top + ");\n"
        "      if (wave_from > 0) $dumpoff;\n"
        "    end\n"
        "  end\n"
        "  always @(posedge clk_i) begin\n"
        "    if (rst_ni === 1'b1) begin\n"
        "      wave_cycle = wave_cycle + 1;\n"
        "      if (wave_enabled && wave_from > 0 && wave_cycle == wave_from) $dumpon;\n"
        "    end\n"
        "  end\n\n";
}

// ---------------------------------------------------------------------------------------------
/**
 * Writes an Icarus (iverilog -g2012) testbench for these vectors: `<unit>.stim.hex` (one line per
 * input beat, the in_ports concatenated, port 0 least significant), `<unit>.expect.hex` (one line
 * per row, out_ports concatenated) and `tb_<unit>.sv`. The generated TB uses the same reset,
 * cycle numbering and dump format as simulate() with no bubbles or back-pressure, and drives X on
 * the data inputs between beats, so the two simulators' dumps can be diffed line for line.
 */
template <class Model>
void emit_icarus(Unit<Model>& unit, size_t rows, const Options& o) {
    namespace fs = std::filesystem;
    fs::create_directories(o.emit_icarus);
    const std::string base = o.emit_icarus + "/" + unit.name();
    size_t stim_w = 0, exp_w = 0;
    std::vector<size_t> in_off, out_off;
    for (const auto& p : unit.in_ports) { in_off.push_back(stim_w); stim_w += p.width; }
    for (const auto& p : unit.out_ports) { out_off.push_back(exp_w); exp_w += p.width; }

    PortBuffers in(unit.in_ports), out(unit.out_ports);
    std::vector<uint32_t> line(words_for(std::max(stim_w, exp_w)) + 1);
    size_t nbeats = 0;
    size_t nouts = 0;  // output transactions: the TB's NROWS (one per row for most units)
    {
        std::FILE* f = std::fopen((base + ".stim.hex").c_str(), "w");
        if (!f) throw UsageError("cannot write " + base + ".stim.hex");
        for (size_t r = 0; r < rows; ++r) {
            for (uint32_t b = 0; b < unit.beats(r); ++b, ++nbeats) {
                in.clear();
                unit.beat(r, b, in.data());
                std::fill(line.begin(), line.end(), 0u);
                for (size_t p = 0; p < in.ptrs.size(); ++p) {
                    insert_bits(line.data(), in_off[p], unit.in_ports[p].width, in.ptrs[p]);
                }
                std::fprintf(f, "%s\n", to_hex(line.data(), stim_w).c_str());
            }
        }
        std::fclose(f);
    }
    {
        std::FILE* f = std::fopen((base + ".expect.hex").c_str(), "w");
        if (!f) throw UsageError("cannot write " + base + ".expect.hex");
        for (size_t r = 0; r < rows; ++r) {
            for (uint32_t k = 0; k < unit.outputs(r); ++k, ++nouts) {
                out.clear();
                unit.expect_output(r, k, out.data());
                std::fill(line.begin(), line.end(), 0u);
                for (size_t p = 0; p < out.ptrs.size(); ++p) {
                    insert_bits(line.data(), out_off[p], unit.out_ports[p].width, out.ptrs[p]);
                }
                std::fprintf(f, "%s\n", to_hex(line.data(), exp_w).c_str());
            }
        }
        std::fclose(f);
    }

    std::FILE* f = std::fopen((o.emit_icarus + "/tb_" + unit.name() + ".sv").c_str(), "w");
    if (!f) throw UsageError("cannot write the Icarus testbench");
    std::fprintf(f,
        "// Generated by the nms Verilator testbench (--emit-icarus) for %s; do not edit.\n"
        "// Plusargs: +stim=FILE +expect=FILE +dump=FILE [+wave=FILE.vcd +wave_from=CYCLE]\n"
        "`timescale 1ns/1ps\n"
        "module nms_icarus_tb;\n"
        "  localparam integer NBEATS = %zu;\n"
        "  localparam integer NROWS = %zu;\n"
        "  localparam integer STIM_W = %zu;\n"
        "  localparam integer EXP_W = %zu;\n"
        "  localparam integer WATCHDOG = %llu;\n"
        "  localparam integer MAX_REPORT = %zu;\n"
        "  reg clk_i = 1'b0;\n  reg rst_ni = 1'b1;\n"
        "  reg in_valid_i = 1'b0;\n  wire in_ready_o;\n"
        "  wire out_valid_o;\n  reg out_ready_i = 1'b0;\n",
        unit.name(), nbeats, nouts, stim_w, exp_w,
        static_cast<unsigned long long>(std::min<uint64_t>(o.watchdog, 2000000000ull)),
        o.max_report);
    for (const auto& p : unit.in_ports) std::fprintf(f, "  reg [%u:0] %s;\n", p.width - 1, p.name);
    for (const auto& p : unit.out_ports) std::fprintf(f, "  wire [%u:0] %s;\n", p.width - 1, p.name);
    std::fprintf(f,
        "  reg [STIM_W-1:0] stim [0:NBEATS-1];\n"
        "  reg [EXP_W-1:0] expct [0:NROWS-1];\n"
        "  integer fd, beat_idx, out_idx, cycle, mism, quiet, drain, fired;\n"
        "  reg [8*1024-1:0] stim_file, exp_file, dump_file;\n\n"
        "  %s dut (\n    .clk_i(clk_i), .rst_ni(rst_ni),\n"
        "    .in_valid_i(in_valid_i), .in_ready_o(in_ready_o),\n"
        "    .out_valid_o(out_valid_o), .out_ready_i(out_ready_i)",
        unit.name());
    for (const auto& p : unit.in_ports) std::fprintf(f, ",\n    .%s(%s)", p.name, p.name);
    for (const auto& p : unit.out_ports) std::fprintf(f, ",\n    .%s(%s)", p.name, p.name);
    std::fprintf(f, "\n  );\n\n  always #5 clk_i = ~clk_i;\n\n");
    std::fputs(icarus_wave_block("nms_icarus_tb").c_str(), f);
    std::fprintf(f, "  task drive;\n    begin\n      if (beat_idx < NBEATS) begin\n"
                    "        in_valid_i = 1'b1;\n");
    for (size_t p = 0; p < unit.in_ports.size(); ++p) {
        std::fprintf(f, "        %s = stim[beat_idx][%zu +: %u];\n", unit.in_ports[p].name,
                     in_off[p], unit.in_ports[p].width);
    }
    std::fprintf(f, "      end else begin\n        in_valid_i = 1'b0;\n");
    for (const auto& p : unit.in_ports) std::fprintf(f, "        %s = 'x;\n", p.name);
    std::fprintf(f, "      end\n    end\n  endtask\n\n");
    std::fprintf(f,
        "  initial begin\n"
        "    if (!$value$plusargs(\"stim=%%s\", stim_file)) $fatal(1, \"+stim= missing\");\n"
        "    if (!$value$plusargs(\"expect=%%s\", exp_file)) $fatal(1, \"+expect= missing\");\n"
        "    if (!$value$plusargs(\"dump=%%s\", dump_file)) $fatal(1, \"+dump= missing\");\n"
        "    $readmemh(stim_file, stim);\n    $readmemh(exp_file, expct);\n"
        "    fd = $fopen(dump_file, \"w\");\n"
        "    beat_idx = NBEATS; out_idx = 0; cycle = 0; mism = 0; quiet = 0; drain = 0;\n"
        "    drive();\n    beat_idx = 0;\n"
        "    #1 rst_ni = 1'b0;\n"
        "    repeat (4) @(posedge clk_i);\n"
        "    @(negedge clk_i);\n    rst_ni = 1'b1;\n    out_ready_i = 1'b1;\n    drive();\n"
        "    forever begin\n      @(negedge clk_i);\n      drive();\n    end\n"
        "  end\n\n");
    // The sampler runs in the active region of the rising edge, before the DUT's nonblocking
    // updates, so it sees the same pre-edge values as the C++ harness.
    std::fprintf(f,
        "  always @(posedge clk_i) begin\n"
        "    if (rst_ni === 1'b1) begin\n"
        "      fired = 0;\n"
        "      if ((^{in_ready_o, out_valid_o}) === 1'bx) begin\n"
        "        $display(\"MISMATCH vector=%%0d cycle=%%0d port=handshake expected=01 got=%%b%%b "
        "(X on in_ready_o/out_valid_o)\", out_idx, cycle, in_ready_o, out_valid_o);\n"
        "        mism = mism + 1;\n"
        "      end\n"
        "      if (in_valid_i && in_ready_o === 1'b1) begin beat_idx = beat_idx + 1; fired = 1; end\n"
        "      if (out_valid_o === 1'b1 && out_ready_i) begin\n"
        "        fired = 1;\n"
        "        $fwrite(fd, \"%%0d %%0d\", out_idx, cycle);\n");
    for (const auto& p : unit.out_ports) {
        std::fprintf(f, "        $fwrite(fd, \" %s=%%h\", %s);\n", p.name, p.name);
    }
    std::fprintf(f,
        "        $fwrite(fd, \"\\n\");\n"
        "        if (out_idx >= NROWS) begin\n"
        "          if (out_idx == NROWS) begin\n"
        "            $display(\"MISMATCH vector=%%0d cycle=%%0d port=out_valid_o expected=0 got=1 "
        "(output beyond the last vector)\", out_idx, cycle);\n"
        "            mism = mism + 1;\n"
        "          end\n"
        "        end else begin\n");
    for (size_t p = 0; p < unit.out_ports.size(); ++p) {
        const auto& q = unit.out_ports[p];
        std::fprintf(f,
            "          if (%s !== expct[out_idx][%zu +: %u]) begin\n"
            "            if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=%s "
            "expected=%%h got=%%h\", out_idx, cycle, expct[out_idx][%zu +: %u], %s);\n"
            "            mism = mism + 1;\n"
            "          end\n",
            q.name, out_off[p], q.width, q.name, out_off[p], q.width, q.name);
    }
    std::fprintf(f,
        "        end\n"
        "        out_idx = out_idx + 1;\n"
        "      end\n"
        "      quiet = fired ? 0 : quiet + 1;\n"
        "      cycle = cycle + 1;\n"
        "      if (out_idx >= NROWS) begin\n"
        "        drain = drain + 1;\n"
        "        if (drain > 16) begin\n"
        "          $fclose(fd);\n"
        "          $display(\"ICARUS RESULT vectors=%%0d outputs=%%0d mismatches=%%0d cycles=%%0d\", "
        "NROWS, out_idx, mism, cycle);\n"
        "          $finish;\n"
        "        end\n"
        "      end else if (quiet >= WATCHDOG) begin\n"
        "        $fclose(fd);\n"
        "        $display(\"TIMEOUT cycle=%%0d: no handshake for %%0d cycles\", cycle, WATCHDOG);\n"
        "        $display(\"ICARUS RESULT vectors=%%0d outputs=%%0d mismatches=%%0d cycles=%%0d\", "
        "NROWS, out_idx, mism + NROWS - out_idx, cycle);\n"
        "        $finish;\n"
        "      end\n"
        "    end\n"
        "  end\n"
        "endmodule\n");
    std::fclose(f);
    std::printf("wrote %s/tb_%s.sv, %zu beats, %zu rows, %zu outputs\n", o.emit_icarus.c_str(),
                unit.name(), nbeats, rows, nouts);
}

// ---------------------------------------------------------------------------------------------
/** Extra `metric,value` rows a unit adds to its result CSV (e.g. nms_engine's byte counts). */
using Metrics = std::vector<std::pair<std::string, std::string>>;

inline void write_result(const std::string& path, const char* unit, size_t vectors,
                         const SimResult& r, double ideal_per_tx, const Metrics& extra = {}) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw UsageError("cannot write " + path);
    const double per_tx =
        vectors ? static_cast<double>(r.cycles) / static_cast<double>(vectors) : 0.0;
    const double eff = per_tx > 0 ? ideal_per_tx / per_tx : 0.0;
    std::fprintf(f, "metric,value\n");
    std::fprintf(f, "unit,%s\n", unit);
    std::fprintf(f, "vectors,%zu\n", vectors);
    std::fprintf(f, "mismatches,%llu\n", static_cast<unsigned long long>(r.mismatches));
    std::fprintf(f, "assertion_failures,%llu\n",
                 static_cast<unsigned long long>(r.assertion_failures));
    std::fprintf(f, "cycles,%llu\n", static_cast<unsigned long long>(r.cycles));
    std::fprintf(f, "cycles_per_transaction,%.4f\n", per_tx);
    std::fprintf(f, "ideal_cycles_per_transaction,%.4f\n", ideal_per_tx);
    std::fprintf(f, "efficiency,%.4f\n", eff);
    std::fprintf(f, "sim_seconds,%.6f\n", r.seconds);
    std::fprintf(f, "sim_cycles_per_second,%.0f\n",
                 r.seconds > 0 ? static_cast<double>(r.cycles) / r.seconds : 0.0);
    for (const auto& m : extra) std::fprintf(f, "%s,%s\n", m.first.c_str(), m.second.c_str());
    std::fclose(f);
}

/** False (after saying why) if the vectors were made for another unit or configuration. */
inline bool manifest_accepted(const VectorFile& vf, const char* unit) {
    auto refuse = [&](const std::string& why) {
        std::fprintf(stderr, "REFUSED %s: %s\n", vf.path().c_str(), why.c_str());
        return false;
    };
    if (!vf.has_manifest("unit")) return refuse("the manifest has no 'unit' line");
    if (!vf.has_manifest("config_hash")) return refuse("the manifest has no 'config_hash' line");
    if (vf.manifest("unit") != unit) {
        return refuse("vectors are for unit '" + vf.manifest("unit") + "', this testbench is " +
                      unit);
    }
    if (vf.manifest("config_hash") != NMS_CONFIG_HASH) {
        return refuse("vectors have config_hash " + vf.manifest("config_hash") +
                      ", the RTL (nms_config.h) was generated for " + NMS_CONFIG_HASH +
                      "; regenerate vectors and RTL from one configuration");
    }
    return true;
}

/** The whole testbench: parse, refuse or load, simulate, report, rerun with a trace on failure. */
template <class UnitT>
int run_main(int argc, char** argv) {
    namespace fs = std::filesystem;
    UnitT unit;
    Options o;
    try {
        o = parse_options(argc, argv);
        Verilated::commandArgs(argc, argv);
        const auto t0 = std::chrono::steady_clock::now();
        VectorFile vf = VectorFile::load(o.vectors);
        if (!manifest_accepted(vf, unit.name())) return kRefused;
        if (vf.has_manifest("vectors") && vf.manifest("vectors") != std::to_string(vf.rows())) {
            throw VectorError(o.vectors + ": the manifest says " + vf.manifest("vectors") +
                              " vectors, the file has " + std::to_string(vf.rows()) +
                              " rows (truncated?)");
        }
        unit.bind(vf);
        const size_t rows = o.limit ? std::min(o.limit, vf.rows()) : vf.rows();
        if (rows == 0) throw VectorError(o.vectors + ": no vector rows");
        const double load_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        if (!o.emit_icarus.empty()) {
            emit_icarus(unit, rows, o);
            return kPass;
        }

        fs::create_directories(o.out);
        const std::string stem = o.out + "/" + unit.name();
        // Never leave a previous run's result or waveform to be mistaken for this one's.
        fs::remove(stem + ".result.csv");
        fs::remove(stem + ".fst");

        if (!o.quiet) {
            std::printf("%s: %zu vectors from %s (config %s, seed %s) loaded in %.3f s\n",
                        unit.name(), rows, o.vectors.c_str(), NMS_CONFIG_HASH,
                        vf.manifest("seed").c_str(), load_s);
            std::printf("%s: bubble %.3f backpressure %.3f seed %llu\n", unit.name(), o.bubble,
                        o.backpressure, static_cast<unsigned long long>(o.seed));
        }
        std::FILE* dump = nullptr;
        if (!o.dump.empty()) {
            dump = std::fopen(o.dump.c_str(), "w");
            if (!dump) throw UsageError("cannot write " + o.dump);
        }
        const bool trace_now = o.trace_full;
#if !VM_TRACE
        if (trace_now) {
            throw UsageError("--trace-fst needs a testbench built with tracing "
                             "(verilate.sh ... --trace)");
        }
#endif
        Reporter rep(o.max_report, false);
        const SimResult r = simulate(unit, rows, o, rep, trace_now ? stem + ".fst" : "", 0,
                                     UINT64_MAX, dump, true);
        if (dump) std::fclose(dump);

        double ideal = 0;
        for (size_t i = 0; i < rows; ++i) ideal += unit.ideal_cycles(i);
        const double ideal_per_tx = ideal / static_cast<double>(rows);
        write_result(stem + ".result.csv", unit.name(), rows, r, ideal_per_tx);

        const double per_tx = static_cast<double>(r.cycles) / static_cast<double>(rows);
        std::printf("%s: cycles=%llu cycles_per_%s=%.4f ideal=%.4f%s efficiency=%.4f "
                    "sim_seconds=%.3f sim_cycles_per_second=%.0f\n",
                    unit.name(), static_cast<unsigned long long>(r.cycles), unit.transaction(),
                    per_tx, ideal_per_tx, unit.ideal_note().c_str(),
                    per_tx > 0 ? ideal_per_tx / per_tx : 0.0, r.seconds,
                    r.seconds > 0 ? static_cast<double>(r.cycles) / r.seconds : 0.0);
        if (r.mismatches == 0 && r.assertion_failures == 0) {
            std::printf("PASS %s vectors=%zu mismatches=0 assertion_failures=0\n", unit.name(),
                        rows);
            return kPass;
        }
        if (r.assertion_failures) report_assertion(r.assertion_cycle);
        std::printf("FAIL %s vectors=%zu mismatches=%llu in %zu vectors (first at cycle %llu)%s"
                    " assertion_failures=%llu\n",
                    unit.name(), rows, static_cast<unsigned long long>(r.mismatches),
                    r.mismatching_vectors,
                    static_cast<unsigned long long>(r.first_mismatch_cycle),
                    r.timeout ? " after a timeout" : "",
                    static_cast<unsigned long long>(r.assertion_failures));
#if VM_TRACE
        if (!trace_now && o.trace_on_fail) {
            // Same seed and random-reset seed: the rerun is cycle-identical. The waveform keeps
            // at most the last kWindow cycles before the first mismatch (a timeout can come
            // after millions of idle cycles) and 20 after it.
            constexpr uint64_t kWindow = 100000;
            const uint64_t first = r.mismatches == 0 || (r.assertion_failures &&
                                                         r.assertion_cycle < r.first_mismatch_cycle)
                                       ? r.assertion_cycle : r.first_mismatch_cycle;
            Reporter silent(0, true);
            simulate(unit, rows, o, silent, stem + ".fst", first > kWindow ? first - kWindow : 0,
                     first + 20, nullptr, false);
        }
        if (trace_now || o.trace_on_fail) std::printf("waveform: %s.fst\n", stem.c_str());
#else
        std::printf("waveform: none (testbench built without --trace; run.sh rebuilds with it)\n");
#endif
        return kFail;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return kUsage;
    } catch (const VectorError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return kUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return kUsage;
    }
}

}  // namespace nms_tb
