package registry

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

// proxyRegistry is ggcr's registry behind a handler that counts blob GETs
// and can corrupt one blob.
type proxyRegistry struct {
	host    string
	gets    atomic.Int64
	corrupt atomic.Value // digest string
}

func newProxyRegistry(t *testing.T) *proxyRegistry {
	t.Helper()
	p := &proxyRegistry{}
	p.corrupt.Store("")
	reg := registry.New(registry.Logger(quietLogger()))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/blobs/") {
			reg.ServeHTTP(w, r)
			return
		}
		p.gets.Add(1)
		bad := p.corrupt.Load().(string)
		if bad == "" || !strings.HasSuffix(r.URL.Path, bad) {
			reg.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		reg.ServeHTTP(rec, r)
		b := rec.Body.Bytes()
		b[len(b)/2] ^= 0xff
		w.WriteHeader(rec.Code)
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	p.host = strings.TrimPrefix(srv.URL, "http://")
	return p
}

// snapshot lists every path under the store except the lock files.
func snapshot(t *testing.T, root string) string {
	t.Helper()
	var b bytes.Buffer
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		rel, _ := filepath.Rel(root, p)
		if strings.HasPrefix(rel, "locks/") || rel == "lock" {
			return nil
		}
		b.WriteString(rel + "\n")
		return nil
	})
	return b.String()
}

func TestDigestMismatchLeavesStore(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	p := newProxyRegistry(t)
	img, err := testimage.Busybox()
	if err != nil {
		t.Fatal(err)
	}
	push(t, p.host+"/bb:1", img)
	ls, _ := img.Layers()
	d, _ := ls[0].Digest()
	p.corrupt.Store(d.String())
	s := openStore(t)
	before := snapshot(t, s.Root())
	_, err = Pull(t.Context(), s, p.host+"/bb:1")
	if !errors.Is(err, image.ErrDigestMismatch) {
		t.Fatalf("pull of a corrupt blob: %v, want a digest mismatch", err)
	}
	if after := snapshot(t, s.Root()); after != before {
		t.Errorf("store changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	p.corrupt.Store("")
	mustPull(t, s, p.host+"/bb:1")
}

func TestConcurrentPulls(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	img, err := testimage.Big(testimage.WithSizeMB(10))
	if err != nil {
		t.Fatal(err)
	}
	push(t, reg+"/big:1", img)
	root := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := image.Open(root, image.WithDecompressor(compression.Decompress)) // one Store each, as separate processes would
			if err == nil {
				_, err = Pull(t.Context(), s, reg+"/big:1")
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("pull %d: %v", i, err)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(root, "tmp")); len(ents) != 0 {
		t.Errorf("tmp not empty: %v", ents)
	}
}

func TestSharedLayersFetchedOnceAndRefcounted(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	p := newProxyRegistry(t)
	a, err := testimage.Big(testimage.WithSizeMB(5), testimage.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := testimage.Big(testimage.WithSizeMB(5), testimage.WithSeed(2))
	if err != nil {
		t.Fatal(err)
	}
	push(t, p.host+"/a:1", a)
	push(t, p.host+"/b:1", b)
	s := openStore(t)
	p.gets.Store(0)
	ia := mustPull(t, s, p.host+"/a:1")
	if n := p.gets.Load(); n != 6 {
		t.Errorf("first pull: %d blob GETs, want 6 (config and 5 layers)", n)
	}
	p.gets.Store(0)
	ib := mustPull(t, s, p.host+"/b:1")
	if n := p.gets.Load(); n != 2 {
		t.Errorf("second pull: %d blob GETs, want 2 (config and 1 layer: 4 are shared)", n)
	}
	if _, err := s.Remove(p.host+"/a:1", false); err != nil {
		t.Fatal(err)
	}
	for i, d := range ib.DiffIDs {
		if !exists(s.LayerDir(d)) {
			t.Errorf("layer %d of b removed with a", i)
		}
	}
	if exists(s.LayerDir(ia.DiffIDs[4])) {
		t.Errorf("a's own layer kept after rmi")
	}
	if _, err := s.Remove(ib.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"layers", "blobs/sha256", "layerinfo", "tmp"} {
		if ents, _ := os.ReadDir(filepath.Join(s.Root(), dir)); len(ents) != 0 {
			t.Errorf("%s not empty after removing every image: %d entries", dir, len(ents))
		}
	}
}
