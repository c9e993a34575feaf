// Package dockeredit makes the one Dockerfile change `score fix` knows: a
// USER line with a non-root numeric uid at the end of the final stage. It
// finds the stage with the BuildKit parser (the one the collectors read
// Dockerfiles with) and inserts a single line, keeping everything else,
// line endings included, as it was. It never touches a build stage.
package dockeredit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/scoredev/score/internal/lazyre"
)

// ParseError is a Dockerfile that cannot be edited, with the line at fault.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

var numericUID = lazyre.New(`^[1-9][0-9]*(:[0-9]+)?$`)

// FinalUser appends "USER <user>" after the last instruction of the final
// stage (a USER line takes effect for the image whatever instruction comes
// after it). user must be a non-root numeric uid, optionally with :gid. A
// final stage whose last instruction already is that USER is left alone.
func FinalUser(path string, data []byte, user string) ([]byte, error) {
	if !numericUID.MatchString(user) {
		return nil, fmt.Errorf("dockerfile.user: %q is not a non-root numeric uid", user)
	}
	res, err := parse(data)
	if err != nil {
		line := 0
		var le *parser.LocationError
		if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
			line = le.Locations[0][0].Start.Line
		}
		return nil, &ParseError{Path: path, Line: line, Msg: "not a valid Dockerfile: " + err.Error()}
	}
	nodes := res.AST.Children
	final := -1
	for i, n := range nodes {
		if strings.EqualFold(n.Value, "from") {
			final = i
		}
	}
	if final < 0 {
		return nil, &ParseError{Path: path, Msg: "no FROM instruction"}
	}
	last := nodes[len(nodes)-1]
	if strings.EqualFold(last.Value, "user") && last.Next != nil && last.Next.Value == user {
		return data, nil
	}
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	text := string(data)
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	end := last.EndLine // 1-based, the instruction's last line (continuations and heredocs included)
	if end < 1 || end > len(lines) {
		return nil, &ParseError{Path: path, Line: last.StartLine, Msg: "cannot find the end of the final stage"}
	}
	if !strings.HasSuffix(lines[end-1], "\n") {
		lines[end-1] += eol
	}
	out := strings.Join(lines[:end], "") + "USER " + user + eol + strings.Join(lines[end:], "")
	// Parse the result back: the line must have landed in the final stage.
	check, err := parse([]byte(out))
	if err != nil {
		return nil, fmt.Errorf("%s: the edited Dockerfile does not parse (not written): %w", path, err)
	}
	got := check.AST.Children[len(check.AST.Children)-1]
	if !strings.EqualFold(got.Value, "user") || got.Next == nil || got.Next.Value != user {
		return nil, fmt.Errorf("%s: the USER line did not land at the end of the final stage (not written)", path)
	}
	return []byte(out), nil
}

func parse(data []byte) (res *parser.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("parser panic: %v", r)
		}
	}()
	res, err = parser.Parse(bytes.NewReader(data))
	if err == nil && (res == nil || res.AST == nil || len(res.AST.Children) == 0) {
		err = errors.New("no instructions")
	}
	return res, err
}
