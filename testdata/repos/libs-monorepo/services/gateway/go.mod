module example.com/platform/services/gateway

go 1.26.0

require example.com/platform/libs/auth v0.0.0

replace example.com/platform/libs/auth => ../../libs/auth
