package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
)

// fates records each layer's last status as docker push prints it.
type fates struct {
	mu sync.Mutex
	m  map[string]string
}

func (f *fates) Start(string, int64) {}
func (f *fates) Add(string, int64)   {}
func (f *fates) Done(id, status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]string{}
	}
	f.m[id] = status
}

func (f *fates) count(status string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.m {
		if s == status {
			n++
		}
	}
	return n
}

// flaky is ggcr's registry failing the first finishing PUT of each blob
// upload with 503, as a registry behind a restarting proxy does.
func flaky(t *testing.T) (host string, failed *atomic.Int64) {
	t.Helper()
	failed = &atomic.Int64{}
	var seen sync.Map
	reg := registry.New(registry.Logger(quietLogger()))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := r.URL.Query().Get("digest"); r.Method == http.MethodPut && d != "" {
			if _, again := seen.LoadOrStore(d, true); !again {
				failed.Add(1)
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
		}
		reg.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), failed
}

// TestPushRoundTrip: a pulled image pushed elsewhere (through transient
// 503s) is valid, pulls back with the same id and manifest digest, and a
// second push uploads nothing.
func TestPushRoundTrip(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	src := testRegistry(t)
	img, err := testimage.Busybox()
	if err != nil {
		t.Fatal(err)
	}
	push(t, src+"/bb:1", img)
	s := openStore(t)
	pulled := mustPull(t, s, src+"/bb:1")
	dst, failed := flaky(t)
	ref := dst + "/app/bb:2"
	if err := s.Tag(src+"/bb:1", ref); err != nil {
		t.Fatal(err)
	}
	fast := WithBackoff(remote.Backoff{Duration: time.Millisecond, Factor: 1, Steps: 3})
	f := &fates{}
	got, err := Push(context.Background(), s, ref, WithProgress(f), fast)
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	if failed.Load() == 0 || f.count("Pushed") != 3 {
		t.Errorf("%d 503s, fates %v: want every layer pushed after a 503", failed.Load(), f.m)
	}
	if got.Digest != pulled.ManifestDigest || got.Tag != "2" || got.Repo != dst+"/app/bb" {
		t.Errorf("pushed %+v, stored manifest %s", got, pulled.ManifestDigest)
	}
	r, _ := name.ParseReference(ref, name.Insecure)
	remoteImg, err := remote.Image(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Image(remoteImg); err != nil {
		t.Errorf("validate pushed image: %v", err)
	}
	back := mustPull(t, openStore(t), ref)
	if back.ID != pulled.ID || back.ManifestDigest != pulled.ManifestDigest {
		t.Errorf("pulled back %s (manifest %s), pushed %s (%s)", back.ID, back.ManifestDigest, pulled.ID, pulled.ManifestDigest)
	}
	again := &fates{}
	if _, err := Push(context.Background(), s, dst+"/app/bb:2", WithProgress(again)); err != nil {
		t.Fatal(err)
	}
	if err := s.Tag(ref, dst+"/app/bb:3"); err != nil {
		t.Fatal(err)
	}
	if _, err := Push(context.Background(), s, dst+"/app/bb:3", WithProgress(again)); err != nil {
		t.Fatal(err)
	}
	if again.count("Layer already exists") != 3 {
		t.Errorf("re-push fates %v, want every layer existing", again.m)
	}
	if st, _ := s.Stored(ref); len(st.Meta.RepoDigests) != 2 {
		t.Errorf("repo digests %v: want the pull's and the push's", st.Meta.RepoDigests)
	}
}

// TestPushErrors: a refused push says how to log in; a missing image is named.
func TestPushErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	s := openStore(t)
	host := strings.TrimPrefix(srv.URL, "http://")
	_, err := Push(context.Background(), s, host+"/nosuch:1")
	if !errors.Is(err, image.ErrNotFound) || !strings.Contains(err.Error(), "does not exist locally") {
		t.Errorf("push of a missing image: %v", err)
	}
	if _, err := Push(context.Background(), s, host+"/x@sha256:"+strings.Repeat("a", 64)); err == nil {
		t.Error("push by digest: no error")
	}
	err = pushErr("push to "+host+"/x", host, &url.Error{Op: "Get", URL: "u", Err: errors.New("x")})
	if err == nil || errors.Is(err, image.ErrUnauthorized) {
		t.Errorf("pushErr: %v", err)
	}
}

func TestBlobFate(t *testing.T) {
	d := "sha256:" + strings.Repeat("b", 64)
	tests := []struct {
		method, url string
		code        int
		want        string
	}{
		{"HEAD", "/v2/a/b/blobs/" + d, 200, "Layer already exists"},
		{"HEAD", "/v2/a/b/blobs/" + d, 404, ""},
		{"HEAD", "/v2/a/b/manifests/" + d, 200, ""},
		{"POST", "/v2/a/b/blobs/uploads/?mount=" + d + "&from=lib/x", 201, "Mounted from lib/x"},
		{"POST", "/v2/a/b/blobs/uploads/?mount=" + d + "&from=lib/x", 202, ""},
		{"PUT", "/v2/a/b/blobs/uploads/u1?digest=" + d, 201, "Pushed"},
		{"PUT", "/v2/a/b/blobs/uploads/u1?digest=" + d, 400, ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.url, nil)
		gotD, got := blobFate(req, tt.code)
		if got != tt.want || (got != "" && gotD != d) {
			t.Errorf("%s %s %d: %q %q, want %q", tt.method, tt.url, tt.code, gotD, got, tt.want)
		}
	}
}

func TestMountFrom(t *testing.T) {
	target, _ := name.NewRepository("reg:5000/app/bb")
	tests := []struct {
		sources []string
		want    string
	}{
		{nil, ""},
		{[]string{"reg:5000/app/bb"}, ""},
		{[]string{"other:5000/lib/bb"}, ""},
		{[]string{"other:5000/lib/bb", "reg:5000/lib/bb"}, "lib/bb"},
	}
	for _, tt := range tests {
		r, ok := mountFrom(tt.sources, target)
		if got := map[bool]string{true: r.RepositoryStr()}[ok]; got != tt.want {
			t.Errorf("mountFrom(%v) = %q, want %q", tt.sources, got, tt.want)
		}
	}
}
