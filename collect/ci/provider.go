package ci

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// A provider is one CI system. Each provider's file registers its entry
// (see docs/architecture.md, "Adding a CI provider"):
//
//	var _ = register(provider{name: "travis", order: 70, match: ..., read: eachFile((*ciContext).travis)})
//
// order is the provider's place in the one table: providers are asked in
// this order which file they own (the first match wins) and read in it, so
// facts come out in a stable order. Orders are spaced by ten to leave room.
type provider struct {
	name  string
	order int
	// match reports whether the file configures this provider.
	match func(p ciPath) bool
	// read reads every file the provider owns: it records each
	// configuration (addConfig) and its jobs.
	read func(c *ciContext, name string, paths []string)
}

// providers is the table, sorted by order. Only register adds to it.
var providers []provider

// register adds p to the table; a repeated name or order is a programming
// error caught when the package loads (and by TestProviderTable).
func register(p provider) provider {
	for _, q := range providers {
		if q.name == p.name || q.order == p.order {
			panic(fmt.Sprintf("ci: provider %q (order %d) clashes with %q (order %d)", p.name, p.order, q.name, q.order))
		}
	}
	i, _ := slices.BinarySearchFunc(providers, p.order, func(q provider, order int) int { return q.order - order })
	providers = slices.Insert(providers, i, p)
	return p
}

// eachFile reads providers whose configuration is one self-contained file.
func eachFile(read func(c *ciContext, p string)) func(c *ciContext, name string, paths []string) {
	return func(c *ciContext, name string, paths []string) {
		for _, p := range paths {
			c.addConfig(name, p)
			read(c, p)
		}
	}
}

// ciPath is a path in the forms matchers compare: as given, lower-cased,
// and the lower-cased base, folder and extension.
type ciPath struct {
	path, lower, base, dir, ext string
	// yml is true for .yml and .yaml files.
	yml bool
}

func newCIPath(p string) ciPath {
	lower := strings.ToLower(p)
	ext := path.Ext(lower)
	return ciPath{path: p, lower: lower, base: path.Base(lower), dir: path.Dir(lower), ext: ext, yml: ext == ".yml" || ext == ".yaml"}
}

// oneOf reports whether the lower-cased path is one of names.
func (p ciPath) oneOf(names ...string) bool { return slices.Contains(names, p.lower) }
