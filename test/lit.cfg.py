# -*- Python -*-
# lit configuration of the nn regression tests.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "NN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nn_obj_root, "test")

config.substitutions.append(("%nn_src_root", config.nn_src_root))

# The persistent compile cache (docs/CompileCache.md) is off in the tests,
# so that no test depends on what an earlier run left and nothing is written
# under ~/.cache; the cache's own tests give it a directory of their own.
# NN_TEST_CACHE_DIR runs the suite through a cache instead (a second run
# then links every compiled module from it).
config.environment["NN_CACHE_DIR"] = os.environ.get("NN_TEST_CACHE_DIR", "off")
config.substitutions.append(("%nn_obj_root", config.nn_obj_root))

llvm_config.use_default_substitutions()
# FileCheck, not and count are only in the versioned tools directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [os.path.join(config.nn_obj_root, "bin"), config.llvm_tools_dir]
# One spelling per tool in RUN lines: its bare name, which these resolve to
# the build's binary (or LLVM's, for mlir-runner), also inside the quoted
# arguments of scripts that take a tool's path.
llvm_config.add_tool_substitutions(
    ["nn-opt", "nn-run", "nn-compile", "mlir-runner"], tool_dirs)

# C programs linked with nn-compile's objects (test/AOT): the compiler with
# nn's public headers, and after the sources the AOT runtime with what it
# needs (libstdc++ for its allocator, libm for compiled code; libomp for
# parallel code).
config.substitutions.append(
    ("%nn_aot_cc", "%s %s -I%s" % (config.nn_c_compiler,
                                    config.nn_sanitize_flags,
                                    os.path.join(config.nn_src_root,
                                                 "include"))))
# The fake CUDA driver (test/AOT/GPU/Inputs/fake-cuda.c) stands in for
# libcuda.so.1, which is not instrumented: it is built without the
# sanitizers, whose function-type check (UBSan's -fsanitize=function) would
# compare its plain C prototypes (void * handles) with the runtime's typed
# ones on every call through a dlsym'ed pointer.
config.substitutions.append(("%nn_fake_driver_cc", config.nn_c_compiler))
config.substitutions.append(
    ("%nn_aot_libs", "%s %s -lstdc++ -lm" % (
        os.path.join(config.nn_obj_root, "lib", "AOT", "Runtime",
                     "libNNAotRuntime.a"), config.nn_openmp_library)))

import sys

config.substitutions.append(("%python", sys.executable))

# The PyTorch comparisons run under the system python, which has torch and
# numpy; the python3 first on PATH (and so %python) may have neither.
import subprocess

torch_python = "/usr/bin/python3"
try:
    if subprocess.run([torch_python, "-c", "import numpy, torch"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                      timeout=300).returncode == 0:
        config.available_features.add("torch")
except (OSError, subprocess.TimeoutExpired):
    pass
config.substitutions.append(("%torch_python", torch_python))

# Running lowered IR with MLIR's own runner (before nn's JIT exists for a
# test, and to cross-check it).
# The longer name first: lit substitutes in order.
config.substitutions.append(
    ("%mlir_runner_libs",
     ",".join(os.path.join(config.llvm_tools_dir, "..", "lib", lib)
              for lib in ["libmlir_c_runner_utils.so",
                          "libmlir_runner_utils.so", "libomp.so"])))

# The training examples read Debian's dataset-fashion-mnist (utils/setup.sh
# installs it).
if os.path.exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")

# The CUDA toolkit's PTX assembler (test/Codegen/GPU): from CUDA_HOME, then
# PATH, then the default install; the PTX tests run it where found and are
# UNSUPPORTED elsewhere.
import shutil

ptxas_candidates = []
if os.environ.get("CUDA_HOME"):
    ptxas_candidates.append(os.path.join(os.environ["CUDA_HOME"], "bin", "ptxas"))
if shutil.which("ptxas"):
    ptxas_candidates.append(shutil.which("ptxas"))
ptxas_candidates.append("/usr/local/cuda/bin/ptxas")
for ptxas in ptxas_candidates:
    if os.access(ptxas, os.X_OK):
        config.available_features.add("ptxas")
        config.substitutions.append(("%ptxas", ptxas))
        break
config.substitutions.append(
    ("%extract_ptx", "%s %s" % (sys.executable,
                                os.path.join(config.nn_src_root, "utils",
                                             "extract-ptx.py"))))

# Programs that use nn's GPU runtime (test/AOT/GPU).
config.substitutions.append(
    ("%nn_aot_gpu_libs", "%s -lstdc++ -ldl" % os.path.join(
        config.nn_obj_root, "lib", "AOT", "Runtime", "GPU",
        "libNNAotGPURuntime.a")))

# Builds with sanitizers (their runtime libraries are instrumented, so a
# program linked with them must be too: utils/gpu-check.sh's portable
# program is not tested there).
if config.nn_sanitize_flags.strip():
    config.available_features.add("nn-sanitizers")

# A CUDA driver on this machine (tests of the no-driver errors skip).
import ctypes

try:
    ctypes.CDLL("libcuda.so.1")
    config.available_features.add("cuda-driver")
except OSError:
    pass
