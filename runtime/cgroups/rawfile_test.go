package cgroups

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openFDs counts this process's open fds, to catch a helper leaking one.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(ents)
}

// TestFileWriter: consecutive writes to one file share an open (on a
// regular file they add up; a reopen truncates), and nothing stays open.
func TestFileWriter(t *testing.T) {
	type wr struct{ file, value string }
	for _, tc := range []struct {
		name   string
		writes []wr
		want   map[string]string
	}{
		{"one write", []wr{{"a", "1"}}, map[string]string{"a": "1"}},
		{"a run shares the open", []wr{{"a", "x"}, {"a", "y"}, {"a", "z"}}, map[string]string{"a": "xyz"}},
		{"another file closes the run", []wr{{"a", "x"}, {"b", "y"}, {"a", "z"}}, map[string]string{"a": "z", "b": "y"}},
		{"empty value", []wr{{"a", ""}}, map[string]string{"a": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, dir, "a", "b")
			put(t, dir, "a", "old value")
			before := openFDs(t)
			var w fileWriter
			for _, x := range tc.writes {
				if err := w.write(dir, x.file, x.value); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.close(); err != nil {
				t.Fatal(err)
			}
			if n := openFDs(t); n != before {
				t.Errorf("%d fds open after close, %d before", n, before)
			}
			for f, v := range tc.want {
				if got := get(t, dir, f); got != v {
					t.Errorf("%s = %q, want %q", f, got, v)
				}
			}
		})
	}
}

func TestRawErrors(t *testing.T) {
	dir := t.TempDir()
	before := openFDs(t)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"write: no create", writeFile(dir, "gone", "1"), "write gone=1: no such file or directory"},
		{"write to a dir", writeFile(filepath.Dir(dir), filepath.Base(dir), "1"), "is a directory"},
		{"read", func() error { _, err := readFile(dir, "gone"); return err }(), "read " + dir + "/gone: no such file or directory"},
		{"pids", func() error { _, err := readPids(dir); return err }(), "cgroup.procs: no such file or directory"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
		if strings.Contains(tc.want, "no such file") && !errors.Is(tc.err, fs.ErrNotExist) {
			t.Errorf("%s: %v is not fs.ErrNotExist", tc.name, tc.err)
		}
	}
	if n := openFDs(t); n != before {
		t.Errorf("%d fds open after the errors, %d before", n, before)
	}
}

// TestReadRaw: reads to EOF, past the first buffer.
func TestReadRaw(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"", "0-1\n", strings.Repeat("12345\n", 1000)} {
		put(t, dir, "f", content)
		b, err := readRaw(filepath.Join(dir, "f"))
		if err != nil || string(b) != content {
			t.Errorf("readRaw = %d bytes, %v; want %d bytes", len(b), err, len(content))
		}
	}
}
