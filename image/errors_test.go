package image

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPullErrors: each registry failure is one clear error a caller can test.
func TestPullErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{"unauthorized", http.StatusUnauthorized, ErrUnauthorized},
		{"forbidden", http.StatusForbidden, ErrUnauthorized},
		{"not found", http.StatusNotFound, ErrNoSuchTag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v2/" {
					return // ping: no auth needed
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			s := openStore(t)
			_, err := s.Pull(t.Context(), strings.TrimPrefix(srv.URL, "http://")+"/x:1")
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	s := openStore(t)
	if _, err := s.Pull(t.Context(), "127.0.0.1:1/x:1"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("closed port: %v, want %v", err, ErrUnreachable)
	}
	if _, err := s.Pull(t.Context(), "Not/A/Ref!"); err == nil || !strings.Contains(err.Error(), "invalid reference") {
		t.Errorf("bad reference: %v", err)
	}
}
