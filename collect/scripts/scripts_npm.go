package scripts

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// parseNpmScripts reads package.json "scripts" in file order. JSON carries
// no positions, so the decoder's offset after each key gives its line.
func parseNpmScripts(t *snapshot.Tree, p string, data []byte) []facts.NpmScript {
	out, err := npmScripts(p, data)
	if err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lineAtOffset(data, int(se.Offset))
		}
		t.Warn(p, textutil.ClampLine(line, textutil.CountLines(data)), "parse package.json: "+err.Error())
	}
	return out
}

func npmScripts(p string, data []byte) ([]facts.NpmScript, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, npmShapeError(err, "not a JSON object")
	}
	var out []facts.NpmScript
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out, err
		}
		if key != "scripts" {
			if err := npmSkipValue(dec); err != nil {
				return out, err
			}
			continue
		}
		if out, err = npmScriptEntries(dec, p, data, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// npmScriptEntries reads the "scripts" object; entries whose value is not a
// string are skipped, as npm ignores them.
func npmScriptEntries(dec *json.Decoder, p string, data []byte, out []facts.NpmScript) ([]facts.NpmScript, error) {
	tok, err := dec.Token()
	if err != nil {
		return out, err
	}
	if tok != json.Delim('{') {
		if d, ok := tok.(json.Delim); ok && d == '[' {
			return out, npmSkipRest(dec, 1)
		}
		return out, nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out, err
		}
		line := lineAtOffset(data, int(dec.InputOffset()))
		val, err := dec.Token()
		if err != nil {
			return out, err
		}
		name, _ := key.(string)
		switch v := val.(type) {
		case string:
			out = append(out, facts.NpmScript{Path: p, Name: name, Command: v, Line: line})
		case json.Delim:
			if err := npmSkipRest(dec, 1); err != nil {
				return out, err
			}
		}
	}
	_, err = dec.Token() // the closing brace
	return out, err
}

func npmSkipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return npmSkipRest(dec, 1)
	}
	return nil
}

// npmSkipRest reads tokens until depth open containers are closed.
func npmSkipRest(dec *json.Decoder, depth int) error {
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

func npmShapeError(err error, msg string) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return errors.New(msg)
}

// lineAtOffset is the 1-based line of a byte offset.
func lineAtOffset(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
