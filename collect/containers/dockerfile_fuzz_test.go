package containers

import (
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
)

func FuzzDockerfile(f *testing.F) {
	for _, seed := range []string{
		"FROM golang:1.22\n",
		"ARG BASE=golang:1.22\nFROM ${BASE} AS build\nUSER 10001\nFROM build\nHEALTHCHECK NONE\nEXPOSE 80/tcp 8000-8010\n",
		"ARG BASE\nFROM ${BASE:-alpine:3.20}\nFROM $BASE\nFROM localhost:5000/app:1.2@sha256:00\n",
		"# syntax=docker/dockerfile:1\n# escape=`\nFROM --platform=$BUILDPLATFORM scratch\nENV A=1 B=\"2\"\nUSER ${A}\n",
		"FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\nONBUILD USER root\n",
		"FROM a\nRUN <<EOF\nunterminated\n",
		"FROM a\nENV X\n",
		"FROM ${A:?missing}\nFROM ${\nFROM $\nFROM\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string]string{"Dockerfile": string(data)}
		fc := collecttest.ScanWith(t, files, DockerfileCollector{})
		collecttest.CheckLines(t, files, fc)
		for _, df := range fc.Containers.Dockerfiles {
			if len(df.Stages) > 0 && (df.FinalStage == nil || df.FinalStage.Index != len(df.Stages)-1) {
				t.Errorf("final stage %+v does not match %d stages", df.FinalStage, len(df.Stages))
			}
		}
	})
}
