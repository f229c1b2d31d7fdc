//===- Error.h - The AOT runtime's error message ----------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_AOT_RUNTIME_ERROR_H
#define NN_LIB_AOT_RUNTIME_ERROR_H

#include <cstdint>
#include <string>

namespace nn::aot {

/// Sets this thread's nn_last_error() to `message`; returns `status`.
int32_t fail(int32_t status, std::string message);

} // namespace nn::aot

#endif // NN_LIB_AOT_RUNTIME_ERROR_H
