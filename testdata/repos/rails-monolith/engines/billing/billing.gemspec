require_relative "lib/billing/version"

Gem::Specification.new do |spec|
  spec.name        = "billing"
  spec.version     = Billing::VERSION
  spec.summary     = "Invoices and payment capture for the storefront"
  spec.files       = Dir["{app,config,db,lib}/**/*"]

  spec.add_dependency "rails", ">= 7.1"
  spec.add_development_dependency "sqlite3"
end
