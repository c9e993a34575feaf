// Package deps reads dependency manifests and lockfiles of every ecosystem.
package deps
