package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/internal/lazyre"
)

// k8sDoc is one YAML document of a file, parsed, with the line it starts on.
type k8sDoc struct {
	root *yaml.Node // the document's content node (nil when empty)
	// offset is added to node lines to get file lines.
	offset int
}

// k8sDocError is a document that did not parse, with its file line.
type k8sDocError struct {
	line int
	msg  string
}

var yamlDocSepRe = lazyre.New(`^(---|\.\.\.)(\s.*)?$`)

// splitK8sDocs cuts a multi-document YAML stream at "---" / "..." lines
// and parses each document on its own, so that one malformed document does
// not hide the ones after it. Lines are kept: a document starting on line
// L has offset L-1. Like yaml.Unmarshal, only a piece's first document is
// read.
func splitK8sDocs(data []byte) (docs []k8sDoc, errs []k8sDocError) {
	lines := strings.Split(string(data), "\n")
	start := 0
	parse := func(from, to int) {
		if from >= to {
			return
		}
		text := strings.Join(lines[from:to], "\n")
		if strings.TrimSpace(text) == "" {
			return
		}
		parsed, err := yamlnode.ParseYAMLDocs([]byte(text))
		if len(parsed) == 0 && err != nil {
			line := from + 1
			if l := yamlnode.YamlErrorLine(err); l >= 1 && from+l <= to {
				line = from + l
			}
			errs = append(errs, k8sDocError{line: line, msg: yamlnode.YamlErrorText(err)})
			return
		}
		if len(parsed) > 0 {
			docs = append(docs, k8sDoc{root: parsed[0].Root, offset: from})
		}
	}
	for i, l := range lines {
		if yamlDocSepRe.MatchString(strings.TrimRight(l, "\r")) {
			parse(start, i)
			// A document may start on the separator line ("--- !tag" is
			// rare); its text after the marker is kept in place.
			lines[i] = "   " + l[3:]
			start = i
		}
	}
	parse(start, len(lines))
	return docs, errs
}
