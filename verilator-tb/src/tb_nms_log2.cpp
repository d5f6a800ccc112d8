// Testbench driver of nms_log2 (docs/ARITHMETIC.md section 6.1): one row = one s_i -> log2_o.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_log2.h"

namespace {

using Model = Vnms_log2;

class Log2Unit : public nms_tb::Unit<Model> {
  public:
    Log2Unit() {
        in_ports = {NMS_TB_PORT(Model, s_i, NMS_SUM_A_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, log2_o, NMS_LOG2_WIDTH)};
    }
    const char* name() const override { return "nms_log2"; }
    const char* transaction() const override { return "value"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"s_i", "log2_o"});
        check_column("s_i", NMS_SUM_A_WIDTH);
        check_column("log2_o", NMS_LOG2_WIDTH);
        s_ = col("s_i");
        l_ = col("log2_o");
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        copy_cell(row, s_, in[0], NMS_SUM_A_WIDTH);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, l_, out[0], NMS_LOG2_WIDTH);
    }
    double ideal_cycles(size_t) const override { return 1; }
    std::string ideal_note() const override { return " (II = 1)"; }

  private:
    int s_ = -1, l_ = -1;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<Log2Unit>(argc, argv); }
