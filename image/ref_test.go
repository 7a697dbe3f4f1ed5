package image

import "testing"

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

func TestLoopbackIsPlainHTTP(t *testing.T) {
	tests := []struct {
		ref    string
		scheme string
	}{
		{"127.0.0.1:5000/a", "http"},
		{"127.1.2.3:5000/a", "http"},
		{"localhost:5000/a", "http"},
		{"ghcr.io/a", "https"},
		{"alpine", "https"},
	}
	for _, tt := range tests {
		r, err := ParseReference(tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Context().Scheme(); got != tt.scheme {
			t.Errorf("%s: scheme %s, want %s", tt.ref, got, tt.scheme)
		}
	}
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
