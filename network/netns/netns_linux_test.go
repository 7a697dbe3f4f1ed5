package netns

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestNewDoRemove(t *testing.T) {
	testutil.RequireRoot(t)
	p := filepath.Join(t.TempDir(), "sub", "ns1")
	self, _ := os.Readlink("/proc/thread-self/ns/net")
	if err := New(p); err != nil {
		t.Fatal(err)
	}
	if !IsNetns(p) {
		t.Fatal("not a netns mount")
	}
	if err := New(p); err == nil {
		t.Fatal("New over an existing file succeeded")
	}
	var inside string
	if err := Do(p, func() error {
		inside, _ = os.Readlink("/proc/thread-self/ns/net")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if inside == self || inside == "" {
		t.Fatalf("Do ran in %q, host is %q", inside, self)
	}
	if now, _ := os.Readlink("/proc/thread-self/ns/net"); now != self {
		t.Fatalf("thread left in %s", now)
	}
	for i := 0; i < 2; i++ { // idempotent
		if err := Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) || IsNetns(p) {
		t.Fatal("netns file left")
	}
}

// A new netns ignores IPv6 router advertisements (CVE-2020-13401), for
// "all" and for interfaces made later ("default").
func TestNewNoRouterAdverts(t *testing.T) {
	testutil.RequireRoot(t)
	if _, err := os.Stat("/proc/sys/net/ipv6"); err != nil {
		t.Skip("IPv6 is disabled on this host")
	}
	p := filepath.Join(t.TempDir(), "ns")
	if err := New(p); err != nil {
		t.Fatal(err)
	}
	defer Remove(p)
	if err := Do(p, func() error {
		for _, f := range raOff {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if string(b) != "0\n" {
				t.Errorf("%s = %q in the new netns, want 0", f, b)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
