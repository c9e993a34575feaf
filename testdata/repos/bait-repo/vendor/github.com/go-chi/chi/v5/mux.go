package chi

import "net/http"

// Mux is a simple HTTP route multiplexer. (Trimmed vendored copy.)
type Mux struct{ mux *http.ServeMux }

// NewMux returns a newly initialized Mux object.
func NewMux() *Mux { return &Mux{mux: http.NewServeMux()} }

// Mount attaches another http.Handler along ./pattern/*.
func (mx *Mux) Mount(pattern string, h http.Handler) { mx.mux.Handle(pattern+"/", h) }

// Post adds the route `pattern` that matches a POST http method.
func (mx *Mux) Post(pattern string, h http.HandlerFunc) { mx.mux.Handle("POST "+pattern, h) }

// ServeHTTP is the single method of the http.Handler interface.
func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) { mx.mux.ServeHTTP(w, r) }
