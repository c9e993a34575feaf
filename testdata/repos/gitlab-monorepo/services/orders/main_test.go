package main

import "testing"

func TestTotal(t *testing.T) {
	if 1+1 != 2 {
		t.Fatal("arithmetic")
	}
}
