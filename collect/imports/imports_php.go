package imports

import (
	"bytes"
	"context"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// monologFormatterRef is a reference to a Monolog formatter class in PHP
// code: `use Monolog\Formatter\JsonFormatter;`, `JsonFormatter::class` under
// that use, or the fully qualified name in a Laravel config/logging.php
// `'formatter' => Monolog\Formatter\JsonFormatter::class`.
var monologFormatterRef = lazyre.New(`\\?Monolog\\Formatter\\([A-Za-z]+Formatter)\b`)

// phpMonologFormatters records, as imports of language "php", the Monolog
// formatter classes PHP code outside tests and fixtures names: whether
// Monolog writes JSON is decided by its formatter, not by the package.
func phpMonologFormatters(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	phpSource := func(p string) bool {
		return strings.HasSuffix(p, ".php") && !snapshot.IsFixturePath(p) && !phpTestPath(p) && !strings.HasPrefix(p, "vendor/")
	}
	return eachSource(ctx, t, "imports/php", phpSource, func(p string, data []byte) []facts.Import {
		if !bytes.Contains(data, []byte(`Monolog\Formatter\`)) {
			return nil
		}
		var out []facts.Import
		for _, loc := range monologFormatterRef.FindAllSubmatchIndex(data, -1) {
			pkg := `Monolog\Formatter\` + string(data[loc[2]:loc[3]])
			out = append(out, facts.Import{Language: "php", Package: pkg, Path: p, Line: textutil.TxtLineAt(data, loc[0])})
		}
		return out
	}, firstOfEach(f))
}

// phpTestPath reports a PHP test source: *Test.php, or a file under a
// tests/ or test/ folder.
func phpTestPath(p string) bool {
	if strings.HasSuffix(p, "Test.php") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "tests" || seg == "test" {
			return true
		}
	}
	return false
}
