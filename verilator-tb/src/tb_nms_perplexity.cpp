// Testbench driver of nms_perplexity (docs/ARITHMETIC.md sections 6, 8, 9). A row holds count_i
// distances concatenated in dist_i (element 0 least significant, NMS_DIST_WIDTH bits each); they
// are streamed one per beat with last_i on the final one, and the unit answers once per row.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_perplexity.h"

namespace {

using Model = Vnms_perplexity;

class PerplexityUnit : public nms_tb::Unit<Model> {
  public:
    PerplexityUnit() {
        in_ports = {NMS_TB_PORT(Model, last_i, 1), NMS_TB_PORT(Model, dist_i, NMS_DIST_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, beta_o, NMS_BETA_WIDTH),
                     NMS_TB_PORT(Model, entropy_o, NMS_ENTROPY_WIDTH),
                     NMS_TB_PORT(Model, iterations_o, NMS_ITERATION_WIDTH),
                     NMS_TB_PORT(Model, within_tol_o, 1)};
    }
    const char* name() const override { return "nms_perplexity"; }
    const char* transaction() const override { return "row"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"count_i", "dist_i", "beta_o", "entropy_o", "iterations_o",
                             "within_tol_o"});
        count_ = col("count_i");
        dist_ = col("dist_i");
        counts_.resize(vf.rows());
        for (size_t r = 0; r < vf.rows(); ++r) {
            counts_[r] = small_value(r, count_);
            if (counts_[r] == 0) {
                throw nms_tb::VectorError(vf.path() + ":" + std::to_string(vf.line_of(r)) +
                                          ": count_i is 0 (a row needs at least one neighbour)");
            }
        }
        check_column("dist_i", [this](size_t r) {
            return static_cast<size_t>(counts_[r]) * NMS_DIST_WIDTH;
        });
        check_column("beta_o", NMS_BETA_WIDTH);
        check_column("entropy_o", NMS_ENTROPY_WIDTH);
        check_column("iterations_o", NMS_ITERATION_WIDTH);
        check_column("within_tol_o", 1);
        out_[0] = col("beta_o");
        out_[1] = col("entropy_o");
        out_[2] = col("iterations_o");
        out_[3] = col("within_tol_o");
        iterations_.resize(vf.rows());
        for (size_t r = 0; r < vf.rows(); ++r) iterations_[r] = small_value(r, out_[2]);
    }
    uint32_t beats(size_t row) const override { return counts_[row]; }
    void beat(size_t row, uint32_t b, uint32_t* const* in) const override {
        in[0][0] = b + 1 == counts_[row];
        const nms_tb::Cell d = vf_->cell(row, dist_);
        nms_tb::extract_bits(d.w, d.nwords, static_cast<size_t>(b) * NMS_DIST_WIDTH,
                             NMS_DIST_WIDTH, in[1]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        for (size_t i = 0; i < 4; ++i) copy_cell(row, out_[i], out[i], out_ports[i].width);
    }
    // Each search evaluation streams the row's count_i elements through the II = 1 affinity
    // pipeline; loading the row can overlap the first one. Divider and log2 latency are extra.
    double ideal_cycles(size_t row) const override {
        return static_cast<double>(counts_[row]) * std::max<uint32_t>(iterations_[row], 1);
    }
    std::string ideal_note() const override { return " (count_i x iterations_o)"; }

  private:
    int count_ = -1, dist_ = -1;
    int out_[4] = {};
    std::vector<uint32_t> counts_;
    std::vector<uint32_t> iterations_;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<PerplexityUnit>(argc, argv); }
