package gemlock

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const railsLock = `GIT
  remote: https://github.com/example/money.git
  revision: 0c2d8f1a9c2e4b8f7a6d5e4c3b2a1f0e9d8c7b6a
  specs:
    money (6.19.0)
      i18n (>= 0.6.4, <= 2)

PATH
  remote: engines/billing
  specs:
    billing (0.1.0)
      rails (>= 7.1)

GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.7-x86_64-linux)
      racc (~> 1.4)
    rails (7.2.1)
      actionpack (= 7.2.1)
    yabeda-prometheus (0.9.1)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  billing!
  money!
  rails (~> 7.2.1)
  yabeda-prometheus

CHECKSUMS
  rails (7.2.1) sha256=2a1b

RUBY VERSION
   ruby 3.3.5p100

BUNDLED WITH
   2.5.18
`

func TestParse(t *testing.T) {
	t.Parallel()
	got, err := Parse([]byte(railsLock))
	if err != nil {
		t.Fatal(err)
	}
	want := Lock{
		Dependencies: []Dependency{
			{Name: "billing", Source: true, Line: 27},
			{Name: "money", Source: true, Line: 28},
			{Name: "rails", Constraint: "~> 7.2.1", Line: 29},
			{Name: "yabeda-prometheus", Line: 30},
		},
		Specs:       map[string]string{"money": "6.19.0", "billing": "0.1.0", "nokogiri": "1.16.7", "rails": "7.2.1", "yabeda-prometheus": "0.9.1"},
		RubyVersion: "3.3.5p100", RubyLine: 36,
		BundledWith: "2.5.18",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"merge conflict", "GEM\n  specs:\n<<<<<<< HEAD\n    rails (7.2.1)\n", 3, "merge conflict"},
		{"tab", "DEPENDENCIES\n\trails\n", 2, "tab"},
		{"bad dependency", "DEPENDENCIES\n  rails (~> 7\n", 2, "DEPENDENCIES entry"},
		{"spec without version", "GEM\n  remote: x\n  specs:\n    rails\n", 4, "spec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.text))
			if err == nil || err.Line != tt.line || !strings.Contains(err.Msg, tt.msg) {
				t.Errorf("got %v, want line %d containing %q", err, tt.line, tt.msg)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(railsLock))
	f.Add([]byte("DEPENDENCIES\n  a!\n  b (>= 1, < 2)\n"))
	f.Add([]byte("GEM\n  specs:\n    a (1.0-java)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lock, err := Parse(data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil && (err.Line < 1 || err.Line > lines) {
			t.Errorf("error at line %d, input has %d lines", err.Line, lines)
		}
		for _, d := range lock.Dependencies {
			if d.Line < 1 || d.Line > lines || d.Name == "" {
				t.Errorf("dependency %+v out of the input's %d lines", d, lines)
			}
		}
	})
}
