// Testbench driver of nms_knn (docs/ARITHMETIC.md section 11.2). A row holds count_i candidates:
// idx_i and dist_i concatenated (element 0 least significant, NMS_KNN_INDEX_WIDTH and
// NMS_KNN_DIST_WIDTH bits each), streamed one per beat, in_first_i on the first, in_last_i on the
// last. The unit answers with min(count_i, NMS_KNN_K) entries, nearest first, from out_idx_o /
// out_dist_o, out_last_o on the last. Columns are padded to the file's longest row.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_knn.h"

namespace {

using Model = Vnms_knn;

class KnnUnit : public nms_tb::Unit<Model> {
  public:
    KnnUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, idx_i, NMS_KNN_INDEX_WIDTH),
                    NMS_TB_PORT(Model, dist_i, NMS_KNN_DIST_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, out_last_o, 1),
                     NMS_TB_PORT(Model, out_idx_o, NMS_KNN_INDEX_WIDTH),
                     NMS_TB_PORT(Model, out_dist_o, NMS_KNN_DIST_WIDTH)};
    }
    const char* name() const override { return "nms_knn"; }
    const char* transaction() const override { return "row"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"count_i", "idx_i", "dist_i", "out_idx_o", "out_dist_o"});
        check_column("count_i", NMS_KNN_INDEX_WIDTH);
        count_ = col("count_i");
        counts_.resize(vf.rows());
        size_t longest = 1;
        for (size_t r = 0; r < vf.rows(); ++r) {
            counts_[r] = small_value(r, count_);
            if (counts_[r] == 0) {
                throw nms_tb::VectorError(vf.path() + ":" + std::to_string(vf.line_of(r)) +
                                          ": count_i is 0 (a row needs at least one candidate)");
            }
            longest = std::max<size_t>(longest, counts_[r]);
        }
        const size_t kept = std::min<size_t>(longest, NMS_KNN_K);
        check_column("idx_i", longest * NMS_KNN_INDEX_WIDTH);
        check_column("dist_i", longest * NMS_KNN_DIST_WIDTH);
        check_column("out_idx_o", kept * NMS_KNN_INDEX_WIDTH);
        check_column("out_dist_o", kept * NMS_KNN_DIST_WIDTH);
        idx_ = col("idx_i");
        dist_ = col("dist_i");
        out_idx_ = col("out_idx_o");
        out_dist_ = col("out_dist_o");
    }
    uint32_t beats(size_t row) const override { return counts_[row]; }
    uint32_t outputs(size_t row) const override {
        return std::min<uint32_t>(counts_[row], NMS_KNN_K);
    }
    void beat(size_t row, uint32_t b, uint32_t* const* in) const override {
        in[0][0] = b == 0;
        in[1][0] = b + 1 == counts_[row];
        element(row, idx_, b, NMS_KNN_INDEX_WIDTH, in[2]);
        element(row, dist_, b, NMS_KNN_DIST_WIDTH, in[3]);
    }
    void expect(size_t row, uint32_t* const* out) const override { expect_output(row, 0, out); }
    void expect_output(size_t row, uint32_t k, uint32_t* const* out) const override {
        out[0][0] = k + 1 == outputs(row);
        element(row, out_idx_, k, NMS_KNN_INDEX_WIDTH, out[1]);
        element(row, out_dist_, k, NMS_KNN_DIST_WIDTH, out[2]);
    }
    // One candidate per cycle, then the kept entries one per cycle (in_ready_o is low while a
    // row drains).
    double ideal_cycles(size_t row) const override {
        return static_cast<double>(counts_[row]) + static_cast<double>(outputs(row));
    }
    std::string ideal_note() const override { return " (count_i + min(count_i, NMS_KNN_K))"; }

  private:
    void element(size_t row, int c, uint32_t e, unsigned width, uint32_t* dst) const {
        const nms_tb::Cell cell = vf_->cell(row, static_cast<size_t>(c));
        nms_tb::extract_bits(cell.w, cell.nwords, static_cast<size_t>(e) * width, width, dst);
    }

    int count_ = -1, idx_ = -1, dist_ = -1, out_idx_ = -1, out_dist_ = -1;
    std::vector<uint32_t> counts_;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<KnnUnit>(argc, argv); }
