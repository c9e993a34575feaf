// Package security records committed secrets and the configuration of
// security tooling.
package security
