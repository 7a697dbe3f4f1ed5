package rootfs

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"
)

type fakeNode struct {
	kind nodeKind
	data string // file content or symlink target
}

// fakeLayers maps layer name → clean relative path → node; "." is implied.
type fakeLayers map[string]map[string]fakeNode

func (f fakeLayers) stat(layer, rel string) (nodeKind, error) {
	if rel == "." {
		if n, ok := f[layer]["."]; ok {
			return n.kind, nil
		}
		return nodeDir, nil
	}
	return f[layer][rel].kind, nil
}

func (f fakeLayers) readlink(layer, rel string) (string, error) { return f[layer][rel].data, nil }
func (f fakeLayers) readFile(layer, rel string) ([]byte, error) {
	return []byte(f[layer][rel].data), nil
}

func dirN() fakeNode           { return fakeNode{kind: nodeDir} }
func fileN(s string) fakeNode  { return fakeNode{kind: nodeFile, data: s} }
func linkN(to string) fakeNode { return fakeNode{kind: nodeSymlink, data: to} }
func wh() fakeNode             { return fakeNode{kind: nodeWhiteout} }
func opaqueN() fakeNode        { return fakeNode{kind: nodeOpaqueDir} }
func otherN() fakeNode         { return fakeNode{kind: nodeOther} }

func TestReadFromLayers(t *testing.T) {
	base := map[string]fakeNode{"etc": dirN(), "etc/passwd": fileN("base"), "etc/group": fileN("g"),
		"usr": dirN(), "usr/etc": dirN(), "usr/etc/shadow": fileN("usr-shadow"), "dev": dirN(), "dev/null": otherN()}
	tests := []struct {
		name    string
		layers  fakeLayers
		order   []string
		path    string
		want    string
		wantErr error
	}{
		{"lowest", fakeLayers{"l1": base}, []string{"l1"}, "/etc/passwd", "base", nil},
		{"top wins", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/passwd": fileN("top")}}, []string{"l1", "l2"}, "/etc/passwd", "top", nil},
		{"merged dir falls through", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/hosts": fileN("h")}}, []string{"l1", "l2"}, "etc/group", "g", nil},
		{"whiteout", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/passwd": wh()}}, []string{"l1", "l2"}, "/etc/passwd", "", fs.ErrNotExist},
		{"whiteout then recreated", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/passwd": wh()}, "l3": {"etc": dirN(), "etc/passwd": fileN("new")}}, []string{"l1", "l2", "l3"}, "/etc/passwd", "new", nil},
		{"whiteout of dir", fakeLayers{"l1": base, "l2": {"etc": wh()}}, []string{"l1", "l2"}, "/etc/group", "", fs.ErrNotExist},
		{"opaque dir hides lower", fakeLayers{"l1": base, "l2": {"etc": opaqueN(), "etc/hosts": fileN("h")}}, []string{"l1", "l2"}, "/etc/passwd", "", fs.ErrNotExist},
		{"opaque dir keeps own", fakeLayers{"l1": base, "l2": {"etc": opaqueN(), "etc/passwd": fileN("own")}}, []string{"l1", "l2"}, "/etc/passwd", "own", nil},
		{"opaque root", fakeLayers{"l1": base, "l2": {".": opaqueN()}}, []string{"l1", "l2"}, "/etc/passwd", "", fs.ErrNotExist},
		{"file over dir hides", fakeLayers{"l1": base, "l2": {"etc": fileN("x")}}, []string{"l1", "l2"}, "/etc/passwd", "", syscall.ENOTDIR},
		{"dir over file stops merge", fakeLayers{"l1": base, "l2": {"etc": fileN("x")}, "l3": {"etc": dirN()}}, []string{"l1", "l2", "l3"}, "/etc/passwd", "", fs.ErrNotExist},
		{"symlink parent across layers", fakeLayers{"l1": base, "l2": {"etc": linkN("/usr/etc")}}, []string{"l1", "l2"}, "/etc/shadow", "usr-shadow", nil},
		{"relative symlink", fakeLayers{"l1": base, "l2": {"etc": linkN("usr/etc")}}, []string{"l1", "l2"}, "/etc/shadow", "usr-shadow", nil},
		{"symlink file", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/passwd": linkN("../usr/etc/shadow")}}, []string{"l1", "l2"}, "/etc/passwd", "usr-shadow", nil},
		{"symlink out is clamped", fakeLayers{"l1": base, "l2": {"etc": dirN(), "etc/passwd": linkN("../../../../etc/group")}}, []string{"l1", "l2"}, "/etc/passwd", "g", nil},
		{"dotdot clamped", fakeLayers{"l1": base}, []string{"l1"}, "/../../etc/group", "g", nil},
		{"symlink loop", fakeLayers{"l1": {"a": linkN("b"), "b": linkN("a")}}, []string{"l1"}, "/a", "", syscall.ELOOP},
		{"missing", fakeLayers{"l1": base}, []string{"l1"}, "/etc/nope", "", fs.ErrNotExist},
		{"directory", fakeLayers{"l1": base}, []string{"l1"}, "/etc", "", syscall.EISDIR},
		{"device", fakeLayers{"l1": base}, []string{"l1"}, "/dev/null", "", errNotRegular},
		{"no layers", fakeLayers{}, nil, "/etc/passwd", "", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readFromLayers(tt.layers, tt.order, tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
