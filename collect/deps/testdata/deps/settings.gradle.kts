rootProject.name = "orders"
include(":orders-api", ":orders-worker")
