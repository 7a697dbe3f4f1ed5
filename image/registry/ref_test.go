package registry

import "testing"

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
