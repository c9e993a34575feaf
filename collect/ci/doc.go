// Package ci reads CI configuration of every provider into one shape. Each
// provider is one file that registers its entry in the provider table
// (provider.go); see docs/architecture.md, "Adding a CI provider".
package ci
