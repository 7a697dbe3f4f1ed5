package image

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Docker Hub's registry as go-containerregistry and the registry API name
// it, and as Docker shows it in full names.
const (
	hubRegistry = "index.docker.io"
	hubName     = "docker.io"
)

// reference is an image name in parts, read as Docker reads it.
type reference struct {
	registry string // index.docker.io for Docker Hub
	repo     string // library/alpine
	tag      string // latest when none is given; "" with a digest
	digest   string // sha256:<hex>, or ""
}

// parseReference reads s as go-containerregistry's name.ParseReference
// does without options (the rules the registry client, cmd/tent-image,
// pulls and pushes by): a tag reference, else a digest one. It is ours so
// that the store, which every tent command opens, links neither that
// package nor go-digest, whose regexps are compiled when a process starts.
func parseReference(s string) (reference, error) {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return reference{}, fmt.Errorf("invalid reference %q: must not contain a URL scheme (http:// or https://)", s)
	}
	r, err := parseTagged(s)
	if err == nil {
		return r, nil
	}
	if strings.Contains(s, "@") {
		r, err = parseDigested(s)
		if err == nil {
			return r, nil
		}
	}
	return reference{}, fmt.Errorf("invalid reference %q: %w", s, err)
}

// parseTagged reads REPOSITORY[:TAG]; a last colon followed by a slash is
// a registry's port, not a tag.
func parseTagged(s string) (reference, error) {
	base, tag := s, ""
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[i+1:], "/") {
		base, tag = s[:i], s[i+1:]
		if tag == "" {
			return reference{}, errors.New("a tag name must follow the colon")
		}
		if err := checkElement("tag", tag, tagChars, 128); err != nil {
			return reference{}, err
		}
	}
	if tag == "" {
		tag = "latest"
	}
	r, err := parseRepository(base)
	r.tag = tag
	return r, err
}

// parseDigested reads REPOSITORY[:TAG]@ALGORITHM:HEX; the tag is dropped.
func parseDigested(s string) (reference, error) {
	base, dig, _ := strings.Cut(s, "@")
	if strings.Contains(dig, "@") {
		return reference{}, errors.New("a digest reference has exactly one '@'")
	}
	if err := checkDigest(dig); err != nil {
		return reference{}, err
	}
	r, err := parseTagged(base)
	if err != nil {
		r, err = parseRepository(base)
	}
	r.tag, r.digest = "", dig
	return r, err
}

// parseRepository splits [REGISTRY/]PATH: the first component is a
// registry when it is localhost or holds a dot or a colon.
func parseRepository(s string) (reference, error) {
	if s == "" {
		return reference{}, errors.New("a repository name must be given")
	}
	var r reference
	r.repo = s
	if first, rest, ok := strings.Cut(s, "/"); ok && (first == "localhost" || strings.ContainsAny(first, ".:")) {
		r.registry, r.repo = first, rest
	}
	if err := checkElement("repository", r.repo, repoChars, 255); err != nil {
		return reference{}, err
	}
	if u, err := url.Parse("//" + r.registry); err != nil || u.Host != r.registry {
		return reference{}, fmt.Errorf("registry %q is not a valid host[:port]", r.registry)
	}
	if r.registry == "" || r.registry == hubName {
		r.registry = hubRegistry
	}
	if r.registry == hubRegistry && !strings.Contains(r.repo, "/") {
		r.repo = "library/" + r.repo
	}
	return r, nil
}

const (
	tagChars  = "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	repoChars = "abcdefghijklmnopqrstuvwxyz0123456789_-./"
)

// checkElement: 1 to max characters, each one of allowed.
func checkElement(what, s, allowed string, max int) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return fmt.Errorf("%s must be 1 to %d characters long: %q", what, max, s)
	}
	for _, c := range s {
		if !strings.ContainsRune(allowed, c) {
			return fmt.Errorf("%s can only contain the characters %q: %q", what, allowed, s)
		}
	}
	return nil
}

// checkDigest accepts the digests go-digest validates (with the hashes
// linked): sha256, sha384 or sha512 and their lowercase hex encoding.
func checkDigest(d string) error {
	alg, enc, _ := strings.Cut(d, ":")
	n := map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}[alg]
	if n == 0 || len(enc) != n || strings.Trim(enc, "0123456789abcdef") != "" {
		return fmt.Errorf("invalid digest %q: want sha256:<64 lowercase hex digits>", d)
	}
	return nil
}

// repository is the registry and path as go-containerregistry names a
// repository (index.docker.io/library/alpine): what a push compares.
func (r reference) repository() string { return r.registry + "/" + r.repo }

// String is the full name the store keeps: docker.io/library/alpine:latest,
// host:5000/repo@sha256:….
func (r reference) String() string {
	reg := r.registry
	if reg == hubRegistry {
		reg = hubName
	}
	if r.digest != "" {
		return reg + "/" + r.repo + "@" + r.digest
	}
	return reg + "/" + r.repo + ":" + r.tag
}

// Normalize returns the full name of a reference as the store keeps it:
// docker.io/library/alpine:latest, host:5000/repo@sha256:….
func Normalize(ref string) (string, error) {
	r, err := parseReference(ref)
	if err != nil {
		return "", err
	}
	return r.String(), nil
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
