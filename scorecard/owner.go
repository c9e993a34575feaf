package scorecard

import "strings"

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
