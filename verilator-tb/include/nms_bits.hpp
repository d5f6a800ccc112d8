// Bit-vector helpers shared by the NMS testbenches: any-width values are little-endian vectors of
// uint32 words (word 0 = bits 31..0), which is also Verilator's VlWide layout, so wide ports copy
// word for word. Nothing here depends on Verilator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace nms_tb {

/** Words needed for a value of `bits` bits (at least one, so a 0-bit view is still addressable). */
constexpr size_t words_for(size_t bits) { return bits == 0 ? 1 : (bits + 31) / 32; }

/** Hex digits of a `bits`-bit cell, as the vector files pad them: ceil(bits / 4). */
constexpr size_t digits_for(size_t bits) { return (bits + 3) / 4; }

/** Value of a hex digit, or -1. Accepts upper case too, though the contract writes lower case. */
inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/**
 * Parses `n` hex digits at `s` (most significant first) into `out[0 .. words_for(4n))`.
 * Returns false on a non-hex character. Eight digits make one word, taken from the right.
 */
inline bool parse_hex(const char* s, size_t n, uint32_t* out) {
    const size_t nw = words_for(4 * n);
    for (size_t w = 0; w < nw; ++w) {
        uint32_t v = 0;
        // digits [lo, hi) of the string form word w
        const size_t hi = n - 8 * w;
        const size_t lo = hi >= 8 ? hi - 8 : 0;
        for (size_t i = lo; i < hi; ++i) {
            const int d = hex_value(s[i]);
            if (d < 0) return false;
            v = (v << 4) | static_cast<uint32_t>(d);
        }
        out[w] = v;
    }
    return true;
}

/** True if the value in `w[0 .. nw)` is below 2^bits (no bit set at or above `bits`). */
inline bool fits(const uint32_t* w, size_t nw, size_t bits) {
    for (size_t i = 0; i < nw; ++i) {
        const size_t base = 32 * i;
        if (base >= bits) {
            if (w[i] != 0) return false;
        } else if (bits - base < 32 && (w[i] >> (bits - base)) != 0) {
            return false;
        }
    }
    return true;
}

/**
 * Copies bits [lo, lo + width) of `src` (nw words; bits past its end read as 0) into
 * `dst[0 .. words_for(width))`, right-aligned, unused top bits cleared. Used to cut beats out of
 * a whole image and elements out of a concatenated row.
 */
inline void extract_bits(const uint32_t* src, size_t nw, size_t lo, size_t width, uint32_t* dst) {
    const size_t dw = words_for(width);
    const size_t word = lo / 32;
    const unsigned shift = static_cast<unsigned>(lo % 32);
    for (size_t i = 0; i < dw; ++i) {
        const size_t a = word + i;
        uint64_t v = a < nw ? src[a] : 0;
        if (shift != 0 && a + 1 < nw) v |= static_cast<uint64_t>(src[a + 1]) << 32;
        dst[i] = static_cast<uint32_t>(v >> shift);
    }
    if (width % 32 != 0) dst[dw - 1] &= (1u << (width % 32)) - 1u;
}

/** ORs the `width`-bit value `src` into `dst` at bit `lo` (dst must be large enough). */
inline void insert_bits(uint32_t* dst, size_t lo, size_t width, const uint32_t* src) {
    for (size_t b = 0; b < width; ++b) {
        if ((src[b / 32] >> (b % 32)) & 1u) {
            const size_t t = lo + b;
            dst[t / 32] |= 1u << (t % 32);
        }
    }
}

/** Lower-case hex of the `bits`-bit value `w`, zero-padded to ceil(bits / 4) digits. */
inline std::string to_hex(const uint32_t* w, size_t bits) {
    static const char kDigits[] = "0123456789abcdef";
    const size_t n = digits_for(bits == 0 ? 1 : bits);
    std::string s(n, '0');
    for (size_t i = 0; i < n; ++i) {
        const size_t bit = 4 * i;  // digit i from the right
        s[n - 1 - i] = kDigits[(w[bit / 32] >> (bit % 32)) & 0xfu];
    }
    return s;
}

/** Compares two `bits`-bit values word by word. */
inline bool equal_bits(const uint32_t* a, const uint32_t* b, size_t bits) {
    const size_t nw = words_for(bits);
    for (size_t i = 0; i < nw; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

/** The value as a uint64 (callers check that it fits). */
inline uint64_t to_u64(const uint32_t* w, size_t nw) {
    uint64_t v = w[0];
    if (nw > 1) v |= static_cast<uint64_t>(w[1]) << 32;
    return v;
}

}  // namespace nms_tb
