// Testbench of nms_engine, the near-memory top level (docs/ARITHMETIC.md sections 8-10).
//
// One vector row is one class: rows_i = N images, images_i = the N images (image 0 first, pixel 0
// in the least significant bits), host_o = the N expected records (record 0 first) and
// dram_bytes_o = the bytes the engine must read near memory. For each class the bench
//   - lays the images out in a DRAM model as the engine expects them (image k at BASE + k * beats,
//     in beats; the last beat of an image zero-padded) at a per-class BASE (every third class
//     wraps past 2^NMS_DRAM_ADDR_WIDTH),
//   - programs BASE, ROWS and START through the configuration port (before the first class, a
//     START with ROWS = 0 must only set done_o),
//   - answers burst requests in order from a queue of kReqDepth requests: under --bubble with
//     seeded random request stalls, response latency and gaps between beats,
//   - checks every request address and length against the spec's order (10.2), every host record
//     bit for bit (back-pressured with --backpressure), the valid/ready hold rules, busy_o and
//     done_o, and the bytes served against dram_bytes_o,
//   - counts the bytes read near memory (beats served x lanes x pixel_width / 8) and the bytes
//     sent to the host (records x ceil(NMS_HOST_RECORD_WIDTH / 8)).
// Mismatches are reported as in every other bench (vector, cycle, port, expected, got); a failing
// run is repeated with tracing up to the first mismatch and leaves <unit>.fst.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_engine.h"

#include <deque>

namespace {

using Model = Vnms_engine;
using nms_tb::Options;
using nms_tb::Reporter;
using nms_tb::Rng;
using nms_tb::SimResult;
using nms_tb::VectorError;
using nms_tb::VectorFile;
using nms_tb::words_for;

constexpr const char* kUnit = "nms_engine";
constexpr size_t kBeatBits = NMS_BEAT_WIDTH;
constexpr size_t kImageBits = static_cast<size_t>(NMS_DIMS) * NMS_PIXEL_WIDTH;
constexpr size_t kRecordBits = NMS_HOST_RECORD_WIDTH;
constexpr uint64_t kRecordBytes = (kRecordBits + 7) / 8;
constexpr uint64_t kAddrMask = (1ull << NMS_DRAM_ADDR_WIDTH) - 1;
constexpr size_t kReqDepth = 4;       // bursts the DRAM model accepts before it stalls requests
constexpr uint64_t kMaxLatency = 8;   // extra response latency drawn per burst under --bubble
constexpr uint64_t kDrainCycles = 16;
static_assert(NMS_BEAT_WIDTH == NMS_LANES * NMS_PIXEL_WIDTH, "NMS_BEAT_WIDTH is lanes x pixel_width");
static_assert(NMS_HOST_RECORD_WIDTH ==
                  NMS_ROW_INDEX_WIDTH + NMS_BETA_WIDTH + NMS_ENTROPY_WIDTH + 1,
              "a host record is {row, beta, entropy, within_tol}");
static_assert(NMS_DRAM_ADDR_WIDTH < 64, "the DRAM model keeps addresses in 64 bits");

// Register addresses of the configuration port (section 10.1).
constexpr uint32_t kRegBase = 0, kRegRows = 1, kRegStart = 2;

std::string hex_addr(uint64_t a) {
    char s[32];
    std::snprintf(s, sizeof s, "%0*llx", static_cast<int>((NMS_DRAM_ADDR_WIDTH + 3) / 4),
                  static_cast<unsigned long long>(a));
    return s;
}

const nms_tb::Port<Model> kRspData = NMS_TB_PORT(Model, dram_rsp_data_i, kBeatBits);
const nms_tb::Port<Model> kHostData = NMS_TB_PORT(Model, host_data_o, kRecordBits);
const nms_tb::Port<Model> kReqAddr = NMS_TB_PORT(Model, dram_req_addr_o, NMS_DRAM_ADDR_WIDTH);
const nms_tb::Port<Model> kReqLen = NMS_TB_PORT(Model, dram_req_len_o, NMS_BURST_LEN_WIDTH);
const nms_tb::Port<Model> kCfgData = NMS_TB_PORT(Model, cfg_wdata_i, NMS_CFG_DATA_WIDTH);
const nms_tb::Port<Model> kCfgAddr = NMS_TB_PORT(Model, cfg_addr_i, NMS_CFG_ADDR_WIDTH);

/** The vector file, checked against the column contract of section 10.3. */
class Vectors {
  public:
    void bind(const VectorFile& vf) {
        vf_ = &vf;
        const char* names[] = {"rows_i", "images_i", "host_o", "dram_bytes_o", "iterations_o"};
        for (const char* n : names) {
            if (vf.column(n) < 0) {
                throw VectorError(vf.path() + ": column '" + n + "' missing for unit nms_engine");
            }
        }
        for (const std::string& c : vf.columns()) {
            bool known = false;
            for (const char* n : names) known = known || c == n;
            if (!known) {
                throw VectorError(vf.path() + ": column '" + c +
                                  "' is not a port of nms_engine (the testbench would not check it)");
            }
        }
        rows_col_ = vf.column("rows_i");
        images_col_ = vf.column("images_i");
        host_col_ = vf.column("host_o");
        bytes_col_ = vf.column("dram_bytes_o");
        iter_col_ = vf.column("iterations_o");
        uint32_t max_rows = 0;
        for (size_t r = 0; r < vf.rows(); ++r) {
            const nms_tb::Cell c = cell(r, rows_col_);
            if (c.digits != nms_tb::digits_for(NMS_ROWS_WIDTH) ||
                !nms_tb::fits(c.w, c.nwords, NMS_ROWS_WIDTH) || c.w[0] < 2 ||
                c.w[0] > NMS_MAX_ROWS_PER_CLASS) {
                fail(r, "rows_i must be 2.." + std::to_string(NMS_MAX_ROWS_PER_CLASS) + " in " +
                            std::to_string(nms_tb::digits_for(NMS_ROWS_WIDTH)) + " hex digits");
            }
            rows_.push_back(c.w[0]);
            max_rows = std::max(max_rows, c.w[0]);
            const nms_tb::Cell b = cell(r, bytes_col_);
            if (b.digits != 16 || !nms_tb::fits(b.w, b.nwords, 64)) {
                fail(r, "dram_bytes_o must have 16 hex digits (64 bits)");
            }
            bytes_.push_back(nms_tb::to_u64(b.w, b.nwords));
        }
        // Every cell of a column is padded to the widest class of the file (section 8).
        for (size_t r = 0; r < vf.rows(); ++r) {
            check_packed(r, images_col_, "images_i", max_rows, kImageBits);
            check_packed(r, host_col_, "host_o", max_rows, kRecordBits);
            check_packed(r, iter_col_, "iterations_o", max_rows, NMS_ITERATION_WIDTH);
        }
    }
    size_t size() const { return rows_.size(); }
    uint32_t rows(size_t v) const { return rows_[v]; }
    uint64_t dram_bytes(size_t v) const { return bytes_[v]; }
    /**
     * The cycle model's ideal for class v (section 10.4): the busiest of the DRAM port (N x
     * beats), a distance instance (ceil(N/K) x N x sketch_beats) and a search lane (sum over its
     * rows of iterations x (kept + NMS_PERPLEXITY_EVALUATION_OVERHEAD)), the iterations from the
     * golden run. *bound names the busiest.
     */
    uint64_t ideal_cycles(size_t v, const char** bound) const {
        const uint64_t n = rows_[v];
        const uint64_t k = NMS_ENGINE_ANCHORS;
        const uint64_t kept = std::min<uint64_t>(NMS_KNN_K, n - 1);
        const nms_tb::Cell it = cell(v, iter_col_);
        const uint64_t dram = n * NMS_BEATS;
        const uint64_t dist = (n + k - 1) / k * n * NMS_SKETCH_BEATS;
        uint64_t search = 0;
        for (uint64_t a = 0; a < k; ++a) {
            uint64_t lane = 0;
            for (uint64_t i = a; i < n; i += k) {
                uint64_t e = 0;
                for (unsigned b = 0; b < NMS_ITERATION_WIDTH; ++b) {
                    const size_t bit = i * NMS_ITERATION_WIDTH + b;
                    if (bit / 32 < it.nwords && ((it.w[bit / 32] >> (bit % 32)) & 1u)) e |= 1ull << b;
                }
                lane += e * (kept + NMS_PERPLEXITY_EVALUATION_OVERHEAD);
            }
            search = std::max(search, lane);
        }
        const uint64_t ideal = std::max(dram, std::max(dist, search));
        *bound = ideal == dist ? "distance" : ideal == search ? "search" : "dram";
        return ideal;
    }
    nms_tb::Cell images(size_t v) const { return cell(v, images_col_); }
    nms_tb::Cell host(size_t v) const { return cell(v, host_col_); }

  private:
    nms_tb::Cell cell(size_t r, int c) const { return vf_->cell(r, static_cast<size_t>(c)); }
    [[noreturn]] void fail(size_t r, const std::string& what) const {
        throw VectorError(vf_->path() + ":" + std::to_string(vf_->line_of(r)) + ": " + what);
    }
    void check_packed(size_t r, int c, const char* name, uint32_t max_rows, size_t bits) const {
        const nms_tb::Cell x = cell(r, c);
        const size_t width = static_cast<size_t>(max_rows) * bits;
        if (x.digits != nms_tb::digits_for(width) || !nms_tb::fits(x.w, x.nwords, rows_[r] * bits)) {
            fail(r, std::string("column ") + name + " has " + std::to_string(x.digits) +
                        " hex digits, the contract says " +
                        std::to_string(nms_tb::digits_for(width)) + " (value must fit " +
                        std::to_string(rows_[r]) + " x " + std::to_string(bits) + " bits)");
        }
    }

    const VectorFile* vf_ = nullptr;
    int rows_col_ = -1, images_col_ = -1, host_col_ = -1, bytes_col_ = -1, iter_col_ = -1;
    std::vector<uint32_t> rows_;
    std::vector<uint64_t> bytes_;
};

/** Counts the bench reports besides the mismatches. */
struct Traffic {
    uint64_t images = 0;
    uint64_t dram_requests = 0;
    uint64_t dram_beats = 0;
    uint64_t host_records = 0;
    uint64_t class_cycles_min = UINT64_MAX;
    uint64_t class_cycles_max = 0;
    uint64_t dram_bytes() const { return (dram_beats * kBeatBits + 7) / 8; }
    uint64_t host_bytes() const { return host_records * kRecordBytes; }
};

/** BASE of class v: every third class sits so that its images wrap past the top address. */
uint64_t base_of(size_t v, uint32_t rows) {
    const uint64_t span = static_cast<uint64_t>(rows) * NMS_BEATS;
    if (v % 3 == 2) return (kAddrMask + 1 - span / 2) & kAddrMask;
    return (0x1000ull + 0x10000ull * v + 5ull) & kAddrMask;
}

/** Bursts of a class (section 10.2): each image once. */
uint64_t bursts(uint32_t n) { return n; }

/** Section 10.2: burst k of a class reads image k. */
uint64_t burst_address(uint64_t base, uint32_t /*n*/, uint64_t k) {
    return (base + k * NMS_BEATS) & kAddrMask;
}

struct Burst {
    uint64_t addr;
    uint32_t len;
    uint64_t ready_at;  // first cycle its first beat may be presented
};

SimResult simulate(const Vectors& vec, size_t vectors, const Options& o, Reporter& rep,
                   const std::string& trace_path, uint64_t trace_from, uint64_t stop_cycle,
                   std::FILE* dump, bool write_coverage, Traffic& traffic) {
    nms_tb::Clocked<Model> sim(o.seed, trace_path, trace_from);
    Model* const m = sim.model();
    Rng cfg_rng(o.seed * 3 + 1), req_rng(o.seed * 11 + 4), lat_rng(o.seed * 13 + 5),
        gap_rng(o.seed * 17 + 6), bp_rng(o.seed * 5 + 2), idle_rng(o.seed * 7 + 3);
    std::vector<uint32_t> buf(words_for(std::max<size_t>(kBeatBits, kRecordBits)) + 2, 0);
    std::vector<uint32_t> exp(words_for(kRecordBits) + 1, 0), got(words_for(kRecordBits) + 1, 0),
        held(words_for(kRecordBits) + 1, 0);
    auto garbage = [&](const nms_tb::Port<Model>& p) {
        nms_tb::fill_random(buf.data(), p.width, idle_rng);
        p.set(*m, buf.data());
    };
    auto set_word = [&](const nms_tb::Port<Model>& p, uint64_t v) {
        std::fill(buf.begin(), buf.end(), 0u);
        buf[0] = static_cast<uint32_t>(v);
        buf[1] = static_cast<uint32_t>(v >> 32);
        p.set(*m, buf.data());
    };
    auto get_word = [&](const nms_tb::Port<Model>& p) {
        std::fill(buf.begin(), buf.end(), 0u);
        p.get(*m, buf.data());
        return nms_tb::to_u64(buf.data(), words_for(p.width));
    };

    // Idle inputs, then the reset every bench shares (nms_tb::Clocked::reset).
    m->cfg_valid_i = 0;
    m->dram_req_ready_i = 0;
    m->dram_rsp_valid_i = 0;
    m->dram_rsp_last_i = 0;
    m->host_ready_i = 0;
    garbage(kCfgData);
    garbage(kCfgAddr);
    garbage(kRspData);
    sim.reset();

    // The Icarus replay numbers the phases the same way.
    enum Phase { kWriteBase, kWriteRows, kWriteStart, kRun, kCheckDone, kFinished, kBadRows,
                 kBadStart, kBadCheck };
    SimResult r;
    Phase phase = kBadRows;
    size_t v = 0;                // current class (vector)
    uint32_t n = 0;              // its rows
    uint64_t base = 0;
    std::vector<uint32_t> mem;   // its images as DRAM beats, kBeatWords words each
    const size_t beat_words = words_for(kBeatBits);
    uint64_t requests = 0, beats_served = 0, start_cycle = 0;
    uint32_t records = 0;
    std::deque<Burst> queue;
    uint32_t beat = 0;           // beat of the head burst
    bool presenting = false;
    bool req_stalled = false, host_stalled = false;
    uint64_t held_addr = 0;
    uint64_t quiet = 0, drain = 0;
    const auto start = std::chrono::steady_clock::now();

    auto load_class = [&]() {
        n = vec.rows(v);
        base = base_of(v, n);
        mem.assign(static_cast<size_t>(n) * NMS_BEATS * beat_words, 0u);
        const nms_tb::Cell img = vec.images(v);
        for (uint32_t k = 0; k < n; ++k) {
            for (uint32_t b = 0; b < NMS_BEATS; ++b) {
                const size_t lo = static_cast<size_t>(b) * kBeatBits;
                const size_t width = std::min(kBeatBits, kImageBits - lo);  // zero-padded tail
                nms_tb::extract_bits(img.w, img.nwords, static_cast<size_t>(k) * kImageBits + lo,
                                     width, &mem[(static_cast<size_t>(k) * NMS_BEATS + b) * beat_words]);
            }
        }
        requests = beats_served = 0;
        records = 0;
        queue.clear();
        beat = 0;
        presenting = false;
        traffic.images += n;
    };
    if (vectors > 0) load_class();

    for (uint64_t cycle = 0;; ++cycle) {
        if (cycle >= stop_cycle) break;
        // ---- inputs (clock low)
        bool cfg_fire = false;
        if ((phase == kWriteBase || phase == kWriteRows || phase == kWriteStart ||
             phase == kBadRows || phase == kBadStart) &&
            !cfg_rng.chance(o.bubble)) {
            m->cfg_valid_i = 1;
            const uint32_t reg = phase == kWriteBase ? kRegBase
                                 : (phase == kWriteRows || phase == kBadRows) ? kRegRows
                                                                              : kRegStart;
            set_word(kCfgAddr, reg);
            set_word(kCfgData, phase == kWriteBase ? base
                               : phase == kWriteRows ? n
                               : phase == kBadRows  ? 0
                                                    : idle_rng.next() & 0xffffffffu);
            cfg_fire = true;
        } else {
            m->cfg_valid_i = 0;
            garbage(kCfgAddr);
            garbage(kCfgData);
        }
        m->dram_req_ready_i = queue.size() < kReqDepth && !req_rng.chance(o.bubble);
        if (!presenting && !queue.empty() && cycle >= queue.front().ready_at &&
            !gap_rng.chance(o.bubble)) {
            const Burst& h = queue.front();
            const uint64_t word = (h.addr + beat - base) & kAddrMask;
            std::fill(buf.begin(), buf.end(), 0u);
            if (word < static_cast<uint64_t>(n) * NMS_BEATS) {
                std::copy_n(&mem[word * beat_words], beat_words, buf.begin());
            }
            kRspData.set(*m, buf.data());
            m->dram_rsp_valid_i = 1;
            m->dram_rsp_last_i = beat + 1 == h.len;
            presenting = true;
        } else if (!presenting) {
            m->dram_rsp_valid_i = 0;
            m->dram_rsp_last_i = idle_rng.next() & 1u;
            garbage(kRspData);
        }
        const bool want_records = (phase == kRun && records < n);
        m->host_ready_i = want_records ? !bp_rng.chance(o.backpressure) : 1;
        sim.clock_low(cycle);
        if (sim.assertion_failed()) {  // an RTL assertion (nms_tb.hpp): stop, counted
            r.assertion_failures = 1;
            r.assertion_cycle = cycle;
            break;
        }

        // ---- sample just before the rising edge
        if (phase == kRun && cycle == start_cycle + 1 && (!m->busy_o || m->done_o)) {
            rep.mismatch(v, cycle, m->busy_o ? "done_o" : "busy_o", m->busy_o ? "0" : "1",
                         m->busy_o ? "1" : "0", "(the cycle after START)");
        }
        if (phase == kBadCheck) {
            // Section 10.1: START with ROWS outside 2..max_rows_per_class reads nothing and only
            // sets done_o.
            if (!m->done_o || m->busy_o || m->dram_req_valid_o) {
                const bool no_done = !m->done_o;
                rep.mismatch(0, cycle, no_done ? "done_o" : m->busy_o ? "busy_o" : "dram_req_valid_o",
                             no_done ? "1" : "0", no_done ? "0" : "1",
                             "(the cycle after a START with ROWS = 0)");
            }
            phase = kWriteBase;
        }
        if (phase == kCheckDone) {
            // The cycle after the last record: done_o set, busy_o clear, nothing left in flight.
            if (!m->done_o || m->busy_o) {
                rep.mismatch(v, cycle, "done_o", "1", m->done_o ? "1 (busy_o still 1)" : "0",
                             "(the cycle after the last record)");
            }
            const uint64_t bytes = (beats_served * kBeatBits + 7) / 8;
            if (bytes != vec.dram_bytes(v)) {
                rep.mismatch(v, cycle, "dram_bytes_near_memory", std::to_string(vec.dram_bytes(v)),
                             std::to_string(bytes), "(bytes the DRAM model served for the class)");
            }
            if (requests != bursts(n) || !queue.empty() || presenting) {
                rep.mismatch(v, cycle, "dram_req_valid_o",
                             std::to_string(bursts(n)) + " bursts",
                             std::to_string(requests) + " bursts, " + std::to_string(queue.size()) +
                                 " unserved",
                             "(bursts of the class)");
            }
            const uint64_t cc = cycle - start_cycle;
            traffic.class_cycles_min = std::min(traffic.class_cycles_min, cc);
            traffic.class_cycles_max = std::max(traffic.class_cycles_max, cc);
            r.cycles = cycle + 1;
            if (++v < vectors) {
                load_class();
                phase = kWriteBase;
            } else {
                phase = kFinished;
            }
        }
        const bool req_valid = m->dram_req_valid_o;
        const bool req_fire = req_valid && m->dram_req_ready_i;
        const bool rsp_fire = presenting && m->dram_rsp_ready_o;
        const bool host_valid = m->host_valid_o;
        const bool host_fire = host_valid && m->host_ready_i;
        const size_t vr = std::min(v, vectors == 0 ? 0 : vectors - 1);  // vector for messages
        if (req_stalled) {
            if (!req_valid) {
                rep.mismatch(vr, cycle, "dram_req_valid_o", "1", "0", "(protocol: valid dropped while stalled)");
            } else if (get_word(kReqAddr) != held_addr) {
                rep.mismatch(vr, cycle, "dram_req_addr_o", hex_addr(held_addr),
                             hex_addr(get_word(kReqAddr)), "(protocol: address changed while stalled)");
            }
        }
        if (host_stalled) {
            kHostData.get(*m, got.data());
            if (!host_valid) {
                rep.mismatch(vr, cycle, "host_valid_o", "1", "0", "(protocol: valid dropped while stalled)");
            } else if (!nms_tb::equal_bits(got.data(), held.data(), kRecordBits)) {
                rep.mismatch(vr, cycle, "host_data_o", nms_tb::to_hex(held.data(), kRecordBits),
                             nms_tb::to_hex(got.data(), kRecordBits), "(protocol: output changed while stalled)");
            }
        }
        if (req_fire) {
            const uint64_t addr = get_word(kReqAddr);
            const uint64_t len = get_word(kReqLen);
            if (phase != kRun || requests >= bursts(n)) {
                rep.mismatch(vr, cycle, "dram_req_valid_o", "0", "1", "(a burst beyond the class's N + ceil(N/K) x (N - 1))");
            } else {
                const uint64_t want = burst_address(base, n, requests);
                if (addr != want) {
                    const std::string note = "(burst " + std::to_string(requests) + ")";
                    rep.mismatch(v, cycle, "dram_req_addr_o", hex_addr(want), hex_addr(addr),
                                 note.c_str());
                }
                if (len != NMS_BEATS) {
                    rep.mismatch(v, cycle, "dram_req_len_o", std::to_string(NMS_BEATS), std::to_string(len));
                }
            }
            const uint64_t lat = o.bubble > 0 ? lat_rng.next() % (kMaxLatency + 1) : 0;
            queue.push_back(Burst{addr, static_cast<uint32_t>(len == 0 ? 1 : len), cycle + 1 + lat});
            ++requests;
            ++traffic.dram_requests;
        }
        req_stalled = req_valid && !req_fire;
        if (req_stalled) held_addr = get_word(kReqAddr);
        if (rsp_fire) {
            presenting = false;
            ++beats_served;
            ++traffic.dram_beats;
            if (++beat == queue.front().len) {
                beat = 0;
                queue.pop_front();
            }
        }
        if (host_valid) kHostData.get(*m, got.data());
        if (host_fire) {
            if (phase != kRun || records >= n) {
                rep.mismatch(vr, cycle, "host_valid_o", "0", "1", "(a record beyond the class's N)");
            } else {
                const nms_tb::Cell h = vec.host(v);
                std::fill(exp.begin(), exp.end(), 0u);
                nms_tb::extract_bits(h.w, h.nwords, static_cast<size_t>(records) * kRecordBits,
                                     kRecordBits, exp.data());
                if (!nms_tb::equal_bits(got.data(), exp.data(), kRecordBits)) {
                    const std::string note = "(record " + std::to_string(records) + ")";
                    rep.mismatch(v, cycle, "host_data_o", nms_tb::to_hex(exp.data(), kRecordBits),
                                 nms_tb::to_hex(got.data(), kRecordBits), note.c_str());
                }
                if (++records == n) phase = kCheckDone;
            }
            ++traffic.host_records;
            if (dump) {
                std::fprintf(dump, "%zu %llu host_data_o=%s\n", vr, static_cast<unsigned long long>(cycle),
                             nms_tb::to_hex(got.data(), kRecordBits).c_str());
            }
        }
        host_stalled = host_valid && !host_fire;
        if (host_stalled) std::copy(got.begin(), got.end(), held.begin());

        // ---- rising edge
        sim.rising_edge();
        if (sim.assertion_failed()) {
            r.assertion_failures = 1;
            r.assertion_cycle = cycle;
            r.cycles = cycle + 1;
            break;
        }

        if (cfg_fire) {
            if (phase == kBadRows) {
                phase = kBadStart;
            } else if (phase == kBadStart) {
                phase = kBadCheck;
            } else if (phase == kWriteBase) {
                phase = kWriteRows;
            } else if (phase == kWriteRows) {
                phase = kWriteStart;
            } else {
                phase = kRun;
                start_cycle = cycle;
            }
        }
        quiet = (cfg_fire || req_fire || rsp_fire || host_fire) ? 0 : quiet + 1;
        if (phase == kFinished) {
            if (++drain > kDrainCycles) break;
        } else if (quiet >= o.watchdog) {
            rep.mismatch(v, cycle, "host_valid_o", "1", "0", "(timeout: no handshake)");
            if (v + 1 < vectors) rep.add_unverified(vectors - v - 1);
            std::printf("TIMEOUT cycle=%llu: no handshake for %llu cycles; class %zu, %u of %u records, "
                        "%llu of %llu bursts requested, %llu beats served\n",
                        static_cast<unsigned long long>(cycle),
                        static_cast<unsigned long long>(o.watchdog), v, records, n,
                        static_cast<unsigned long long>(requests),
                        static_cast<unsigned long long>(bursts(n)),
                        static_cast<unsigned long long>(beats_served));
            r.timeout = true;
            r.cycles = cycle + 1;
            break;
        }
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.outputs = traffic.host_records;
    sim.finish(write_coverage ? o.out + "/" + kUnit + ".coverage.dat" : "");
    r.mismatches = rep.count();
    r.mismatching_vectors = rep.vectors();
    r.first_mismatch_cycle = rep.first_cycle();
    return r;
}

/**
 * --emit-icarus: a Verilog-2012 replay of the plain run (no bubbles, no back-pressure) for the
 * 4-state cross-check of icarus.sh. `nms_engine.stim.hex` holds every class's DRAM beats,
 * `nms_engine.expect.hex` every expected record; the class table (rows, BASE, offsets) is written
 * into `tb_nms_engine.sv`, whose DRAM model, register programming and cycle numbering follow
 * simulate() exactly, so both simulators' dumps ("<class> <cycle> host_data_o=<hex>") must be
 * identical. Between handshakes the data inputs are X.
 */
void emit_icarus(const Vectors& vec, size_t classes, const Options& o) {
    namespace fs = std::filesystem;
    fs::create_directories(o.emit_icarus);
    const std::string base = o.emit_icarus + "/" + kUnit;
    const size_t beat_words = words_for(kBeatBits);
    std::vector<uint32_t> word(beat_words + 1), rec(words_for(kRecordBits) + 1);
    std::vector<uint64_t> mem_off, rec_off;
    uint64_t beats_all = 0, records_all = 0;
    {
        std::FILE* f = std::fopen((base + ".stim.hex").c_str(), "w");
        if (!f) throw nms_tb::UsageError("cannot write " + base + ".stim.hex");
        for (size_t v = 0; v < classes; ++v) {
            mem_off.push_back(beats_all);
            const nms_tb::Cell img = vec.images(v);
            for (uint32_t k = 0; k < vec.rows(v); ++k) {
                for (uint32_t b = 0; b < NMS_BEATS; ++b, ++beats_all) {
                    const size_t lo = static_cast<size_t>(b) * kBeatBits;
                    std::fill(word.begin(), word.end(), 0u);
                    nms_tb::extract_bits(img.w, img.nwords, static_cast<size_t>(k) * kImageBits + lo,
                                         std::min(kBeatBits, kImageBits - lo), word.data());
                    std::fprintf(f, "%s\n", nms_tb::to_hex(word.data(), kBeatBits).c_str());
                }
            }
        }
        std::fclose(f);
    }
    {
        std::FILE* f = std::fopen((base + ".expect.hex").c_str(), "w");
        if (!f) throw nms_tb::UsageError("cannot write " + base + ".expect.hex");
        for (size_t v = 0; v < classes; ++v) {
            rec_off.push_back(records_all);
            const nms_tb::Cell h = vec.host(v);
            for (uint32_t r = 0; r < vec.rows(v); ++r, ++records_all) {
                std::fill(rec.begin(), rec.end(), 0u);
                nms_tb::extract_bits(h.w, h.nwords, static_cast<size_t>(r) * kRecordBits, kRecordBits,
                                     rec.data());
                std::fprintf(f, "%s\n", nms_tb::to_hex(rec.data(), kRecordBits).c_str());
            }
        }
        std::fclose(f);
    }
    std::FILE* f = std::fopen((o.emit_icarus + "/tb_" + kUnit + ".sv").c_str(), "w");
    if (!f) throw nms_tb::UsageError("cannot write the Icarus testbench");
    std::fprintf(f,
        "// Generated by the nms_engine Verilator testbench (--emit-icarus); do not edit.\n"
        "// Plusargs: +stim=FILE (DRAM beats) +expect=FILE (records) +dump=FILE [+wave=FILE.vcd +wave_from=CYCLE]\n"
        "`timescale 1ns/1ps\n"
        "module nms_icarus_tb;\n"
        "  localparam integer NCLASSES = %zu;\n"
        "  localparam integer NBEATS_ALL = %llu;\n"
        "  localparam integer NRECORDS = %llu;\n"
        "  localparam integer BEATS = %d;\n"
        "  localparam integer REQ_DEPTH = %zu;\n"
        "  localparam integer WATCHDOG = %llu;\n"
        "  localparam integer MAX_REPORT = %zu;\n"
        "  reg clk_i = 1'b0;\n  reg rst_ni = 1'b1;\n"
        "  reg cfg_valid_i = 1'b0;\n  reg [%d:0] cfg_addr_i;\n  reg [%d:0] cfg_wdata_i;\n"
        "  wire busy_o, done_o;\n"
        "  wire dram_req_valid_o;\n  reg dram_req_ready_i = 1'b0;\n"
        "  wire [%d:0] dram_req_addr_o;\n  wire [%d:0] dram_req_len_o;\n"
        "  reg dram_rsp_valid_i = 1'b0;\n  wire dram_rsp_ready_o;\n"
        "  reg [%zu:0] dram_rsp_data_i;\n  reg dram_rsp_last_i;\n"
        "  wire host_valid_o;\n  reg host_ready_i = 1'b0;\n  wire [%zu:0] host_data_o;\n"
        "  reg [%zu:0] mem [0:NBEATS_ALL-1];\n"
        "  reg [%zu:0] expct [0:NRECORDS-1];\n"
        "  reg [63:0] cls_rows [0:NCLASSES-1];\n  reg [63:0] cls_base [0:NCLASSES-1];\n"
        "  reg [63:0] cls_mem [0:NCLASSES-1];\n  reg [63:0] cls_rec [0:NCLASSES-1];\n"
        "  reg [63:0] q_addr [0:REQ_DEPTH-1];\n  reg [63:0] q_len [0:REQ_DEPTH-1];\n"
        "  reg [63:0] q_ready [0:REQ_DEPTH-1];\n"
        "  reg [63:0] n, base, requests, served, records, cycle, word, vr;\n"
        "  reg [63:0] nbursts;\n"
        "  reg [%d:0] want_addr;\n"
        "  integer fd, phase, v, mism, quiet, drain, fired, presenting, beat, q_head, q_count;\n"
        "  reg [8*1024-1:0] stim_file, exp_file, dump_file;\n\n",
        classes, static_cast<unsigned long long>(beats_all),
        static_cast<unsigned long long>(records_all), NMS_BEATS,
        kReqDepth,
        static_cast<unsigned long long>(std::min<uint64_t>(o.watchdog, 2000000000ull)), o.max_report,
        NMS_CFG_ADDR_WIDTH - 1, NMS_CFG_DATA_WIDTH - 1, NMS_DRAM_ADDR_WIDTH - 1,
        NMS_BURST_LEN_WIDTH - 1, kBeatBits - 1, kRecordBits - 1, kBeatBits - 1, kRecordBits - 1,
        NMS_DRAM_ADDR_WIDTH - 1);
    std::fprintf(f,
        "  nms_engine dut (\n"
        "    .clk_i(clk_i), .rst_ni(rst_ni),\n"
        "    .cfg_valid_i(cfg_valid_i), .cfg_addr_i(cfg_addr_i), .cfg_wdata_i(cfg_wdata_i),\n"
        "    .busy_o(busy_o), .done_o(done_o),\n"
        "    .dram_req_valid_o(dram_req_valid_o), .dram_req_ready_i(dram_req_ready_i),\n"
        "    .dram_req_addr_o(dram_req_addr_o), .dram_req_len_o(dram_req_len_o),\n"
        "    .dram_rsp_valid_i(dram_rsp_valid_i), .dram_rsp_ready_o(dram_rsp_ready_o),\n"
        "    .dram_rsp_data_i(dram_rsp_data_i), .dram_rsp_last_i(dram_rsp_last_i),\n"
        "    .host_valid_o(host_valid_o), .host_ready_i(host_ready_i), .host_data_o(host_data_o)\n"
        "  );\n\n"
        "  always #5 clk_i = ~clk_i;\n\n"
        "  task load_class;\n    begin\n"
        "      n = cls_rows[v]; base = cls_base[v];\n"
        "      nbursts = n;\n"
        "      requests = 0; served = 0; records = 0; q_head = 0; q_count = 0; beat = 0;\n"
        "      presenting = 0;\n"
        "    end\n  endtask\n\n"
        "  // Inputs of a cycle, applied with the clock low (simulate() in tb_nms_engine.cpp).\n"
        "  task drive;\n    begin\n"
        "      if (phase <= 2 || phase == 6 || phase == 7) begin\n"
        "        cfg_valid_i = 1'b1;\n"
        "        cfg_addr_i = phase == 6 ? 1 : (phase == 7 ? 2 : phase);\n"
        "        cfg_wdata_i = phase == 0 ? base : (phase == 1 ? n : 0);\n"
        "      end else begin\n"
        "        cfg_valid_i = 1'b0; cfg_addr_i = 'x; cfg_wdata_i = 'x;\n"
        "      end\n"
        "      dram_req_ready_i = q_count < REQ_DEPTH;\n"
        "      if (!presenting && q_count > 0 && cycle >= q_ready[q_head]) begin\n"
        "        word = (q_addr[q_head] + beat - base) & 64'd%llu;\n"
        "        dram_rsp_data_i = word < n * BEATS ? mem[cls_mem[v] + word] : 0;\n"
        "        dram_rsp_valid_i = 1'b1;\n"
        "        dram_rsp_last_i = beat + 1 == q_len[q_head];\n"
        "        presenting = 1;\n"
        "      end else if (!presenting) begin\n"
        "        dram_rsp_valid_i = 1'b0; dram_rsp_data_i = 'x; dram_rsp_last_i = 1'bx;\n"
        "      end\n"
        "      host_ready_i = 1'b1;\n"
        "    end\n  endtask\n\n",
        static_cast<unsigned long long>(kAddrMask));
    std::fputs(nms_tb::icarus_wave_block("nms_icarus_tb").c_str(), f);
    std::fprintf(f, "  initial begin\n");
    for (size_t v = 0; v < classes; ++v) {
        std::fprintf(f, "    cls_rows[%zu] = %u; cls_base[%zu] = 64'd%llu; cls_mem[%zu] = %llu; "
                        "cls_rec[%zu] = %llu;\n",
                     v, vec.rows(v), v, static_cast<unsigned long long>(base_of(v, vec.rows(v))), v,
                     static_cast<unsigned long long>(mem_off[v]), v,
                     static_cast<unsigned long long>(rec_off[v]));
    }
    std::fprintf(f,
        "    if (!$value$plusargs(\"stim=%%s\", stim_file)) $fatal(1, \"+stim= missing\");\n"
        "    if (!$value$plusargs(\"expect=%%s\", exp_file)) $fatal(1, \"+expect= missing\");\n"
        "    if (!$value$plusargs(\"dump=%%s\", dump_file)) $fatal(1, \"+dump= missing\");\n"
        "    $readmemh(stim_file, mem);\n    $readmemh(exp_file, expct);\n"
        "    fd = $fopen(dump_file, \"w\");\n"
        "    v = 0; phase = 0; cycle = 0; mism = 0; quiet = 0; drain = 0;\n"
        "    load_class();\n"
        "    phase = 5; drive(); phase = 6;  // idle inputs during reset, then ROWS = 0 and START\n"
        "    #1 rst_ni = 1'b0;\n"
        "    repeat (4) @(posedge clk_i);\n"
        "    @(negedge clk_i);\n    rst_ni = 1'b1;\n    drive();\n"
        "    forever begin\n      @(negedge clk_i);\n      drive();\n    end\n"
        "  end\n\n");
    std::fprintf(f,
        "  // Sampled before the DUT's nonblocking updates: the same pre-edge values as the C++ bench.\n"
        "  always @(posedge clk_i) begin\n"
        "    if (rst_ni === 1'b1) begin\n"
        "      fired = 0;\n"
        "      if ((^{dram_req_valid_o, dram_rsp_ready_o, host_valid_o, busy_o, done_o}) === 1'bx) begin\n"
        "        if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=handshake "
        "expected=0/1 got=%%b%%b%%b%%b%%b (X on a control output)\", v, cycle, dram_req_valid_o, "
        "dram_rsp_ready_o, host_valid_o, busy_o, done_o);\n"
        "        mism = mism + 1;\n"
        "      end\n"
        "      if (phase == 8) begin\n"
        "        if (done_o !== 1'b1 || busy_o !== 1'b0 || dram_req_valid_o !== 1'b0) begin\n"
        "          if (mism < MAX_REPORT) $display(\"MISMATCH vector=0 cycle=%%0d port=done_o expected=1 "
        "got=%%b (busy_o=%%b dram_req_valid_o=%%b, the cycle after a START with ROWS = 0)\", cycle, "
        "done_o, busy_o, dram_req_valid_o);\n"
        "          mism = mism + 1;\n"
        "        end\n"
        "        phase = 0;\n"
        "      end\n"
        "      if (phase == 4) begin\n"
        "        if (done_o !== 1'b1 || busy_o !== 1'b0) begin\n"
        "          if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=done_o expected=1 "
        "got=%%b (busy_o=%%b, the cycle after the last record)\", v, cycle, done_o, busy_o);\n"
        "          mism = mism + 1;\n"
        "        end\n"
        "        if (served != nbursts * BEATS || requests != nbursts || q_count != 0) begin\n"
        "          if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=dram_bytes_near_memory "
        "expected=%%0d beats got=%%0d beats (%%0d bursts)\", v, cycle, nbursts * BEATS, served, requests);\n"
        "          mism = mism + 1;\n"
        "        end\n"
        "        v = v + 1;\n"
        "        if (v < NCLASSES) begin load_class(); phase = 0; end else phase = 5;\n"
        "      end\n"
        "      vr = v < NCLASSES ? v : NCLASSES - 1;\n"
        "      if (dram_req_valid_o === 1'b1 && dram_req_ready_i) begin\n"
        "        fired = 1;\n"
        "        want_addr = base + requests * BEATS;\n"
        "        if (phase != 3 || requests >= nbursts || dram_req_addr_o !== want_addr\n"
        "            || dram_req_len_o !== BEATS) begin\n"
        "          if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=dram_req_addr_o "
        "expected=%%h got=%%h (burst %%0d, len %%0d)\", vr, cycle, want_addr, dram_req_addr_o, requests, "
        "dram_req_len_o);\n"
        "          mism = mism + 1;\n"
        "        end\n"
        "        q_addr[(q_head + q_count) %% REQ_DEPTH] = dram_req_addr_o;\n"
        "        q_len[(q_head + q_count) %% REQ_DEPTH] = dram_req_len_o == 0 ? 1 : dram_req_len_o;\n"
        "        q_ready[(q_head + q_count) %% REQ_DEPTH] = cycle + 1;\n"
        "        q_count = q_count + 1;\n"
        "        requests = requests + 1;\n"
        "      end\n"
        "      if (presenting && dram_rsp_ready_o === 1'b1) begin\n"
        "        fired = 1;\n"
        "        presenting = 0;\n"
        "        served = served + 1;\n"
        "        beat = beat + 1;\n"
        "        if (beat == q_len[q_head]) begin\n"
        "          beat = 0; q_head = (q_head + 1) %% REQ_DEPTH; q_count = q_count - 1;\n"
        "        end\n"
        "      end\n"
        "      if (host_valid_o === 1'b1 && host_ready_i) begin\n"
        "        fired = 1;\n"
        "        $fwrite(fd, \"%%0d %%0d host_data_o=%%h\\n\", vr, cycle, host_data_o);\n"
        "        if (phase != 3 || records >= n) begin\n"
        "          if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=host_valid_o "
        "expected=0 got=1 (a record beyond the class's N)\", vr, cycle);\n"
        "          mism = mism + 1;\n"
        "        end else begin\n"
        "          if (host_data_o !== expct[cls_rec[v] + records]) begin\n"
        "            if (mism < MAX_REPORT) $display(\"MISMATCH vector=%%0d cycle=%%0d port=host_data_o "
        "expected=%%h got=%%h (record %%0d)\", v, cycle, expct[cls_rec[v] + records], host_data_o, records);\n"
        "            mism = mism + 1;\n"
        "          end\n"
        "          records = records + 1;\n"
        "          if (records == n) phase = 4;\n"
        "        end\n"
        "      end\n"
        "      if (cfg_valid_i === 1'b1) begin\n"
        "        fired = 1;\n"
        "        phase = phase == 6 ? 7 : (phase == 7 ? 8 : phase + 1);\n"
        "      end\n"
        "      quiet = fired ? 0 : quiet + 1;\n"
        "      cycle = cycle + 1;\n"
        "      if (phase == 5) begin\n"
        "        drain = drain + 1;\n"
        "        if (drain > 16) begin\n"
        "          $fclose(fd);\n"
        "          $display(\"ICARUS RESULT vectors=%%0d outputs=%%0d mismatches=%%0d cycles=%%0d\", "
        "NCLASSES, NRECORDS, mism, cycle);\n"
        "          $finish;\n"
        "        end\n"
        "      end else if (quiet >= WATCHDOG) begin\n"
        "        $fclose(fd);\n"
        "        $display(\"TIMEOUT cycle=%%0d: no handshake for %%0d cycles\", cycle, WATCHDOG);\n"
        "        $display(\"ICARUS RESULT vectors=%%0d outputs=%%0d mismatches=%%0d cycles=%%0d\", "
        "NCLASSES, NRECORDS, mism + NCLASSES - v, cycle);\n"
        "        $finish;\n"
        "      end\n"
        "    end\n"
        "  end\n"
        "endmodule\n");
    std::fclose(f);
    std::printf("wrote %s/tb_%s.sv, %llu DRAM beats, %llu records, %zu classes\n",
                o.emit_icarus.c_str(), kUnit, static_cast<unsigned long long>(beats_all),
                static_cast<unsigned long long>(records_all), classes);
}

std::string num(uint64_t v) { return std::to_string(v); }

int run(int argc, char** argv) {
    namespace fs = std::filesystem;
    Options o;
    try {
        o = nms_tb::parse_options(argc, argv);
        Verilated::commandArgs(argc, argv);
        const auto t0 = std::chrono::steady_clock::now();
        VectorFile vf = VectorFile::load(o.vectors);
        if (!nms_tb::manifest_accepted(vf, kUnit)) return nms_tb::kRefused;
        if (vf.has_manifest("vectors") && vf.manifest("vectors") != std::to_string(vf.rows())) {
            throw VectorError(o.vectors + ": the manifest says " + vf.manifest("vectors") +
                              " vectors, the file has " + std::to_string(vf.rows()) +
                              " rows (truncated?)");
        }
        Vectors vec;
        vec.bind(vf);
        const size_t rows = o.limit ? std::min(o.limit, vf.rows()) : vf.rows();
        if (rows == 0) throw VectorError(o.vectors + ": no vector rows");
        if (!o.emit_icarus.empty()) {
            emit_icarus(vec, rows, o);
            return nms_tb::kPass;
        }
        const double load_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        fs::create_directories(o.out);
        const std::string stem = o.out + "/" + kUnit;
        fs::remove(stem + ".result.csv");
        fs::remove(stem + ".fst");
        if (!o.quiet) {
            std::printf("%s: %zu classes from %s (config %s, seed %s) loaded in %.3f s\n", kUnit,
                        rows, o.vectors.c_str(), NMS_CONFIG_HASH, vf.manifest("seed").c_str(), load_s);
            std::printf("%s: bubble %.3f backpressure %.3f seed %llu\n", kUnit, o.bubble,
                        o.backpressure, static_cast<unsigned long long>(o.seed));
        }
        std::FILE* dump = nullptr;
        if (!o.dump.empty()) {
            dump = std::fopen(o.dump.c_str(), "w");
            if (!dump) throw nms_tb::UsageError("cannot write " + o.dump);
        }
#if !VM_TRACE
        if (o.trace_full) {
            throw nms_tb::UsageError("--trace-fst needs a testbench built with tracing "
                                     "(verilate.sh ... --trace)");
        }
#endif
        Reporter rep(o.max_report, false);
        Traffic traffic;
        const SimResult r = simulate(vec, rows, o, rep, o.trace_full ? stem + ".fst" : "", 0,
                                     UINT64_MAX, dump, true, traffic);
        if (dump) std::fclose(dump);

        // Ideal (section 10.4): the busiest resource's count, from the golden cycle model (the
        // search counts need the rows' iterations): max(N x beats, ceil(N/K) x N x sketch_beats,
        // the busiest lane's sum of kept x iterations).
        double ideal = 0;
        uint64_t bound_count[3] = {0, 0, 0};  // dram, distance, search
        for (size_t v = 0; v < rows; ++v) {
            const char* bound = "";
            ideal += static_cast<double>(vec.ideal_cycles(v, &bound));
            bound_count[bound[0] == 'd' ? (bound[1] == 'r' ? 0 : 1) : 2]++;
        }
        const char* bound_name = bound_count[1] >= bound_count[0] && bound_count[1] >= bound_count[2]
                                     ? "distance" : bound_count[2] >= bound_count[0] ? "search" : "dram";
        const double ideal_per_class = ideal / static_cast<double>(rows);
        const nms_tb::Metrics extra = {
            {"images", num(traffic.images)},
            {"dram_requests", num(traffic.dram_requests)},
            {"dram_beats", num(traffic.dram_beats)},
            {"dram_bytes_near_memory", num(traffic.dram_bytes())},
            {"host_records", num(traffic.host_records)},
            {"host_record_bits", num(kRecordBits)},
            {"host_bytes", num(traffic.host_bytes())},
            {"class_cycles_min", num(traffic.class_cycles_min == UINT64_MAX ? 0 : traffic.class_cycles_min)},
            {"class_cycles_max", num(traffic.class_cycles_max)},
            {"bound_dram_classes", num(bound_count[0])},
            {"bound_distance_classes", num(bound_count[1])},
            {"bound_search_classes", num(bound_count[2])},
        };
        nms_tb::write_result(stem + ".result.csv", kUnit, rows, r, ideal_per_class, extra);
        const double per_class = static_cast<double>(r.cycles) / static_cast<double>(rows);
        std::printf("%s: cycles=%llu cycles_per_class=%.1f ideal=%.1f (max of DRAM N x beats, distance "
                    "ceil(N/K) x N x sketch_beats, busiest search lane; section 10.4; bound by %s) efficiency=%.4f sim_seconds=%.3f sim_cycles_per_second=%.0f\n",
                    kUnit, static_cast<unsigned long long>(r.cycles), per_class, ideal_per_class,
                    bound_name, per_class > 0 ? ideal_per_class / per_class : 0.0, r.seconds,
                    r.seconds > 0 ? static_cast<double>(r.cycles) / r.seconds : 0.0);
        std::printf("%s: images=%llu dram_requests=%llu dram_beats=%llu dram_bytes_near_memory=%llu "
                    "host_records=%llu host_bytes=%llu\n",
                    kUnit, static_cast<unsigned long long>(traffic.images),
                    static_cast<unsigned long long>(traffic.dram_requests),
                    static_cast<unsigned long long>(traffic.dram_beats),
                    static_cast<unsigned long long>(traffic.dram_bytes()),
                    static_cast<unsigned long long>(traffic.host_records),
                    static_cast<unsigned long long>(traffic.host_bytes()));
        if (r.mismatches == 0 && r.assertion_failures == 0) {
            std::printf("PASS %s vectors=%zu mismatches=0 assertion_failures=0\n", kUnit, rows);
            return nms_tb::kPass;
        }
        if (r.assertion_failures) nms_tb::report_assertion(r.assertion_cycle);
        std::printf("FAIL %s vectors=%zu mismatches=%llu in %zu vectors (first at cycle %llu)%s"
                    " assertion_failures=%llu\n",
                    kUnit, rows, static_cast<unsigned long long>(r.mismatches), r.mismatching_vectors,
                    static_cast<unsigned long long>(r.first_mismatch_cycle),
                    r.timeout ? " after a timeout" : "",
                    static_cast<unsigned long long>(r.assertion_failures));
#if VM_TRACE
        if (!o.trace_full && o.trace_on_fail) {
            constexpr uint64_t kWindow = 100000;
            const uint64_t first = r.mismatches == 0 || (r.assertion_failures &&
                                                         r.assertion_cycle < r.first_mismatch_cycle)
                                       ? r.assertion_cycle : r.first_mismatch_cycle;
            Reporter silent(0, true);
            Traffic ignored;
            simulate(vec, rows, o, silent, stem + ".fst", first > kWindow ? first - kWindow : 0,
                     first + 20, nullptr, false, ignored);
        }
        if (o.trace_full || o.trace_on_fail) std::printf("waveform: %s.fst\n", stem.c_str());
#else
        std::printf("waveform: none (testbench built without --trace; run.sh rebuilds with it)\n");
#endif
        return nms_tb::kFail;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return nms_tb::kUsage;
    }
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
