require "application_system_test_case"

class CheckoutTest < ApplicationSystemTestCase
  test "checkout" do
    visit root_url
  end
end
