// RUN: nn-opt %s -split-input-file -verify-diagnostics --nn-gpu-check-binaries

// PTX that declares libdevice functions it does not define is an error at
// the binary, naming them.
module attributes {gpu.container_module} {
  // expected-error @below {{kernels of @k call __nv_expf, __nv_logf, which the PTX does not define: libdevice was not linked (no CUDA toolkit with nvvm/libdevice found; set CUDA_HOME or the pipeline's cuda-path)}}
  gpu.binary @k [#gpu.object<#nvvm.target<chip = "sm_90">, assembly = ".version 7.8\0A.target sm_90\0A.extern .func (.param .b32 func_retval0) __nv_expf\0A(\0A.param .b32 p\0A);\0A.extern .func (.param .b32 func_retval0) __nv_logf\0A(\0A.param .b32 p\0A);\0A.visible .entry k() { ret; }\0A">]
}

// -----

// Self-contained PTX, and objects that are not PTX, pass.
module attributes {gpu.container_module} {
  gpu.binary @k [#gpu.object<#nvvm.target<chip = "sm_90">, assembly = ".version 7.8\0A.target sm_90\0A.visible .entry k() { ret; }\0A">]
  gpu.binary @c [#gpu.object<#nvvm.target<chip = "sm_90">, bin = "\7FELF .extern .func">]
}
