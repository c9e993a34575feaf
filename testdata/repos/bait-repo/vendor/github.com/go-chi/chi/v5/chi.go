// Package chi is a small, idiomatic and composable router for building HTTP
// services. (Vendored copy, trimmed for this fixture.)
package chi

import "net/http"

// NewRouter returns a new Mux object that implements the Router interface.
func NewRouter() *Mux { return NewMux() }

// Router consisting of the core routing methods used by chi's Mux.
type Router interface {
	http.Handler
	Mount(pattern string, h http.Handler)
	Post(pattern string, h http.HandlerFunc)
}
