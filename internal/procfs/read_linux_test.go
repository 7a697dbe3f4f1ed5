package procfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	long := bytes.Repeat([]byte("0123456789"), 1000)
	os.WriteFile(filepath.Join(dir, "long"), long, 0o600)
	os.WriteFile(filepath.Join(dir, "empty"), nil, 0o600)
	tests := []struct {
		name string
		buf  []byte
		want []byte
		err  error
	}{
		{"long", make([]byte, 0, 16), long, nil},
		{"long", nil, long, nil},
		{"empty", make([]byte, 3, 16), []byte{}, nil},
		{"empty", nil, []byte{}, nil},
		{"missing", nil, nil, fs.ErrNotExist},
	}
	for _, tt := range tests {
		got, err := ReadFile(filepath.Join(dir, tt.name), tt.buf)
		if !errors.Is(err, tt.err) || !bytes.Equal(got, tt.want) || (tt.err == nil) != (got != nil) {
			t.Errorf("%s: %d bytes, %v; want %d bytes, %v", tt.name, len(got), err, len(tt.want), tt.err)
		}
	}
	var pe *os.PathError
	if _, err := ReadFile(filepath.Join(dir, "missing"), nil); !errors.As(err, &pe) || pe.Op != "open" {
		t.Errorf("missing: %v, want an *os.PathError of open", err)
	}
}
