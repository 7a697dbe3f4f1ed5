package rootfs

import (
	"reflect"
	"testing"

	"golang.org/x/sys/unix"
)

func TestParseOptions(t *testing.T) {
	tests := []struct {
		opts  []string
		flags uintptr
		prop  []uintptr
		data  string
	}{
		{[]string{"nosuid", "noexec", "nodev"}, unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV, nil, ""},
		{[]string{"rbind", "ro", "rprivate"}, unix.MS_BIND | unix.MS_REC | unix.MS_RDONLY, []uintptr{unix.MS_PRIVATE | unix.MS_REC}, ""},
		{[]string{"ro", "rw", "mode=755", "size=65536k"}, 0, nil, "mode=755,size=65536k"},
		{[]string{"newinstance", "ptmxmode=0666", "gid=5"}, 0, nil, "newinstance,ptmxmode=0666,gid=5"},
	}
	for _, tt := range tests {
		f := ParseOptions(tt.opts)
		if f.Flags != tt.flags || !reflect.DeepEqual(f.Propagation, tt.prop) || f.DataString() != tt.data {
			t.Errorf("ParseOptions(%q) = %#x %v %q, want %#x %v %q", tt.opts, f.Flags, f.Propagation, f.DataString(), tt.flags, tt.prop, tt.data)
		}
	}
}
