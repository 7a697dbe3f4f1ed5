package runtime

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"testing"
)

// TestSinitCodeMatchesSource re-assembles testdata/sinit_amd64.s and
// checks that sinitTextAMD64 holds the same bytes (so its comments tell the
// truth). It needs GNU as and objcopy (binutils) on an x86-64 host.
func TestSinitCodeMatchesSource(t *testing.T) {
	if goruntime.GOARCH != "amd64" {
		t.Skip("the static init's source is x86-64; this host's as would not assemble it")
	}
	as, err := exec.LookPath("as")
	if err != nil {
		t.Skip("no GNU as (binutils) to re-assemble testdata/sinit_amd64.s")
	}
	objcopy, err := exec.LookPath("objcopy")
	if err != nil {
		t.Skip("no objcopy (binutils) to extract the assembled code")
	}
	src, err := filepath.Abs(filepath.Join("testdata", "sinit_amd64.s"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	obj, bin := filepath.Join(dir, "sinit.o"), filepath.Join(dir, "sinit.bin")
	for _, c := range [][]string{{as, "--64", "-o", obj, src}, {objcopy, "-O", "binary", "-j", ".text", obj, bin}} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%q: %v\n%s", c, err, out)
		}
	}
	got, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, sinitTextAMD64) {
		n := 0
		for n < min(len(got), len(sinitTextAMD64)) && got[n] == sinitTextAMD64[n] {
			n++
		}
		t.Errorf("sinitTextAMD64 (%d bytes) differs from the assembled source (%d bytes) at byte %#x",
			len(sinitTextAMD64), len(got), n)
	}
}
