package image

import (
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, full, familiar, repo, tag string }{
		{"alpine", "docker.io/library/alpine:latest", "alpine:latest", "alpine", "latest"},
		{"user/app:v1", "docker.io/user/app:v1", "user/app:v1", "user/app", "v1"},
		{"ghcr.io/org/app:v1", "ghcr.io/org/app:v1", "ghcr.io/org/app:v1", "ghcr.io/org/app", "v1"},
		{"127.0.0.1:5000/demo:2", "127.0.0.1:5000/demo:2", "127.0.0.1:5000/demo:2", "127.0.0.1:5000/demo", "2"},
		{"localhost:5000/x@sha256:" + sixtyFour, "localhost:5000/x@sha256:" + sixtyFour,
			"localhost:5000/x@sha256:" + sixtyFour, "localhost:5000/x", "<none>"},
	}
	for _, tt := range tests {
		full, err := Normalize(tt.in)
		if err != nil || full != tt.full {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, full, err, tt.full)
		}
		if f := Familiar(full); f != tt.familiar {
			t.Errorf("Familiar(%q) = %q, want %q", full, f, tt.familiar)
		}
		if r, tag := SplitName(Familiar(full)); r != tt.repo || tag != tt.tag {
			t.Errorf("SplitName(%q) = %q %q", Familiar(full), r, tag)
		}
	}
}

const sixtyFour = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// TestParseReferenceAsGGCR: the store's own reference parser reads every
// name as go-containerregistry's name package (the registry client's) does:
// the same full name and repository, or an error for both.
func TestParseReferenceAsGGCR(t *testing.T) {
	refs := []string{
		"alpine", "alpine:3.20", "library/alpine", "docker.io/alpine", "docker.io/library/alpine:edge",
		"index.docker.io/alpine", "index.docker.io/user/app:v1", "user/app", "user/app/sub:1",
		"ghcr.io/org/app", "localhost/app", "localhost:5000/app:2", "127.0.0.1:5000/a/b:c",
		"[::1]:5000/app:1", "host.local/x@sha256:" + sixtyFour, "alpine:3@sha256:" + sixtyFour,
		"alpine@sha256:" + sixtyFour, "alpine@sha512:" + sixtyFour + sixtyFour,
		"alpine@sha384:" + sixtyFour + sixtyFour[:32], "a_b-c.d/e__f:T.a-g_1",
		"", ":", "alpine:", "Alpine", "UPPER/case", "Not/A/Ref!", "alpine@sha256:abc", "alpine@md5:" + sixtyFour[:32],
		"alpine@sha256:" + strings.ToUpper(sixtyFour), "a@b@sha256:" + sixtyFour, "http://ghcr.io/x", "https://x.io/y",
		"host:port:bad/x", "ghcr.io/", "/x", "x/", "a:" + strings.Repeat("t", 129), "a:" + strings.Repeat("t", 128),
		"localhost:5000", "exa mple.com/x", "x/y:tag/z", "ümlaut/x", "a..b", "sha256:" + sixtyFour,
	}
	for _, ref := range refs {
		r, err := parseReference(ref)
		g, gerr := name.ParseReference(ref)
		if (err != nil) != (gerr != nil) {
			t.Errorf("%q: error %v, go-containerregistry's %v", ref, err, gerr)
			continue
		}
		if err != nil {
			continue
		}
		want := ggcrFullName(g)
		if r.String() != want || r.repository() != g.Context().Name() {
			t.Errorf("%q: %q (repository %q), go-containerregistry %q (%q)", ref, r, r.repository(), want, g.Context().Name())
		}
	}
}

// ggcrFullName is the full name the store kept when it parsed with
// go-containerregistry: docker.io for its index.docker.io.
func ggcrFullName(r name.Reference) string {
	reg := r.Context().RegistryStr()
	if reg == name.DefaultRegistry {
		reg = "docker.io"
	}
	sep := ":"
	if _, ok := r.(name.Digest); ok {
		sep = "@"
	}
	return reg + "/" + r.Context().RepositoryStr() + sep + r.Identifier()
}

func TestLookupPrefix(t *testing.T) {
	ix := newIndex()
	ix.Images["sha256:abc1"+sixtyFour[4:]] = &record{}
	ix.Images["sha256:abc2"+sixtyFour[4:]] = &record{}
	ix.Names["docker.io/library/alpine:latest"] = "sha256:abc1" + sixtyFour[4:]
	tests := []struct {
		ref     string
		wantErr bool
	}{
		{"alpine", false}, {"abc1", false}, {"sha256:abc2", false}, {"abc", true}, {"ffff", true}, {"nope", true},
	}
	for _, tt := range tests {
		if _, err := ix.lookup(tt.ref); (err != nil) != tt.wantErr {
			t.Errorf("lookup(%q): %v", tt.ref, err)
		}
	}
}
