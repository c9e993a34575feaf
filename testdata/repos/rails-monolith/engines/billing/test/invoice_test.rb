require "test_helper"

class InvoiceTest < ActiveSupport::TestCase
  test "totals lines" do
    assert_equal 3, Billing::Invoice.new(lines: [1, 2]).total
  end
end
