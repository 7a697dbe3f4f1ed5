package layerdiff

import (
	"strings"
	"testing"
)

func TestChanges(t *testing.T) {
	lower := map[string]bool{"etc": true, "etc/passwd": true, "tmp": true}
	entries := []Entry{
		{Path: "tmp/new", Kind: File}, {Path: "etc", Kind: Dir}, {Path: "etc/passwd", Kind: File},
		{Path: "tmp", Kind: Dir}, {Path: "etc/motd", Kind: Whiteout}, {Path: "app", Kind: Dir},
	}
	got, err := Changes(entries, func(p string) (bool, error) { return lower[p], nil })
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, c.String())
	}
	want := "A /app|C /etc|D /etc/motd|C /etc/passwd|C /tmp|A /tmp/new"
	if s := strings.Join(lines, "|"); s != want {
		t.Errorf("Changes = %s, want %s", s, want)
	}
}

// fakeLayers maps "layer/path" to a kind; "+o" after a dir's path marks it opaque.
type fakeLayers map[string]string

func (f fakeLayers) stat(p string) (Kind, bool, bool, error) {
	switch f[p] {
	case "":
		return 0, false, false, nil
	case "dir":
		return Dir, true, false, nil
	case "opaque":
		return Dir, true, true, nil
	case "wh":
		return Whiteout, true, false, nil
	}
	return File, true, false, nil
}

func TestExistsIn(t *testing.T) {
	fs := fakeLayers{
		"l1/a": "dir", "l1/a/x": "file", "l1/b": "dir", "l1/b/y": "file", "l1/c": "dir", "l1/c/z": "file",
		"l1/d": "file",
		"l2/a": "dir", "l2/a/x": "wh", "l2/b": "opaque", "l2/c": "file", "l2/d": "dir", "l2/d/w": "file",
	}
	tests := map[string]bool{
		"a": true, "a/x": false, "b": true, "b/y": false, "c": true, "c/z": false,
		"d/w": true, "e": false, "a/x/q": false,
	}
	for p, want := range tests {
		got, err := existsIn(fs.stat, []string{"l1", "l2"}, p)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("existsIn(%s) = %v, want %v", p, got, want)
		}
	}
}
