package pipeline

import (
	"fmt"
	"strings"

	"github.com/scoredev/score/scanners"
	"github.com/scoredev/score/scorecards"
)

// UserPrefix marks an owner that is a person rather than a team: a
// repository owned by jdoe is shown under the team "user:jdoe", never
// mixed with a group of the same name. See README.md ("Team names").
const UserPrefix = "user:"

// Owner is an owner as written, resolved to one canonical name.
type Owner struct {
	// Name is the canonical name: a group path without "@" or Backstage
	// kind ("acme/search", "web"), or UserPrefix and a person.
	Name string
	// User is true for a person.
	User bool
}

// BackstageOwner resolves a Backstage entity reference,
// [kind:][namespace/]name, as spec.owner uses it: the kind defaults to
// Group, the namespace "default" is dropped (it is Backstage's own
// default), and kind User makes a person. Kinds and the default namespace
// compare case-insensitively, as in Backstage.
func BackstageOwner(ref string) Owner {
	ref = strings.TrimSpace(ref)
	kind := "group"
	if k, rest, ok := strings.Cut(ref, ":"); ok && !strings.Contains(k, "/") {
		kind, ref = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(rest)
	}
	if ns, name, ok := strings.Cut(ref, "/"); ok && strings.EqualFold(ns, "default") {
		ref = name
	}
	if kind == "user" {
		return Owner{Name: UserPrefix + ref, User: true}
	}
	return Owner{Name: ref}
}

// CodeOwner resolves one CODEOWNERS owner: "@group/subgroup" is the group
// "group/subgroup"; a single-segment "@jdoe" and an e-mail address are
// people (GitHub teams are always @org/team, and a GitLab group owner is
// best written with its full path).
func CodeOwner(owner string) Owner {
	owner = strings.TrimSpace(owner)
	name := strings.TrimPrefix(owner, "@")
	if strings.Contains(name, "/") {
		return Owner{Name: name}
	}
	return Owner{Name: UserPrefix + name, User: true}
}

// PlainOwner resolves an owner named in .score.yaml, another catalog
// format or a repository list: "user:x" is a person, "group:x" a group, a
// leading "@" is dropped.
func PlainOwner(owner string) Owner {
	owner = strings.TrimPrefix(strings.TrimSpace(owner), "@")
	if k, rest, ok := strings.Cut(owner, ":"); ok && !strings.Contains(k, "/") {
		switch strings.ToLower(k) {
		case "user":
			return Owner{Name: UserPrefix + strings.TrimSpace(rest), User: true}
		case "group":
			return BackstageOwner(owner)
		}
	}
	return Owner{Name: owner}
}

// alias maps a canonical name through the platform config's aliases
// (matched case-insensitively).
func (p *Pipeline) alias(name string) string {
	if to, ok := p.Aliases[strings.ToLower(name)]; ok {
		return to
	}
	return name
}

// resolveTeam is Team with the warnings the resolution raised: a
// CODEOWNERS default rule with more than one owner names which one was
// taken.
func (p *Pipeline) resolveTeam(facts *scanners.Facts, info scanners.RepoInfo) (string, []scorecards.Warning) {
	if sy := facts.Ownership.ScoreYAML; sy != nil && strings.TrimSpace(sy.Team) != "" {
		return p.alias(PlainOwner(sy.Team).Name), nil
	}
	for _, c := range facts.Ownership.Catalog {
		if strings.TrimSpace(c.Owner) == "" {
			continue
		}
		o := PlainOwner(c.Owner)
		if c.Format == "backstage" {
			o = BackstageOwner(c.Owner)
		}
		return p.alias(o.Name), nil
	}
	for _, co := range facts.Ownership.CodeOwners {
		if len(co.DefaultOwners) == 0 {
			continue
		}
		owners := make([]Owner, len(co.DefaultOwners))
		chosen := -1
		for i, raw := range co.DefaultOwners {
			owners[i] = CodeOwner(raw)
			if chosen < 0 && !owners[i].User {
				chosen = i
			}
		}
		if chosen < 0 {
			chosen = 0
		}
		var warns []scorecards.Warning
		if len(owners) > 1 {
			var others []string
			for i, o := range owners {
				if i != chosen {
					others = append(others, o.Name)
				}
			}
			warns = append(warns, scorecards.Warning{Path: co.Path, Line: co.DefaultLine, Message: fmt.Sprintf(
				"the default rule names %d owners: the team is %s (the first group), also listed: %s",
				len(owners), owners[chosen].Name, strings.Join(others, ", "))})
		}
		return p.alias(owners[chosen].Name), warns
	}
	if info.Team != "" {
		return p.alias(PlainOwner(info.Team).Name), nil
	}
	key := info.GroupPath
	if key == "" {
		key = info.Name
	}
	for _, r := range p.Teams {
		if globMatch(r.Pattern, key) {
			return p.alias(r.Team), nil
		}
	}
	return scorecards.Unowned, nil
}
