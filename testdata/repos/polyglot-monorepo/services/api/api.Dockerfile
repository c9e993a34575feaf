FROM golang:1.22.5-alpine3.20 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY *.go ./
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .

FROM alpine:3.20.1
RUN apk add --no-cache ca-certificates tzdata \
 && adduser -D -u 10001 fleet
COPY --from=build /out/api /usr/local/bin/api
USER 10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/api"]
