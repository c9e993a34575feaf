defmodule ShopWeb.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_web,
      version: "0.1.0",
      lockfile: "../../mix.lock",
      deps: deps()
    ]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.14"},
      {:shop, in_umbrella: true},
      {:prom_ex, "~> 1.10"},
      {:opentelemetry, "~> 1.4"},
      {:opentelemetry_exporter, "~> 1.7"},
      {:opentelemetry_phoenix, "~> 1.2"},
      {:bandit, "~> 1.5"},
      {:floki, ">= 0.30.0", only: :test}
    ]
  end
end
