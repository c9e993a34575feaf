package main

import (
	"net/http"

	"example.com/platform/libs/auth"
)

func main() {
	_ = auth.Check("x")
	_ = http.ListenAndServe(":8080", nil)
}
