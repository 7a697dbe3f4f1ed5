package registry

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tent-dev/tent/image"
)

// TestPullErrors: each registry failure is one clear error a caller can test.
func TestPullErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{"unauthorized", http.StatusUnauthorized, image.ErrUnauthorized},
		{"forbidden", http.StatusForbidden, image.ErrUnauthorized},
		{"not found", http.StatusNotFound, image.ErrNoSuchTag},
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
			_, err := Pull(t.Context(), s, strings.TrimPrefix(srv.URL, "http://")+"/x:1")
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	s := openStore(t)
	if _, err := Pull(t.Context(), s, "127.0.0.1:1/x:1"); !errors.Is(err, image.ErrUnreachable) {
		t.Errorf("closed port: %v, want %v", err, image.ErrUnreachable)
	}
	if _, err := Pull(t.Context(), s, "Not/A/Ref!"); err == nil || !strings.Contains(err.Error(), "invalid reference") {
		t.Errorf("bad reference: %v", err)
	}
}
