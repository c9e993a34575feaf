// Package tests finds test sources per language and test tool configuration.
package tests
