package dockeredit

import (
	"strings"
	"testing"
)

func TestFinalUser(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{
			name: "multi-stage: only the final stage",
			in: `# syntax=docker/dockerfile:1
FROM golang:1.26 AS build
WORKDIR /src
RUN go build -o /app ./cmd/api

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENTRYPOINT ["/app"]

# keep this comment
`,
			want: `# syntax=docker/dockerfile:1
FROM golang:1.26 AS build
WORKDIR /src
RUN go build -o /app ./cmd/api

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENTRYPOINT ["/app"]
USER 10001

# keep this comment
`,
		},
		{
			name: "continuation lines and CRLF",
			in:   "FROM alpine:3.20\r\nRUN apk add --no-cache \\\r\n    curl \\\r\n    git\r\n",
			want: "FROM alpine:3.20\r\nRUN apk add --no-cache \\\r\n    curl \\\r\n    git\r\nUSER 10001\r\n",
		},
		{
			name: "no final newline, USER root before",
			in:   "FROM node:22\nUSER root\nCMD [\"node\", \"server.js\"]",
			want: "FROM node:22\nUSER root\nCMD [\"node\", \"server.js\"]\nUSER 10001\n",
		},
		{
			name: "heredoc",
			in:   "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\napt-get update\nEOF\n",
			want: "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\napt-get update\nEOF\nUSER 10001\n",
		},
		{
			name: "already done",
			in:   "FROM alpine\nUSER 10001\n",
			want: "FROM alpine\nUSER 10001\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FinalUser("Dockerfile", []byte(tt.in), "10001")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestFinalUserRefuses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, user, want string }{
		{"root uid", "FROM alpine\n", "0", "not a non-root numeric uid"},
		{"name", "FROM alpine\n", "app", "not a non-root numeric uid"},
		{"no FROM", "RUN true\n", "10001", "Dockerfile: no FROM"},
		{"empty", "", "10001", "Dockerfile: not a valid Dockerfile"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FinalUser("Dockerfile", []byte(tt.in), tt.user)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzFinalUser(f *testing.F) {
	f.Add([]byte("FROM a AS b\nRUN x\nFROM c\nCMD y\n"))
	f.Add([]byte("FROM a\r\nRUN <<EOF\nx\nEOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := FinalUser("Dockerfile", data, "10001")
		if err != nil {
			return
		}
		if _, err := parse(out); err != nil {
			t.Fatalf("edited Dockerfile does not parse: %v", err)
		}
	})
}
