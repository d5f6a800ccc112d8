// Reader of the golden model's vector CSVs (docs/ARITHMETIC.md section 8): `# key: value` manifest
// lines, a header of port names, then rows of lower-case hex cells of any width.
//
// Speed matters (10,000+ rows of 784-pixel images are tens of MB): the file is read in one go,
// and every cell is parsed straight into one flat word array, addressed through a per-cell
// offset, instead of one heap object per cell.
#pragma once

#include "nms_bits.hpp"

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace nms_tb {

/** A malformed vector file, or one that breaks the column contract: exit code 2. */
struct VectorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** A read-only view of one cell: its words (little-endian) and its digit count. */
struct Cell {
    const uint32_t* w;
    uint32_t nwords;
    uint32_t digits;
};

class VectorFile {
  public:
    /** Reads and parses `path`; throws VectorError naming the line on any malformation. */
    static VectorFile load(const std::string& path) {
        VectorFile vf;
        vf.path_ = path;
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw VectorError("cannot open vector file " + path);
        std::string text;
        std::fseek(f, 0, SEEK_END);
        const long size = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        if (size > 0) {
            text.resize(static_cast<size_t>(size));
            if (std::fread(&text[0], 1, text.size(), f) != text.size()) {
                std::fclose(f);
                throw VectorError("cannot read vector file " + path);
            }
        }
        std::fclose(f);
        vf.parse(text);
        return vf;
    }

    const std::string& path() const { return path_; }
    size_t rows() const { return rows_; }
    const std::vector<std::string>& columns() const { return columns_; }

    /** The manifest value of `key`, or "" if absent. */
    std::string manifest(const std::string& key) const {
        auto it = manifest_.find(key);
        return it == manifest_.end() ? std::string() : it->second;
    }
    bool has_manifest(const std::string& key) const { return manifest_.count(key) != 0; }

    /** Index of column `name`, or -1. */
    int column(const std::string& name) const {
        for (size_t i = 0; i < columns_.size(); ++i) {
            if (columns_[i] == name) return static_cast<int>(i);
        }
        return -1;
    }

    Cell cell(size_t row, size_t col) const {
        const size_t k = row * columns_.size() + col;
        return Cell{&words_[offset_[k]], static_cast<uint32_t>(offset_[k + 1] - offset_[k]),
                    digits_[k]};
    }

    /** The CSV line number (1-based) of data row `row`, for messages. */
    size_t line_of(size_t row) const { return first_data_line_ + row; }

  private:
    void fail(size_t line, const std::string& what) const {
        throw VectorError(path_ + ":" + std::to_string(line) + ": " + what);
    }

    void parse(const std::string& text) {
        size_t pos = 0;
        size_t line = 0;
        bool have_header = false;
        // A rough guess of the cell count avoids most reallocations of the offset arrays.
        while (pos < text.size()) {
            size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            size_t len = end - pos;
            if (len > 0 && text[pos + len - 1] == '\r') --len;  // tolerate CRLF
            const char* s = text.data() + pos;
            ++line;
            pos = end + 1;
            if (len == 0) continue;
            if (s[0] == '#') {
                if (have_header) fail(line, "manifest line after the header");
                parse_manifest(s + 1, len - 1, line);
                continue;
            }
            if (!have_header) {
                parse_header(s, len, line);
                have_header = true;
                first_data_line_ = line + 1;
                const size_t estimate = text.size() / (len + 1) * columns_.size();
                offset_.reserve(estimate + 1);
                digits_.reserve(estimate);
                words_.reserve(text.size() / 8 + 16);
                offset_.push_back(0);
                continue;
            }
            if (line != first_data_line_ + rows_) fail(line, "blank line inside the data rows");
            parse_row(s, len, line);
            ++rows_;
        }
        if (!have_header) throw VectorError(path_ + ": no header line (empty vector file?)");
    }

    void parse_manifest(const char* s, size_t len, size_t line) {
        std::string t(s, len);
        const size_t colon = t.find(':');
        if (colon == std::string::npos) return;  // a free comment, not a key
        auto trim = [](std::string x) {
            const size_t a = x.find_first_not_of(" \t");
            const size_t b = x.find_last_not_of(" \t");
            return a == std::string::npos ? std::string() : x.substr(a, b - a + 1);
        };
        const std::string key = trim(t.substr(0, colon));
        if (manifest_.count(key)) fail(line, "manifest key '" + key + "' given twice");
        manifest_[key] = trim(t.substr(colon + 1));
    }

    void parse_header(const char* s, size_t len, size_t line) {
        size_t a = 0;
        for (size_t i = 0; i <= len; ++i) {
            if (i == len || s[i] == ',') {
                std::string name(s + a, i - a);
                if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
                    name = name.substr(1, name.size() - 2);
                }
                if (name.empty()) fail(line, "empty column name in the header");
                if (column(name) >= 0) fail(line, "column '" + name + "' appears twice");
                columns_.push_back(name);
                a = i + 1;
            }
        }
    }

    void parse_row(const char* s, size_t len, size_t line) {
        size_t a = 0;
        size_t col = 0;
        for (size_t i = 0; i <= len; ++i) {
            if (i != len && s[i] != ',') continue;
            if (col == columns_.size()) fail(line, "more cells than header columns");
            const size_t n = i - a;
            if (n == 0) fail(line, "empty cell in column " + columns_[col]);
            const size_t nw = words_for(4 * n);
            const size_t at = words_.size();
            words_.resize(at + nw);
            if (!parse_hex(s + a, n, &words_[at])) {
                fail(line, "column " + columns_[col] + ": not a hex number: '" +
                               std::string(s + a, n) + "'");
            }
            offset_.push_back(words_.size());
            digits_.push_back(static_cast<uint32_t>(n));
            ++col;
            a = i + 1;
        }
        if (col != columns_.size()) {
            fail(line, "row has " + std::to_string(col) + " cells, header has " +
                           std::to_string(columns_.size()));
        }
    }

    std::string path_;
    std::map<std::string, std::string> manifest_;
    std::vector<std::string> columns_;
    std::vector<uint32_t> words_;    // every cell's words, back to back
    std::vector<size_t> offset_;     // cell k spans words_[offset_[k] .. offset_[k+1])
    std::vector<uint32_t> digits_;   // hex digits of cell k as written
    size_t rows_ = 0;
    size_t first_data_line_ = 0;
};

}  // namespace nms_tb
