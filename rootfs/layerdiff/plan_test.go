package layerdiff

import (
	"archive/tar"
	"errors"
	"path"
	"strings"
	"testing"
	"time"
)

func TestPlan(t *testing.T) {
	mt := time.Unix(1700000000, 5)
	tests := []struct {
		name    string
		entries []Entry
		want    []string // name, type (and link) of each header
		wantErr error
	}{
		{
			name: "sorted dirs before children",
			entries: []Entry{
				{Path: "a-b", Kind: File}, {Path: "a/c", Kind: File}, {Path: "a", Kind: Dir},
			},
			want: []string{"a/ 5", "a/c 0", "a-b 0"},
		},
		{
			name:    "whiteout",
			entries: []Entry{{Path: "etc", Kind: Dir}, {Path: "etc/motd", Kind: Whiteout}},
			want:    []string{"etc/ 5", "etc/.wh.motd 0"},
		},
		{
			name:    "opaque dir",
			entries: []Entry{{Path: "d/!x", Kind: File}, {Path: "d", Kind: Dir, Opaque: true}},
			want:    []string{"d/ 5", "d/.wh..wh..opq 0", "d/!x 0"},
		},
		{
			name: "hardlinks",
			entries: []Entry{
				{Path: "b", Kind: File, Ino: 7, Nlink: 2}, {Path: "a", Kind: File, Ino: 7, Nlink: 2},
				{Path: "c", Kind: File, Ino: 8, Nlink: 1},
			},
			want: []string{"a 0", "b 1>a", "c 0"},
		},
		{
			name:    "symlink and devices",
			entries: []Entry{{Path: "l", Kind: Symlink, Linkname: "/etc/passwd"}, {Path: "n", Kind: CharDev, Major: 1, Minor: 3}, {Path: "p", Kind: Fifo}},
			want:    []string{"l 2>/etc/passwd", "n 3", "p 6"},
		},
		{name: "socket", entries: []Entry{{Path: "s", Kind: Socket}}, wantErr: ErrUnsupported},
		{name: "whiteout name", entries: []Entry{{Path: ".wh.x", Kind: File}}, wantErr: ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.entries {
				tt.entries[i].ModTime = mt
			}
			items, err := Plan(tt.entries)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				s := it.Header.Name + " " + string(rune('0'+it.Header.Typeflag-'0'))
				if it.Header.Linkname != "" {
					s += ">" + it.Header.Linkname
				}
				got = append(got, s)
				if !it.Header.ModTime.Equal(mt.Truncate(time.Second)) {
					t.Errorf("%s: mtime %v", it.Header.Name, it.Header.ModTime)
				}
				marker := strings.HasPrefix(path.Base(it.Header.Name), WhiteoutPrefix)
				if (it.Source != nil) != (it.Header.Typeflag == tar.TypeReg && !marker) {
					t.Errorf("%s: source %v", it.Header.Name, it.Source)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("item %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestPlanRefusesBadPaths(t *testing.T) {
	for _, p := range []string{"", ".", "/a", "a/../b", "../a", "a//b", "a/"} {
		if _, err := Plan([]Entry{{Path: p, Kind: File}}); err == nil {
			t.Errorf("Plan(%q): no error", p)
		}
	}
	if _, err := Plan([]Entry{{Path: "a", Kind: File}, {Path: "a", Kind: Dir}}); err == nil {
		t.Error("a path twice: no error")
	}
}
