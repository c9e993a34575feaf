package app

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/fix/yamledit"
	"github.com/scoredev/score/snapshot"
)

// jobKey names a CI job by its file and name.
type jobKey struct{ path, name string }

// ciSignals gathers, per CI job, the folder-specific settings the CI facts
// do not keep: GitLab `rules:changes` and `only:changes` (and variables),
// Actions `paths:` filters and `working-directory`. A job's commands and
// step inputs (build contexts) are read from the facts themselves.
func ciSignals(t *snapshot.Tree, f *facts.Facts) map[jobKey][]string {
	out := map[jobKey][]string{}
	seen := map[string]bool{}
	for _, j := range f.CI.Jobs {
		if seen[j.Path] {
			continue
		}
		seen[j.Path] = true
		docs := yamlDocs(t, j.Path)
		if len(docs) == 0 {
			continue
		}
		doc := docs[0]
		switch j.Provider {
		case "gitlab":
			for i := 0; i+1 < len(doc.Content); i += 2 {
				name, job := doc.Content[i].Value, doc.Content[i+1]
				if job.Kind != yaml.MappingNode {
					continue
				}
				var s []string
				for _, r := range seq(yamledit.Get(job, "rules")) {
					s = append(s, scalars(yamledit.Get(r, "changes"))...)
				}
				s = append(s, scalars(yamledit.Get(yamledit.Get(job, "only"), "changes"))...)
				s = append(s, scalars(yamledit.Get(job, "variables"))...)
				if len(s) > 0 {
					out[jobKey{j.Path, name}] = s
				}
			}
		default: // Actions and its kin (Forgejo, Gitea)
			var wf []string
			for _, ev := range []string{"push", "pull_request", "pull_request_target", "merge_group"} {
				wf = append(wf, scalars(yamledit.Get(yamledit.Get(yamledit.Get(doc, "on"), ev), "paths"))...)
			}
			wf = append(wf, scalars(yamledit.Get(yamledit.Get(doc, "defaults"), "run"))...)
			jobs := yamledit.Get(doc, "jobs")
			if jobs == nil || jobs.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(jobs.Content); i += 2 {
				name, job := jobs.Content[i].Value, jobs.Content[i+1]
				s := append([]string{}, wf...)
				s = append(s, scalars(yamledit.Get(yamledit.Get(job, "defaults"), "run"))...)
				for _, step := range seq(yamledit.Get(job, "steps")) {
					s = append(s, yamlString(step, "working-directory"))
				}
				out[jobKey{j.Path, name}] = s
			}
		}
	}
	return out
}

// seq is a sequence node's items (a single node is one item).
func seq(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	}
	return []*yaml.Node{n}
}

// scalars are the scalar values in n, at any depth (map values only, not
// keys).
func scalars(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, scalars(c)...)
		}
		return out
	case yaml.MappingNode:
		var out []string
		for i := 1; i < len(n.Content); i += 2 {
			out = append(out, scalars(n.Content[i])...)
		}
		return out
	}
	return nil
}

// jobsFor keeps the jobs that count for component i: those that name its
// folder (a command, a step input such as a build context, a changes or
// paths filter, a working directory) and those that name no component's
// folder, which are repository-wide.
func jobsFor(jobs []facts.CIJob, signals map[jobKey][]string, comps []Component, i int) []facts.CIJob {
	out := make([]facts.CIJob, 0, len(jobs))
	for _, j := range jobs {
		named := jobFolders(j, signals[jobKey{j.Path, j.Name}], comps)
		if len(named) == 0 || named[i] {
			out = append(out, j)
		}
	}
	return out
}

// jobFolders is the set of components whose folder a job names; a name
// inside a deeper component's folder counts for that one only.
func jobFolders(j facts.CIJob, extra []string, comps []Component) map[int]bool {
	texts := extra
	for _, c := range j.Commands {
		texts = append(texts, c.Run)
	}
	for _, u := range j.Uses {
		for _, v := range u.With {
			texts = append(texts, v)
		}
	}
	named := map[int]bool{}
	for _, text := range texts {
		best := -1
		for ci, c := range comps {
			if mentionsFolder(text, c.Path) && (best < 0 || len(c.Path) > len(comps[best].Path)) {
				best = ci
			}
		}
		if best >= 0 {
			named[best] = true
		}
	}
	return named
}

// mentionsFolder reports whether text names dir as a path: "dir",
// "./dir", "dir/...", not as part of a longer name ("src/apix").
func mentionsFolder(text, dir string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], dir)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(dir)
		before := i == 0 || !isNameByte(text[i-1]) || text[i-1] == '/'
		after := end == len(text) || !isNameByte(text[end]) || text[end] == '/'
		if before && after {
			return true
		}
		from = i + 1
	}
}

func isNameByte(b byte) bool {
	return b == '/' || b == '.' || b == '-' || b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
