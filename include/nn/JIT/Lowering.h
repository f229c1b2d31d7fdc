//===- Lowering.h - The steps of a CPU compile ------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The steps of JitModule::compile that ahead-of-time compilation
// (nn-compile) shares with the JIT and its compile cache, so that both take the
// same IR through the same pipelines and the same LLVM configuration: the same
// code, and bit-identical results. Internal: this header includes MLIR and
// LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_JIT_LOWERING_H
#define NN_JIT_LOWERING_H

#include "nn/JIT/JitModule.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include "absl/status/statusor.h"

namespace nn::rt {

/// Turns `module` in place into the nn-level module a compile starts from:
/// gradients derived (nn-autodiff), only `options.functions` and what they
/// call kept (when given), and every static tensor size checked.
absl::Status prepareModule(mlir::ModuleOp module, const JitOptions &options);

/// A copy of a prepared `module` lowered through nn-cpu-pipeline to the LLVM
/// dialect; every function with a body gets a C interface
/// (`_mlir_ciface_<name>`, see JitModule.cpp).
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerToLLVMDialect(mlir::ModuleOp module, const JitOptions &options);

/// As lowerToLLVMDialect, through nn-gpu-pipeline for `chip` (sm_90): host
/// code calling the mgpu* functions (nn/AOT/GPURuntime.h), kernels as PTX.
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerToLLVMDialectForGPU(mlir::ModuleOp module, const JitOptions &options,
                         llvm::StringRef chip);

/// The host CPU as the JIT targets it (LLVM's native target initialized).
absl::StatusOr<llvm::orc::JITTargetMachineBuilder> describeHost();

/// Adds `_mlir_<name>(void **args)` for every C interface function
/// `_mlir_ciface_<name>` of `module`: one C++ type calls functions of any
/// signature (args[i] points to argument i, args[n] to where a result goes).
void addPackedEntryPoints(llvm::Module &module);

/// Moves the constant-size allocas of blocks that launch a kernel into
/// their function's entry block; returns how many moved. Translating
/// gpu.launch_func allocates the kernel's parameters where the launch is,
/// so a launch in a host loop grows the stack at every iteration (the conv
/// step's bias gradients: 43,264 launches, past an 8 MB stack). The driver
/// copies the parameters at the launch, so one slot per launch site does.
unsigned hoistLaunchAllocas(llvm::Module &module);

/// GPU host code loads its kernels from global constructors and unloads
/// them in global destructors, which nn's JIT does not run (a JitModule
/// loads its kernels when it is made, and unloads them when destroyed, not
/// at the process's start and exit). This replaces llvm.global_ctors and
/// llvm.global_dtors with two exported functions that call them in their
/// order: kGPULoadFunction and kGPUUnloadFunction.
inline constexpr const char kGPULoadFunction[] = "__nn_gpu_load";
inline constexpr const char kGPUUnloadFunction[] = "__nn_gpu_unload";
void exportGPUInitializers(llvm::Module &module);

/// LLVM's optimization pipeline at `optLevel` (0-3), as the JIT runs it on
/// the translated module.
llvm::Error optimizeModule(llvm::Module &module, unsigned optLevel,
                           llvm::TargetMachine *machine);

} // namespace nn::rt

#endif // NN_JIT_LOWERING_H
