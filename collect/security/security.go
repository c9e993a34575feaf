package security

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector records committed secrets, the configuration of
// security, dependency-update and static-analysis tools, pre-commit hooks
// and security policies.
type Collector struct{}

func (Collector) Name() string { return "security" }

func (Collector) Collect(_ context.Context, t *snapshot.Tree, f *facts.Facts) error {
	f.Security.Secrets = scanSecrets(t)
	for _, p := range t.Files {
		if isSecurityPolicy(p) {
			f.Security.Policies = append(f.Security.Policies, p)
		}
		if snapshot.IsFixturePath(p) {
			continue
		}
		base := strings.ToLower(path.Base(p))
		if tool := securityToolOf(p, base); tool != "" {
			f.Security.Configs = append(f.Security.Configs, facts.ToolConfig{Tool: tool, Path: p, Line: 1})
			if tool == "golangci-lint" && !strings.HasSuffix(base, ".toml") {
				// gosec enabled in golangci-lint is SAST wherever golangci-lint runs.
				if data, ok := t.ReadText(p); ok {
					if line := golangciGosec(data); line > 0 {
						f.Security.Configs = append(f.Security.Configs, facts.ToolConfig{Tool: "golangci-lint:gosec", Path: p, Line: line})
					}
				}
			}
			continue
		}
		switch {
		case base == "pyproject.toml" || base == "setup.cfg" || base == "tox.ini":
			// Shared files: the collectors that own them report read errors.
			if data, err := t.Read(p); err == nil {
				f.Security.Configs = append(f.Security.Configs, pythonLintConfigs(p, base, data)...)
			}
		case base == "package.json":
			if data, err := t.Read(p); err == nil {
				cfgs, hooks := packageJSONSecurity(p, data)
				f.Security.Configs = append(f.Security.Configs, cfgs...)
				f.Security.PreCommit = append(f.Security.PreCommit, hooks...)
			}
		case p == ".pre-commit-config.yaml" || p == ".pre-commit-config.yml":
			if data, ok := t.ReadText(p); ok {
				f.Security.PreCommit = append(f.Security.PreCommit, parsePreCommit(t, p, data)...)
			}
		case isLefthookConfig(p):
			if data, ok := t.ReadText(p); ok {
				f.Security.PreCommit = append(f.Security.PreCommit, parseLefthook(t, p, data)...)
			}
		case path.Dir(p) == ".husky" && !strings.HasPrefix(base, "."):
			if data, ok := t.ReadText(p); ok {
				f.Security.PreCommit = append(f.Security.PreCommit, huskyHooks(p, data)...)
			}
		}
	}
	return nil
}

// securityConfigNames maps a lower-case file name to the tool it configures.
var securityConfigNames = map[string]string{
	".gitleaks.toml": "gitleaks", "gitleaks.toml": "gitleaks", ".gitleaksignore": "gitleaks",
	".trufflehog.yml": "trufflehog", ".trufflehog.yaml": "trufflehog", "trufflehog.yml": "trufflehog",
	"trufflehog.yaml": "trufflehog", ".trufflehogignore": "trufflehog",
	".secrets.baseline": "detect-secrets", ".gitguardian.yaml": "ggshield", ".gitguardian.yml": "ggshield",
	".golangci.yml": "golangci-lint", ".golangci.yaml": "golangci-lint", ".golangci.toml": "golangci-lint",
	".golangci.json": "golangci-lint", "staticcheck.conf": "staticcheck", ".gosec.json": "gosec",
	"biome.json": "biome", "biome.jsonc": "biome",
	"ruff.toml": "ruff", ".ruff.toml": "ruff", ".flake8": "flake8", ".pylintrc": "pylint", "pylintrc": "pylint",
	"mypy.ini": "mypy", ".mypy.ini": "mypy", ".bandit": "bandit", "bandit.yaml": "bandit", "bandit.yml": "bandit",
	".bandit.yml": "bandit", ".bandit.yaml": "bandit", "pyrightconfig.json": "pyright",
	"sonar-project.properties": "sonar", ".sonarcloud.properties": "sonar", ".snyk": "snyk",
	"trivy.yaml": "trivy", "trivy.yml": "trivy", ".trivy.yaml": "trivy", ".trivyignore": "trivy", ".trivyignore.yaml": "trivy",
	".grype.yaml": "grype", ".grype.yml": "grype", "osv-scanner.toml": "osv-scanner",
	".semgrep.yml": "semgrep", ".semgrep.yaml": "semgrep", "semgrep.yml": "semgrep", "semgrep.yaml": "semgrep",
	".semgrepignore": "semgrep",
	".hadolint.yaml": "hadolint", ".hadolint.yml": "hadolint", "hadolint.yaml": "hadolint",
	".shellcheckrc": "shellcheck", "shellcheckrc": "shellcheck",
	".rubocop.yml": "rubocop", "brakeman.ignore": "brakeman", ".credo.exs": "credo", ".sobelow-conf": "sobelow",
	"phpstan.neon": "phpstan", "phpstan.neon.dist": "phpstan", "phpstan.dist.neon": "phpstan",
	"psalm.xml": "psalm", "psalm.xml.dist": "psalm",
	".scalafix.conf": "scalafix", "scalastyle-config.xml": "scalastyle", ".scalafmt.conf": "scalafmt",
	"detekt.yml": "detekt", "detekt-config.yml": "detekt", ".swiftlint.yml": "swiftlint", ".clang-tidy": "clang-tidy",
	"clippy.toml": "clippy", ".clippy.toml": "clippy", "deny.toml": "cargo-deny",
	".tflint.hcl": "tflint", ".checkov.yml": "checkov", ".checkov.yaml": "checkov",
	".kube-linter.yaml": "kube-linter", ".kube-linter.yml": "kube-linter",
	".mega-linter.yml": "megalinter", ".mega-linter.yaml": "megalinter",
	".editorconfig": "editorconfig", "rustfmt.toml": "rustfmt", ".rustfmt.toml": "rustfmt", ".clang-format": "clang-format",
}

// securityConfigPrefixes are tools configured by <prefix><anything> files.
var securityConfigPrefixes = []struct{ prefix, tool string }{
	{".eslintrc", "eslint"}, {"eslint.config.", "eslint"}, {".stylelintrc", "stylelint"},
	{"stylelint.config.", "stylelint"}, {".prettierrc", "prettier"}, {"prettier.config.", "prettier"},
	{".markdownlint", "markdownlint"}, {".yamllint", "yamllint"},
}

// securityToolOf names the tool a file configures by its name and place,
// or "" (for shared files such as pyproject.toml too: they are read).
func securityToolOf(p, base string) string {
	dir := path.Dir(p)
	switch base {
	case "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5":
		if dir == "." || dir == ".github" || dir == ".gitlab" {
			return "renovate" // where Renovate looks for its configuration
		}
		return ""
	case "dependabot.yml", "dependabot.yaml":
		if dir == ".github" {
			return "dependabot"
		}
		return ""
	}
	if tool, ok := securityConfigNames[base]; ok {
		return tool
	}
	for _, pf := range securityConfigPrefixes {
		if strings.HasPrefix(base, pf.prefix) {
			return pf.tool
		}
	}
	if dir == ".github/codeql" || strings.HasPrefix(dir, ".github/codeql/") {
		return "codeql"
	}
	if dir == ".semgrep" || strings.HasPrefix(dir, ".semgrep/") {
		return "semgrep"
	}
	if strings.HasSuffix(base, ".xml") {
		// Checkstyle, SpotBugs and PMD rule sets have no fixed name:
		// checkstyle.xml, config/checkstyle/google_checks.xml,
		// spotbugs-exclude.xml, pmd-ruleset.xml, config/pmd/rules.xml.
		hay := strings.ToLower(dir) + "/" + base
		for _, tool := range []string{"checkstyle", "spotbugs", "findbugs", "pmd"} {
			if strings.Contains(hay, tool) {
				if tool == "findbugs" {
					return "spotbugs"
				}
				return tool
			}
		}
	}
	return ""
}

// pythonLintSections maps a section of pyproject.toml, setup.cfg or tox.ini
// to the linter it configures.
var pythonLintSections = []struct{ section, tool string }{
	{"tool.ruff", "ruff"}, {"tool.pylint", "pylint"}, {"tool.mypy", "mypy"}, {"tool.bandit", "bandit"},
	{"tool.pyright", "pyright"}, {"tool.flake8", "flake8"}, {"tool.black", "black"}, {"tool.isort", "isort"},
	{"flake8", "flake8"}, {"mypy", "mypy"}, {"pylint", "pylint"}, {"pycodestyle", "pycodestyle"}, {"isort", "isort"},
}

func pythonLintConfigs(p, base string, data []byte) []facts.ToolConfig {
	var out []facts.ToolConfig
	sections := textutil.TxtIniSections(data)
	for _, s := range pythonLintSections {
		if strings.HasPrefix(s.section, "tool.") != (base == "pyproject.toml") {
			continue
		}
		line := textutil.TxtSectionLine(sections, s.section)
		if line == 0 && base != "pyproject.toml" {
			for name, l := range sections { // per-module sections: [mypy-some.module]
				if strings.HasPrefix(name, s.section+"-") && (line == 0 || l < line) {
					line = l
				}
			}
		}
		if line > 0 {
			out = append(out, facts.ToolConfig{Tool: s.tool, Path: p, Line: line})
		}
	}
	return out
}

// packageJSONSecurity reads the tool configuration keys of package.json and
// husky v4 hooks ("husky": {"hooks": {...}}).
func packageJSONSecurity(p string, data []byte) ([]facts.ToolConfig, []facts.PreCommitHook) {
	var cfgs []facts.ToolConfig
	var hooks []facts.PreCommitHook
	for _, k := range textutil.JsonTopKeys(data) {
		switch k.Name {
		case "renovate":
			if p == "package.json" {
				cfgs = append(cfgs, facts.ToolConfig{Tool: "renovate", Path: p, Line: k.Line})
			}
		case "eslintConfig":
			cfgs = append(cfgs, facts.ToolConfig{Tool: "eslint", Path: p, Line: k.Line})
		case "prettier":
			cfgs = append(cfgs, facts.ToolConfig{Tool: "prettier", Path: p, Line: k.Line})
		case "stylelint":
			cfgs = append(cfgs, facts.ToolConfig{Tool: "stylelint", Path: p, Line: k.Line})
		case "husky":
			hooks = append(hooks, huskyV4Hooks(p, data, k)...)
		}
	}
	return cfgs, hooks
}

// huskyV4Hooks reads "husky": {"hooks": {"pre-commit": "cmd"}}. Lines are
// found by the command's first appearance after the husky key.
func huskyV4Hooks(p string, data []byte, k textutil.JsonKey) []facts.PreCommitHook {
	var v struct {
		Hooks map[string]string `json:"hooks"`
	}
	if err := json.Unmarshal(k.Raw, &v); err != nil {
		return nil
	}
	names := make([]string, 0, len(v.Hooks))
	for name := range v.Hooks {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []facts.PreCommitHook
	for _, name := range names {
		out = append(out, facts.PreCommitHook{Repo: "husky", ID: v.Hooks[name], Path: p, Line: findLineFrom(data, k.Line, name)})
	}
	return out
}

// findLineFrom returns the first line at or after from that contains s,
// or from.
func findLineFrom(data []byte, from int, s string) int {
	found := from
	textutil.TxtLines(data, func(n int, line []byte) bool {
		if n >= from && strings.Contains(string(line), s) {
			found = n
			return false
		}
		return true
	})
	return found
}

// parsePreCommit reads the hooks of a .pre-commit-config.yaml.
func parsePreCommit(t *snapshot.Tree, p string, data []byte) []facts.PreCommitHook {
	var out []facts.PreCommitHook
	for _, doc := range yamlnode.ReadYAMLDocs(t, p, data) {
		for _, repo := range yamlnode.YamlItems(yamlnode.YamlGet(doc.Root, "repos")) {
			url := yamlnode.YamlStr(yamlnode.YamlGet(repo, "repo"))
			for _, h := range yamlnode.YamlItems(yamlnode.YamlGet(repo, "hooks")) {
				id := yamlnode.YamlGet(h, "id")
				if yamlnode.YamlStr(id) == "" {
					continue
				}
				out = append(out, facts.PreCommitHook{Repo: url, ID: id.Value, Path: p, Line: id.Line})
			}
		}
	}
	return out
}

func isLefthookConfig(p string) bool {
	dir, base := path.Split(p)
	if dir != "" && dir != ".config/" {
		return false
	}
	base = strings.TrimPrefix(strings.ToLower(base), ".")
	for _, stem := range []string{"lefthook", "lefthook-local"} {
		for _, ext := range []string{".yml", ".yaml", ".json", ".toml"} {
			if base == stem+ext {
				return true
			}
		}
	}
	return false
}

// parseLefthook reads the commands of a lefthook configuration: every
// hook's commands (run), scripts (by file name) and jobs (run or script),
// with the line of each.
func parseLefthook(t *snapshot.Tree, p string, data []byte) []facts.PreCommitHook {
	if strings.HasSuffix(p, ".toml") {
		return parseLefthookTOML(t, p, data)
	}
	var out []facts.PreCommitHook
	add := func(n *yaml.Node) {
		if s := strings.TrimSpace(yamlnode.YamlStr(n)); s != "" {
			out = append(out, facts.PreCommitHook{Repo: "lefthook", ID: s, Path: p, Line: n.Line})
		}
	}
	// Groups nest jobs; an alias can make a group contain itself, so each
	// list is read once.
	seen := map[*yaml.Node]bool{}
	var jobs func(list *yaml.Node)
	jobs = func(list *yaml.Node) {
		if list == nil || seen[list] {
			return
		}
		seen[list] = true
		for _, j := range yamlnode.YamlItems(list) {
			add(yamlnode.YamlGet(j, "run"))
			add(yamlnode.YamlGet(j, "script"))
			jobs(yamlnode.YamlPath(j, "group", "jobs"))
		}
	}
	for _, doc := range yamlnode.ReadYAMLDocs(t, p, data) {
		for _, hook := range yamlnode.YamlPairs(doc.Root) {
			for _, cmd := range yamlnode.YamlPairs(yamlnode.YamlGet(hook.Value, "commands")) {
				add(yamlnode.YamlGet(cmd.Value, "run"))
			}
			for _, script := range yamlnode.YamlPairs(yamlnode.YamlGet(hook.Value, "scripts")) {
				add(script.KeyNode)
			}
			jobs(yamlnode.YamlGet(hook.Value, "jobs"))
		}
	}
	return out
}

func parseLefthookTOML(t *snapshot.Tree, p string, data []byte) []facts.PreCommitHook {
	var cfg map[string]any
	if err := toml.Unmarshal(data, &cfg); err != nil {
		line := 0
		if de, ok := err.(*toml.DecodeError); ok {
			line, _ = de.Position()
		}
		t.Warn(p, line, fmt.Sprintf("malformed TOML: %v", err))
		return nil
	}
	var cmds []string
	hooks := make([]string, 0, len(cfg))
	for name := range cfg {
		hooks = append(hooks, name)
	}
	sort.Strings(hooks)
	for _, name := range hooks {
		hook, _ := cfg[name].(map[string]any)
		commands, _ := hook["commands"].(map[string]any)
		keys := make([]string, 0, len(commands))
		for k := range commands {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if c, ok := commands[k].(map[string]any); ok {
				if run, ok := c["run"].(string); ok && strings.TrimSpace(run) != "" {
					cmds = append(cmds, strings.TrimSpace(run))
				}
			}
		}
	}
	var out []facts.PreCommitHook
	for _, c := range cmds {
		out = append(out, facts.PreCommitHook{Repo: "lefthook", ID: c, Path: p, Line: findLineFrom(data, 1, c)})
	}
	return out
}

// huskyHooks reads a .husky/<hook> script: each command line is a hook.
// Husky's own boilerplate (shebang, sourcing husky.sh) is dropped.
func huskyHooks(p string, data []byte) []facts.PreCommitHook {
	var out []facts.PreCommitHook
	textutil.TxtLines(data, func(n int, raw []byte) bool {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "husky.sh") {
			return true
		}
		out = append(out, facts.PreCommitHook{Repo: "husky", ID: line, Path: p, Line: n})
		return true
	})
	return out
}

// securityPolicyDirs are where GitHub and GitLab look for SECURITY.md.
var securityPolicyDirs = map[string]bool{".": true, ".github": true, ".gitlab": true, "docs": true}

func isSecurityPolicy(p string) bool {
	if !securityPolicyDirs[path.Dir(p)] {
		return false
	}
	switch strings.ToLower(path.Base(p)) {
	case "security.md", "security.markdown", "security.txt", "security.rst", "security.adoc", "security":
		return true
	}
	return false
}
