// Package yamlnode reads YAML for collectors: bounded parsing with warnings
// that name file and line, node accessors, and the command walk CI and task
// files share.
package yamlnode
