package registry

import (
	"fmt"
	"net"

	"github.com/google/go-containerregistry/pkg/name"
)

// ParseReference parses ref as Docker does (alpine → docker.io/library/alpine:latest)
// into go-containerregistry's reference, which the client speaks to.
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
