defmodule ShopWebTest do
  use ExUnit.Case
  test "ok", do: assert(true)
end
