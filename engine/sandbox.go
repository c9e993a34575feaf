package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// forbiddenBuiltins are removed from the capabilities policies compile
// against, with the reason the load error gives. A policy judges the facts
// it is given; it never reaches the network, the file system or the process
// environment.
var forbiddenBuiltins = map[string]string{
	"http.send":          "no network access",
	"net.lookup_ip_addr": "no network access",
	"opa.runtime":        "no access to the environment",
	// A schema's $ref may name a file:// or http:// document.
	"json.match_schema":  "schemas may load files or URLs",
	"json.verify_schema": "schemas may load files or URLs",
}

// sandboxCapabilities are this OPA version's capabilities without the
// forbidden built-ins and with no host allowed for remote fetches (an empty,
// non-nil AllowNet: nil would allow every host).
func sandboxCapabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		_, forbidden := forbiddenBuiltins[b.Name]
		return forbidden
	})
	caps.AllowNet = []string{}
	return caps
}
