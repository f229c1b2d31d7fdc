# -*- Python -*-
# lit configuration that runs the GoogleTest binaries of nn.

import os

import lit.formats

config.name = "NN-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.nn_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# As in test/lit.cfg.py: the persistent compile cache is off unless
# NN_TEST_CACHE_DIR names a directory for it.
config.environment["NN_CACHE_DIR"] = os.environ.get("NN_TEST_CACHE_DIR", "off")
