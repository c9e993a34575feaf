package inputfiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Bounds on what one repository's input files may hold, on top of the
// tree's own (MaxFileSize per file, the read budget): the parsed content
// is handed to every policy evaluation, so it stays small.
const (
	// MaxFiles is how many matching files are read; later ones (in path
	// order) get an error saying so.
	MaxFiles = 256
	// MaxBytes is how many bytes the matching files may hold together.
	MaxBytes = 8 << 20
	// maxNodes bounds the values one file's parse may produce (YAML
	// aliases can make a small file describe a huge tree).
	maxNodes = 200_000
)

// Read returns the parsed content of every file of t whose path matches
// one of globs (match decides, with the glob first), keyed by path. No
// globs, no reads.
func Read(t *snapshot.Tree, globs []string, match func(glob, name string) bool) map[string]facts.FileContent {
	if len(globs) == 0 {
		return nil
	}
	out := map[string]facts.FileContent{}
	total := 0
	for _, p := range t.Files {
		if !matchesAny(globs, p, match) {
			continue
		}
		format := FormatOf(p)
		switch {
		case len(out) >= MaxFiles:
			out[p] = facts.FileContent{Format: format, Error: fmt.Sprintf("not read: more than %d files match the policies' custom.files", MaxFiles)}
			continue
		case total+int(t.Size(p)) > MaxBytes:
			out[p] = facts.FileContent{Format: format, Error: fmt.Sprintf("not read: the files matching the policies' custom.files hold more than %d MiB", MaxBytes>>20)}
			continue
		}
		data, err := t.Read(p)
		if err != nil {
			out[p] = facts.FileContent{Format: format, Error: "not read: " + readError(err)}
			continue
		}
		total += len(data)
		v, err := Parse(format, data)
		if err != nil {
			out[p] = facts.FileContent{Format: format, Error: err.Error()}
			continue
		}
		out[p] = facts.FileContent{Format: format, Data: v}
	}
	return out
}

func matchesAny(globs []string, p string, match func(glob, name string) bool) bool {
	for _, g := range globs {
		if match(g, p) {
			return true
		}
	}
	return false
}

func readError(err error) string {
	switch {
	case errors.Is(err, snapshot.ErrTooLarge):
		return fmt.Sprintf("larger than %d MiB", snapshot.MaxFileSize>>20)
	case errors.Is(err, snapshot.ErrReadBudget):
		return "the repository's read budget is spent"
	}
	return err.Error()
}

// Formats, by file name (FormatOf).
const (
	YAML       = "yaml"
	JSON       = "json"
	TOML       = "toml"
	HCL        = "hcl"
	Dockerfile = "dockerfile"
	INI        = "ini"
	Text       = "text"
)

// FormatOf picks a file's format by its name: the extension, or the
// Dockerfile/Containerfile naming (Dockerfile, Dockerfile.prod,
// api.Dockerfile); anything else is text.
func FormatOf(p string) string {
	base := strings.ToLower(path.Base(p))
	switch path.Ext(base) {
	case ".yaml", ".yml":
		return YAML
	case ".json":
		return JSON
	case ".toml":
		return TOML
	case ".hcl", ".tf", ".tfvars", ".nomad":
		return HCL
	case ".ini", ".cfg", ".conf", ".properties", ".editorconfig":
		return INI
	case ".dockerfile", ".containerfile":
		return Dockerfile
	}
	if base == ".editorconfig" {
		return INI
	}
	for _, name := range []string{"dockerfile", "containerfile"} {
		if base == name || strings.HasPrefix(base, name+".") || strings.HasPrefix(base, name+"-") {
			return Dockerfile
		}
	}
	return Text
}

// Parse parses data as format into plain JSON values (objects, arrays,
// strings, numbers, booleans, null):
//
//   - yaml: the array of the stream's documents
//   - json, toml: the document
//   - hcl: attributes as values, blocks as arrays of objects under their
//     type, labels as "labels" (see hcl.go)
//   - dockerfile: the array of instructions {cmd, args, flags, line}
//   - ini: {section: {key: value}}, keys before any section under ""
//   - text: the array of lines
func Parse(format string, data []byte) (any, error) {
	switch format {
	case YAML:
		return parseYAML(data)
	case JSON:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("malformed JSON: %v", err)
		}
		if dec.More() {
			return nil, errors.New("malformed JSON: more than one value")
		}
		return v, nil
	case TOML:
		var v map[string]any
		if err := toml.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("malformed TOML: %v", err)
		}
		return plain(v)
	case HCL:
		return parseHCL(data)
	case Dockerfile:
		return parseDockerfile(data)
	case INI:
		return parseINI(data), nil
	}
	return textLines(data), nil
}

// plain turns decoded values (TOML dates and times, typed maps) into JSON
// values through a JSON round trip.
func plain(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	return out, dec.Decode(&out)
}

func textLines(data []byte) []any {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return []any{}
	}
	lines := strings.Split(s, "\n")
	out := make([]any, len(lines))
	for i, l := range lines {
		out[i] = l
	}
	return out
}

// parseINI reads key = value (or key: value) lines into sections;
// comments (# ;) and blank lines are skipped, a later key wins.
func parseINI(data []byte) map[string]any {
	out := map[string]any{}
	section := ""
	get := func(name string) map[string]any {
		m, ok := out[name].(map[string]any)
		if !ok {
			m = map[string]any{}
			out[name] = m
		}
		return m
	}
	for _, raw := range textLines(data) {
		line := strings.TrimSpace(raw.(string))
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			section = strings.TrimSpace(line[1 : len(line)-1])
			get(section)
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			get(section)[line] = ""
			continue
		}
		get(section)[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return out
}
