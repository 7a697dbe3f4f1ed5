package seccomp

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.bpf"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCacheDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seccomp")
	c := NewCache(dir)
	first, err := c.Default(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := DefaultProfile(dockerCaps)
	if !reflect.DeepEqual(first, mustCompile(t, p)) {
		t.Fatal("cached program differs from a fresh compile")
	}
	files := cacheFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("want 1 cache file, got %v", files)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("cache dir: %v %v", st.Mode(), err)
	}

	// A hit reads the file: plant another valid program under the key.
	planted := mustCompile(t, &specs.LinuxSeccomp{DefaultAction: specs.ActAllow})
	if err := writeCached(dir, files[0], cacheKey("default", nil, dockerCaps), planted); err != nil {
		t.Fatal(err)
	}
	// Same set, other order and spelling: same key.
	got, err := c.Default(append([]string{"kill"}, dockerCaps...))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, planted) {
		t.Fatal("hit did not come from the cache file")
	}

	// Other caps: another key.
	if _, err := c.Default([]string{"CAP_SYS_ADMIN"}); err != nil {
		t.Fatal(err)
	}
	if n := len(cacheFiles(t, dir)); n != 2 {
		t.Fatalf("want 2 cache files, got %d", n)
	}
}

// TestCacheCorrupt: a damaged file is recompiled and replaced.
func TestCacheCorrupt(t *testing.T) {
	dir := t.TempDir()
	c := NewCache(dir)
	want, err := c.Default(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	path := cacheFiles(t, dir)[0]
	b, _ := os.ReadFile(path)
	for name, bad := range map[string][]byte{
		"flipped":   append(append([]byte{}, b[:100]...), append([]byte{b[100] ^ 1}, b[101:]...)...),
		"truncated": b[:len(b)/2],
		"empty":     nil,
		"bad body":  append([]byte("junk"), checksum([]byte("junk"))...),
	} {
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := c.Default(dockerCaps)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %v", name, err)
		}
		if b2, _ := os.ReadFile(path); !reflect.DeepEqual(b2, b) {
			t.Fatalf("%s: file not rewritten", name)
		}
	}
}

// TestCacheOtherKey: a valid file of another key under this key's name (a
// name collision, or a planted file) is a miss: the program is compiled
// for this key, never taken from the file.
func TestCacheOtherKey(t *testing.T) {
	dir := t.TempDir()
	c := NewCache(dir)
	want, err := c.Default(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	path := cacheFiles(t, dir)[0]
	allowAll := mustCompile(t, &specs.LinuxSeccomp{DefaultAction: specs.ActAllow})
	for name, key := range map[string][]byte{
		"other caps": cacheKey("default", nil, []string{"CAP_SYS_ADMIN"}),
		"prefix":     cacheKey("default", nil, dockerCaps)[:10],
		"empty":      nil,
	} {
		if err := writeCached(dir, path, key, allowAll); err != nil {
			t.Fatal(err)
		}
		got, err := c.Default(dockerCaps)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: got the planted program (%v)", name, err)
		}
	}
}

func TestCacheProfile(t *testing.T) {
	dir := t.TempDir()
	c := NewCache(dir)
	data := dockerJSON(t)
	got, err := c.Profile(data, dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	def, err := c.Default(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, def) {
		t.Fatal("Docker's JSON and the default compile differently")
	}
	if n := len(cacheFiles(t, dir)); n != 2 {
		t.Fatalf("want one file per profile, got %d", n)
	}
	if _, err := c.Profile([]byte(`{"defaultAction":"SCMP_ACT_NOPE"}`), nil); err == nil {
		t.Fatal("bad profile: no error")
	}
	if n := len(cacheFiles(t, dir)); n != 2 {
		t.Fatalf("a bad profile left a file: %d", n)
	}
}

// TestCacheUnwritable: a dir that cannot be created costs the cache, not
// the call.
func TestCacheUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCache(filepath.Join(file, "sub")).Default(dockerCaps); err != nil {
		t.Fatal(err)
	}
}

func TestCacheSpec(t *testing.T) {
	dir := t.TempDir()
	c := NewCache(dir)
	p, _ := DefaultProfile(dockerCaps)
	got, err := c.Spec(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, mustCompile(t, p)) {
		t.Fatal("program differs from a fresh compile")
	}
	again, err := c.Spec(p)
	if err != nil || !reflect.DeepEqual(again, got) || len(cacheFiles(t, dir)) != 1 {
		t.Fatalf("second call: %v, %d files", err, len(cacheFiles(t, dir)))
	}
	other := &specs.LinuxSeccomp{DefaultAction: specs.ActAllow}
	if _, err := c.Spec(other); err != nil || len(cacheFiles(t, dir)) != 2 {
		t.Fatalf("another profile: %v, %d files", err, len(cacheFiles(t, dir)))
	}
	if _, err := c.Spec(nil); err == nil {
		t.Fatal("nil profile: no error")
	}
	bad := &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, ListenerPath: "/x"}
	if _, err := c.Spec(bad); err == nil {
		t.Fatal("listenerPath: no error")
	}
}

// BenchmarkCacheSpecHit: what a run whose spec holds the default profile pays.
func BenchmarkCacheSpecHit(b *testing.B) {
	c := NewCache(b.TempDir())
	p, _ := DefaultProfile(dockerCaps)
	if _, err := c.Spec(p); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Spec(p); err != nil {
			b.Fatal(err)
		}
	}
}
