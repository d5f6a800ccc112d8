// Access to Verilator top-level ports of any width through one word-vector interface.
//
// Verilator gives a port of 1-8 bits a CData, 9-16 SData, 17-32 IData, 33-64 QData and 65+
// VlWide<ceil(w/32)>. NMS_TB_PORT checks at compile time that the C type Verilator chose for the
// RTL port is the one the width in nms_config.h implies, so an RTL port whose width disagrees with
// the configuration (beyond what fits in the same C type) does not even build; a smaller
// disagreement shows up as a mismatch because values are masked to the configured width.
#pragma once

#include "nms_bits.hpp"

#include <verilated.h>

#include <cstdint>
#include <type_traits>

namespace nms_tb {

template <class T>
struct WideWords : std::integral_constant<size_t, 0> {};
template <std::size_t N>
struct WideWords<VlWide<N>> : std::integral_constant<size_t, N> {};

/** True if Verilator would represent a `width`-bit port as a T. */
template <class T>
constexpr bool port_type_fits(unsigned width) {
    if constexpr (std::is_same_v<T, CData>) {
        return width >= 1 && width <= 8;
    } else if constexpr (std::is_same_v<T, SData>) {
        return width >= 9 && width <= 16;
    } else if constexpr (std::is_same_v<T, IData>) {
        return width >= 17 && width <= 32;
    } else if constexpr (std::is_same_v<T, QData>) {
        return width >= 33 && width <= 64;
    } else {
        return WideWords<T>::value != 0 && width > 64 && words_for(width) == WideWords<T>::value;
    }
}

/** Writes the clean value w[0 .. words_for(width)) to a port. */
template <class T>
inline void put_port(T& port, const uint32_t* w) {
    if constexpr (std::is_integral_v<T>) {
        if constexpr (sizeof(T) > 4) {
            port = static_cast<T>(to_u64(w, 2));
        } else {
            port = static_cast<T>(w[0]);
        }
    } else {
        for (size_t i = 0; i < WideWords<T>::value; ++i) port.m_storage[i] = w[i];
    }
}

/** Reads a port into w[0 .. words_for(width)). */
template <class T>
inline void get_port(const T& port, uint32_t* w) {
    if constexpr (std::is_integral_v<T>) {
        const uint64_t v = port;
        w[0] = static_cast<uint32_t>(v);
        if constexpr (sizeof(T) > 4) w[1] = static_cast<uint32_t>(v >> 32);
    } else {
        for (size_t i = 0; i < WideWords<T>::value; ++i) w[i] = port.m_storage[i];
    }
}

/** One data port of the unit's top: its name, configured width and type-erased accessors. */
template <class Model>
struct Port {
    const char* name;
    unsigned width;
    void (*set)(Model&, const uint32_t*);
    void (*get)(Model&, uint32_t*);
};

}  // namespace nms_tb

/**
 * A Port<Model> for member `port` of the Verilated top, `width_` bits as configured. Fails to
 * compile when the RTL port's Verilator type disagrees with `width_`.
 */
#define NMS_TB_PORT(Model, port, width_)                                                        \
    ::nms_tb::Port<Model> {                                                                     \
        #port, static_cast<unsigned>(width_),                                                   \
            [](Model& m, const uint32_t* w) {                                                   \
                static_assert(                                                                  \
                    ::nms_tb::port_type_fits<std::decay_t<decltype(m.port)>>(width_),           \
                    "RTL port " #port " has a Verilator type that does not match its width in " \
                    "nms_config.h");                                                            \
                ::nms_tb::put_port(m.port, w);                                                  \
            },                                                                                  \
            [](Model& m, uint32_t* w) { ::nms_tb::get_port(m.port, w); }                        \
    }
