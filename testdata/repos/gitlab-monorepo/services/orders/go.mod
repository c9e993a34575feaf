module example.com/shop/orders

go 1.25.1

require github.com/prometheus/client_golang v1.20.5
