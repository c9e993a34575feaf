defmodule ShopTest do
  use ExUnit.Case
  test "ok", do: assert(true)
end
