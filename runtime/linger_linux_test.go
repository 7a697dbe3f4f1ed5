package runtime

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"
)

// TestLingerTable: the holder's table runs to exit 0, with no report, once
// its table pipe reads EOF.
func TestLingerTable(t *testing.T) {
	table, err := lingerTable()
	if err != nil {
		t.Fatal(err)
	}
	r := runSinit(t, table, 0)
	if r.code != 0 || len(r.report) != 0 {
		t.Fatalf("exit %d, report %x; want 0 and none", r.code, r.report)
	}
}

// TestLinger: the holder keeps a file open after this process closed its
// own copy, until release (this process's exit, in tent); then it exits and
// the file's last copy is closed.
func TestLinger(t *testing.T) {
	bin := writeELF(t, sinitELF(), "sinit", 0o700, "no static init for this arch")
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	release, err := startLinger(bin, []*os.File{pw})
	pw.Close()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1)
	if err := pr.SetReadDeadline(time.Now().Add(200 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if _, err := pr.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read while the holder lives: %v; want a timeout (the write end still open)", err)
	}
	release()
	if err := pr.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := pr.Read(buf); err != io.EOF {
		t.Fatalf("read after release: %v; want EOF (the holder exited)", err)
	}
}
