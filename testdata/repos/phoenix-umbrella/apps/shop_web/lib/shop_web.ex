defmodule ShopWeb do
end
