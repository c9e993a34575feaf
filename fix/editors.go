package fix

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/scoredev/score/fix/dockeredit"
	"github.com/scoredev/score/fix/jsonedit"
	"github.com/scoredev/score/fix/yamledit"
)

// editor changes one existing file. It returns the new content (the old
// one when there is nothing to do) and notes for the reviewer. A file it
// cannot read is an error naming the file and line.
type editor func(path string, old []byte, value map[string]any) ([]byte, []string, error)

// editors is the closed set of structured edits a policy can ask for.
var editors = map[string]editor{
	"actions.junit": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		job, _ := v["job"].(string)
		report, _ := v["report"].(string)
		replace, _ := v["replace"].(string)
		with, _ := v["with"].(string)
		command, _ := v["command"].(string)
		uses, _ := v["uses"].(string)
		line, _ := v["line"].(float64)
		if job == "" || report == "" || uses == "" {
			return nil, nil, fmt.Errorf("actions.junit: value needs job, report and uses")
		}
		res, err := yamledit.ActionsJUnit(p, old, job, report, command, int(line), replace, with, uses)
		return res.Data, res.Notes, err
	},
	"actions.permissions": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		scopes, err := stringMap(v)
		if err != nil {
			return nil, nil, fmt.Errorf("actions.permissions: %w", err)
		}
		res, err := yamledit.WorkflowPermissions(p, old, scopes)
		return res.Data, res.Notes, err
	},
	"dockerfile.user": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		user, _ := v["user"].(string)
		out, err := dockeredit.FinalUser(p, old, user)
		return out, nil, err
	},
	"dependabot.ecosystems": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		list, _ := v["updates"].([]any)
		var updates []map[string]any
		for _, u := range list {
			if m, ok := u.(map[string]any); ok {
				updates = append(updates, m)
			}
		}
		if len(updates) == 0 {
			return nil, nil, fmt.Errorf("dependabot.ecosystems: value needs updates")
		}
		res, err := yamledit.DependabotEcosystems(p, old, updates)
		return res.Data, res.Notes, err
	},
	"gitlab-ci.include": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		inc, err := stringMap(v)
		if err != nil {
			return nil, nil, fmt.Errorf("gitlab-ci.include: %w", err)
		}
		res, err := yamledit.GitLabInclude(p, old, inc)
		return res.Data, res.Notes, err
	},
	"gitlab-ci.junit": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		job, _ := v["job"].(string)
		report, _ := v["report"].(string)
		replace, _ := v["replace"].(string)
		with, _ := v["with"].(string)
		command, _ := v["command"].(string)
		line := 0
		switch n := v["line"].(type) {
		case float64:
			line = int(n)
		case string:
			line, _ = strconv.Atoi(n)
		}
		if job == "" || report == "" {
			return nil, nil, fmt.Errorf("gitlab-ci.junit: value needs job and report")
		}
		res, err := yamledit.JUnitReport(p, old, job, report, command, line, replace, with)
		return res.Data, res.Notes, err
	},
	"json.array-add": func(p string, old []byte, v map[string]any) ([]byte, []string, error) {
		key, _ := v["key"].(string)
		item, _ := v["item"].(string)
		if key == "" || item == "" {
			return nil, nil, fmt.Errorf("json.array-add: value needs key and item")
		}
		out, err := jsonedit.AddToArray(p, old, key, item)
		return out, nil, err
	},
}

// Editors lists the editor names, sorted.
func Editors() []string {
	names := make([]string, 0, len(editors))
	for n := range editors {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func stringMap(v map[string]any) (map[string]string, error) {
	out := make(map[string]string, len(v))
	for k, x := range v {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("value %s is not a string", k)
		}
		out[k] = s
	}
	return out, nil
}
