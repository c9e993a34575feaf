package engine

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
)

// benchChecks generates n small checks in the style of the default golden
// path: scans over CI commands, dependencies, Dockerfile stages, workloads
// and the file list.
func benchChecks(n int) fstest.MapFS {
	bodies := []string{
		// a CI job runs some tool
		`violation contains {"msg": "no job runs %[2]s"} if {
	not runs
}

runs if {
	some job in input.ci.jobs
	some cmd in array.concat(job.commands, job.reached)
	contains(cmd.run, %[2]q)
}`,
		// a direct dependency from a list
		`applicable if count(input.dependencies.manifests) > 0

libs := {"github.com/prometheus/client_golang", "io.micrometer:micrometer-registry-prometheus", "prom-client", "%[2]s"}

violation contains {"msg": "no metrics library"} if {
	not any_lib
}

any_lib if {
	some m in input.dependencies.manifests
	some d in m.dependencies
	d.direct
	d.name in libs
}`,
		// every Dockerfile stage pinned
		`applicable if count(input.containers.dockerfiles) > 0

violation contains {"msg": sprintf("%%s is not pinned (%[2]s)", [s.from.raw]), "path": df.path, "line": s.from.line} if {
	some df in input.containers.dockerfiles
	some s in df.stages
	not s.from.stage_ref
	not s.from.scratch
	s.from.digest == ""
	not regex.match("[0-9]", s.from.tag)
}`,
		// workloads have probes
		`applicable if count(input.kubernetes.workloads) > 0

violation contains {"msg": sprintf("container %%s of %%s has no %[2]s probe", [c.name, w.name]), "path": w.path, "line": c.line} if {
	some w in input.kubernetes.workloads
	some c in w.containers
	not c.readiness_probe
}`,
		// a file exists somewhere
		`violation contains {"msg": "no %[2]s file"} if {
	not any_file
}

any_file if {
	some p in input.files.paths
	endswith(lower(p), %[2]q)
}`,
		// config files of a tool
		`violation contains {"msg": "%[2]s is not configured"} if {
	not configured
}

configured if {
	some c in input.security.configs
	c.tool == %[2]q
}`,
	}
	tools := []string{"golangci-lint", "prom-client", "ci", "readiness", "codeowners", "renovate", "gitleaks", "semgrep", "trivy", "go test"}
	fsys := fstest.MapFS{}
	for i := range n {
		name := fmt.Sprintf("check_%02d", i)
		src := fmt.Sprintf(`# METADATA
# title: Bench check %[1]d
# custom:
#   id: bench.check-%02[1]d
#   category: bench
#   level: silver
#   weight: 1
#   remediation: Fix it.
package score.checks.bench.%[2]s

`, i, name) + fmt.Sprintf(bodies[i%len(bodies)], i, tools[i%len(tools)]) + "\n"
		fsys["bench/"+name+".rego"] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// benchFacts is a mid-sized service: 400 files, 12 CI jobs, 4 manifests of
// 40 dependencies, 3 Dockerfiles and 4 workloads.
func benchFacts(b *testing.B) obj {
	f := facts(b, func(f obj) {
		var paths []any
		for i := range 400 {
			paths = append(paths, fmt.Sprintf("pkg/mod%d/file%d.go", i/20, i))
		}
		at(f, "files")["paths"] = paths
		var jobs []any
		for i := range 12 {
			var cmds []any
			for j := range 6 {
				cmds = append(cmds, obj{"run": fmt.Sprintf("make step-%d-%d --verbose", i, j), "path": ".gitlab-ci.yml", "line": 10*i + j})
			}
			jobs = append(jobs, obj{"provider": "gitlab", "path": ".gitlab-ci.yml", "name": fmt.Sprintf("job%d", i), "line": 10 * i,
				"commands": cmds, "reached": []any{}, "uses": []any{}, "reports": []any{}, "template": false, "extends": []any{}})
		}
		at(f, "ci")["jobs"] = jobs
		var manifests []any
		for i := range 4 {
			var deps []any
			for j := range 40 {
				deps = append(deps, obj{"name": fmt.Sprintf("example.com/lib%d/dep%d", i, j), "version": "v1.2.3", "scope": "runtime", "direct": j%3 != 0, "line": j + 3})
			}
			manifests = append(manifests, obj{"path": fmt.Sprintf("svc%d/go.mod", i), "ecosystem": "go", "kind": "go.mod", "lockfiles": []any{"go.sum"},
				"pinned": false, "dependencies": deps, "plugins": []any{}, "workspaces": []any{}})
		}
		at(f, "dependencies")["manifests"] = manifests
		var dfs []any
		for i := range 3 {
			dfs = append(dfs, obj{"path": fmt.Sprintf("svc%d/Dockerfile", i), "stages": []any{stage("golang:1.23", 1), stage("alpine", 8)}})
		}
		at(f, "containers")["dockerfiles"] = dfs
		var workloads []any
		for i := range 4 {
			workloads = append(workloads, obj{"path": fmt.Sprintf("deploy/w%d.yaml", i), "line": 1, "kind": "Deployment", "name": fmt.Sprintf("w%d", i), "source": "manifest",
				"containers": []any{obj{"name": "app", "image": "registry/app:1.0", "line": 20, "readiness_probe": i%2 == 0, "liveness_probe": true, "startup_probe": false}}})
		}
		at(f, "kubernetes")["workloads"] = workloads
	})
	return f
}

func benchEngine(b *testing.B) (*Engine, ast.Value) {
	b.Helper()
	e := load(b, Options{DefaultFS: benchChecks(30), InputSchema: factsSchema(b)})
	if n := len(e.Checks()); n != 30 {
		b.Fatalf("%d checks", n)
	}
	v, err := ast.InterfaceToValue(benchFacts(b))
	if err != nil {
		b.Fatal(err)
	}
	all, err := e.EvaluateValue(context.Background(), v)
	if err != nil {
		b.Fatal(err)
	}
	each, err := e.evaluateEach(context.Background(), v)
	if err != nil {
		b.Fatal(err)
	}
	for i := range all {
		if all[i].Outcome == Error || fmt.Sprint(all[i]) != fmt.Sprint(each[i]) {
			b.Fatalf("single query %+v, per check %+v", all[i], each[i])
		}
	}
	return e, v
}

// BenchmarkEvaluate is one repository against 30 checks in one query.
func BenchmarkEvaluate(b *testing.B) {
	e, v := benchEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.EvaluateValue(ctx, v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluatePerCheck is the same work with one query per check (the
// fallback path, and the design the single query replaces).
func BenchmarkEvaluatePerCheck(b *testing.B) {
	e, v := benchEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.evaluateEach(ctx, v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateWithConversion includes converting the Go input.
func BenchmarkEvaluateWithConversion(b *testing.B) {
	e, _ := benchEngine(b)
	in := benchFacts(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Evaluate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is reading, checking and compiling 30 checks with the schema.
func BenchmarkLoad(b *testing.B) {
	fsys := benchChecks(30)
	schema := factsSchema(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(context.Background(), Options{DefaultFS: fsys, InputSchema: schema}); err != nil {
			b.Fatal(err)
		}
	}
}
