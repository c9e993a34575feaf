module github.com/example/hello-svc

go 1.22
