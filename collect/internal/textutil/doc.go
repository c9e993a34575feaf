// Package textutil holds the line helpers every collector shares: splitting
// and clamping lines, and small readers for JSON, INI and text files.
package textutil
