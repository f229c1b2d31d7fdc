// Only a declaration and a private function: nothing nn-run could pick.
func.func private @declared(tensor<2xf32>) -> tensor<2xf32>
func.func private @hidden(%a: tensor<2xf32>) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}
