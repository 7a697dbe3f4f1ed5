package image

import (
	"fmt"
	"net"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// ParseReference parses ref as Docker does (alpine → docker.io/library/alpine:latest).
// Registries on localhost and 127.0.0.0/8 are spoken to over plain HTTP, like
// Docker's insecure-registry default.
func ParseReference(ref string) (name.Reference, error) {
	r, err := name.ParseReference(ref)
	if err != nil {
		return nil, fmt.Errorf("invalid reference %q: %w", ref, err)
	}
	if isLoopback(r.Context().RegistryStr()) {
		r, err = name.ParseReference(ref, name.Insecure)
		if err != nil {
			return nil, fmt.Errorf("invalid reference %q: %w", ref, err)
		}
	}
	return r, nil
}

// Normalize returns the full name of a reference as the store keeps it:
// docker.io/library/alpine:latest, host:5000/repo@sha256:….
func Normalize(ref string) (string, error) {
	r, err := ParseReference(ref)
	if err != nil {
		return "", err
	}
	return fullName(r), nil
}

func fullName(r name.Reference) string {
	return repoName(r.Context()) + sep(r) + r.Identifier()
}

func sep(r name.Reference) string {
	if _, ok := r.(name.Digest); ok {
		return "@"
	}
	return ":"
}

// repoName is the repository with docker.io instead of ggcr's index.docker.io.
func repoName(repo name.Repository) string {
	reg := repo.RegistryStr()
	if reg == name.DefaultRegistry {
		reg = "docker.io"
	}
	return reg + "/" + repo.RepositoryStr()
}

// Familiar shortens a full name as Docker shows it: docker.io/library/alpine → alpine.
func Familiar(full string) string {
	s := strings.TrimPrefix(full, "docker.io/")
	if rest, ok := strings.CutPrefix(s, "library/"); ok && !strings.Contains(rest, "/") {
		return rest
	}
	return s
}

// SplitName splits a full name into repository and tag ("<none>" for a digest name).
func SplitName(full string) (repo, tag string) {
	if i := strings.Index(full, "@"); i >= 0 {
		return full[:i], "<none>"
	}
	if i := strings.LastIndex(full, ":"); i > strings.LastIndex(full, "/") {
		return full[:i], full[i+1:]
	}
	return full, "latest"
}

func isLoopback(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
