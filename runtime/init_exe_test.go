package runtime

import "testing"

func TestProtectedCurrent(t *testing.T) {
	bin := fileID{dev: 8, ino: 42, size: 4 << 20, mtime: 1700000000e9}
	ro := bin
	ro.readOnlyPath = true
	with := func(f func(*fileID)) fileID { m := ro; f(&m); return m }
	tests := []struct {
		name string
		mnt  fileID
		want bool
	}{
		{"the binary, read-only", ro, true},
		{"the binary, writable mount", bin, false},
		{"reinstalled: another inode", with(func(m *fileID) { m.ino = 43 }), false},
		{"another filesystem", with(func(m *fileID) { m.dev = 9 }), false},
		{"edited in place: size", with(func(m *fileID) { m.size++ }), false},
		{"edited in place: mtime", with(func(m *fileID) { m.mtime++ }), false},
		{"the empty mount point left by a lost mount", fileID{dev: 30, ino: 7, readOnlyPath: false}, false},
	}
	for _, tt := range tests {
		if got := protectedCurrent(bin, tt.mnt); got != tt.want {
			t.Errorf("%s: protectedCurrent = %v, want %v", tt.name, got, tt.want)
		}
	}
}
