require "test_helper"

class HealthControllerTest < ActionDispatch::IntegrationTest
  test "up" do
    get "/up"
    assert_response :success
  end
end
