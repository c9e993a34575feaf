module github.com/example/greeter

go 1.22
