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
config.substitutions.append(("%nn_obj_root", config.nn_obj_root))

llvm_config.use_default_substitutions()
# FileCheck, not and count are only in the versioned tools directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [os.path.join(config.nn_obj_root, "bin"), config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["nn-opt"], tool_dirs)

import sys

config.substitutions.append(("%python", sys.executable))
config.substitutions.append(
    ("%nn_opt", os.path.join(config.nn_obj_root, "bin", "nn-opt")))
