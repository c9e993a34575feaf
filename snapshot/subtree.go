package snapshot

import (
	"path"
	"strings"
)

// Sub is the tree narrowed to the files keep accepts, without a second
// walk: it shares the file system, symlink targets and sizes, and gets a
// read budget and warnings of its own. A monorepo's components are
// collected over such trees (docs/architecture.md, "Components"). Reads of
// files outside the kept list still resolve, as on the full tree (a CI
// include names them).
func (t *Tree) Sub(keep func(string) bool) *Tree {
	s := &Tree{fsys: t.fsys, Ctx: t.Ctx, links: t.links, sizes: t.sizes, byBase: map[string][]string{},
		Budget: t.budgetSize, budgetSize: t.budgetSize, memo: t.memo}
	for _, f := range t.Files {
		if keep(f) {
			s.Files = append(s.Files, f)
			b := strings.ToLower(path.Base(f))
			s.byBase[b] = append(s.byBase[b], f)
		}
	}
	return s
}
