# The score CLI as an image, for CI jobs (see examples/gitlab-ci). It is a
# static Go binary on a distroless base that runs as a non-root user.
# Build: docker build --build-arg VERSION=$(git describe --tags) -t score .
ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/score ./cmd/score

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/score /usr/local/bin/score
ENTRYPOINT ["/usr/local/bin/score"]
