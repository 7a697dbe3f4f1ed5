package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestWriteFile(t *testing.T) {
	tests := []struct {
		name     string
		before   string // "" = no file yet
		content  string
		perm     os.FileMode
		volatile bool
	}{
		{"new file", "", "hello", 0o600, false},
		{"replaces", "old content, longer", "new", 0o644, false},
		{"empty", "x", "", 0o640, false},
		{"volatile new file", "", "hello", 0o600, true},
		{"volatile replaces", "old content, longer", "new", 0o644, true},
		{"volatile empty", "x", "", 0o640, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "f")
			if tt.before != "" {
				if err := os.WriteFile(p, []byte(tt.before), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var opts []Option
			if tt.volatile {
				opts = append(opts, Volatile())
			}
			if err := WriteFile(p, []byte(tt.content), tt.perm, opts...); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil || string(got) != tt.content {
				t.Fatalf("content = %q, %v; want %q", got, err, tt.content)
			}
			if st, _ := os.Stat(p); st.Mode().Perm() != tt.perm {
				t.Errorf("mode = %v, want %v", st.Mode().Perm(), tt.perm)
			}
			assertOnly(t, dir, "f")
		})
	}
}

func TestWriteFileErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "target")
	if err := os.Mkdir(p, 0o755); err != nil { // rename of a file over a dir fails
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("x"), 0o600); err == nil {
		t.Fatal("want an error replacing a directory")
	}
	assertOnly(t, dir, "target")
	if err := WriteFile(filepath.Join(dir, "missing", "f"), nil, 0o600); err == nil {
		t.Fatal("want an error for a missing parent dir")
	}
}

func TestWriteFileConcurrent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var opts []Option
			if i%2 == 1 {
				opts = append(opts, Volatile())
			}
			errs <- WriteFile(p, []byte(fmt.Sprintf("writer %02d", i)), 0o600, opts...)
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(p); len(b) != len("writer 00") {
		t.Fatalf("torn content %q", b)
	}
	assertOnly(t, dir, "f")
}

func assertOnly(t *testing.T, dir, name string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != name {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("dir holds %v, want only %s", names, name)
	}
}
