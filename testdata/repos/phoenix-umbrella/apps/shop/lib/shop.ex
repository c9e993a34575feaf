defmodule Shop do
  @moduledoc "Shop domain."
end
