package registry

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"

	"github.com/tent-dev/tent/image"
)

// basicRegistry answers GET /v2/ with 200 only for user:pass (basic auth),
// as docker-registry with htpasswd does.
func basicRegistry(t *testing.T, user, pass string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// configJSON reads the auths of dir/config.json and checks its mode.
func configJSON(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	path := filepath.Join(dir, "config.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want 0600", path, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	var cf struct {
		Auths map[string]map[string]string `json:"auths"`
	}
	if err := json.Unmarshal(b, &cf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cf.Auths
}

// TestLoginFile: a wrong password stores nothing; a right one is stored as
// docker stores it, 0600; logout removes it.
func TestLoginFile(t *testing.T) {
	host := basicRegistry(t, "ann", "s3cret")
	dir := t.TempDir()
	c, err := LoadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Login(context.Background(), c, host, "ann", "wrong")
	if !errors.Is(err, image.ErrUnauthorized) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("config.json after a refused login: %v", err)
	}
	key, err := Login(context.Background(), c, "http://"+host+"/v2/", "ann", "s3cret")
	if err != nil || key != host {
		t.Fatalf("login: %q %v", key, err)
	}
	auths := configJSON(t, dir)
	if got := auths[host]["auth"]; got != base64.StdEncoding.EncodeToString([]byte("ann:s3cret")) {
		t.Errorf("auths[%s] = %v", host, auths[host])
	}
	c, _ = LoadCredentials(dir)
	if err := c.Erase(key); err != nil {
		t.Fatal(err)
	}
	if auths := configJSON(t, dir); len(auths) != 0 {
		t.Errorf("auths after logout: %v", auths)
	}
	if err := c.Erase(key); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("second logout: %v", err)
	}
}

// helperScript is a docker-credential-NAME keeping one credential in a file.
const helperScript = `#!/bin/sh
f="$(dirname "$0")/creds.json"
case "$1" in
store) cat > "$f" ;;
get) if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
erase) rm -f "$f" ;;
*) exit 1 ;;
esac
`

// TestLoginCredHelper: with credHelpers naming a helper for the registry,
// login stores the password through it (not in config.json), and the
// keychain pulls and pushes use reads it back from the same config dir.
func TestLoginCredHelper(t *testing.T) {
	host := basicRegistry(t, "bob", "pw")
	bin, dir, home := t.TempDir(), t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-tenttest"), []byte(helperScript), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	t.Setenv("HOME", home)
	t.Setenv("DOCKER_CONFIG", dir)
	cfg := `{"credHelpers": {"` + host + `": "tenttest"}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := LoadCredentials(dir)
	if _, err := Login(context.Background(), c, host, "bob", "pw"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "config.json")); strings.Contains(string(b), base64.StdEncoding.EncodeToString([]byte("bob:pw"))) {
		t.Errorf("password in config.json with a helper:\n%s", b)
	}
	repo, _ := name.NewRepository(host+"/app", name.Insecure)
	a, err := authn.DefaultKeychain.Resolve(repo)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Authorization()
	if err != nil || got.Username != "bob" || got.Password != "pw" {
		t.Errorf("keychain gave %+v, %v; want the helper's bob", got, err)
	}
	c, _ = LoadCredentials(dir)
	if err := c.Erase(host); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bin, "creds.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("helper still holds the credentials after logout: %v", err)
	}
}

func TestServerKey(t *testing.T) {
	tests := []struct{ in, key, scheme string }{
		{"", authn.DefaultAuthKey, "https"},
		{"docker.io", authn.DefaultAuthKey, "https"},
		{"https://index.docker.io/v1/", authn.DefaultAuthKey, "https"},
		{"127.0.0.1:5000", "127.0.0.1:5000", "http"},
		{"http://localhost:5000/v2/", "localhost:5000", "http"},
		{"registry.example.com", "registry.example.com", "https"},
	}
	for _, tt := range tests {
		key, reg, err := ServerKey(tt.in)
		if err != nil || key != tt.key || reg.Scheme() != tt.scheme {
			t.Errorf("ServerKey(%q) = %q %s %v, want %q %s", tt.in, key, reg.Scheme(), err, tt.key, tt.scheme)
		}
	}
}

// tokenRegistry wants a bearer token from its token endpoint, which hands
// one out for user:pass (basic auth), as Docker Hub and Harbor do.
func tokenRegistry(t *testing.T, user, pass string) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token":
			if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Write([]byte(`{"token":"t0k3n"}`))
		case r.Header.Get("Authorization") != "Bearer t0k3n":
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+srv.URL+`/token",service="test"`)
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// TestLoginToken: token auth, as real registries do it.
func TestLoginToken(t *testing.T) {
	host := tokenRegistry(t, "ann", "s3cret")
	c, _ := LoadCredentials(t.TempDir())
	if _, err := Login(context.Background(), c, host, "ann", "bad"); !errors.Is(err, image.ErrUnauthorized) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := Login(context.Background(), c, host, "ann", "s3cret"); err != nil {
		t.Errorf("login: %v", err)
	}
}
