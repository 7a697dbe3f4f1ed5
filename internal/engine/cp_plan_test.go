package engine

import (
	"errors"
	"testing"
)

func TestParseCopyArg(t *testing.T) {
	for in, want := range map[string]CopyEnd{
		"web:/etc/hosts": {Container: "web", Path: "/etc/hosts"},
		"/tmp/a:b":       {Path: "/tmp/a:b"},
		"./x:y":          {Path: "./x:y"},
		"file":           {Path: "file"},
		"-":              {Path: "-"},
		"c:rel":          {Container: "c", Path: "rel"},
	} {
		if got := ParseCopyArg(in); got != want {
			t.Errorf("%q: %+v, want %+v", in, got, want)
		}
	}
	if !ParseCopyArg("-").Stream() || ParseCopyArg("c:-").Stream() {
		t.Error("stream")
	}
}

func TestPlanCopy(t *testing.T) {
	dir, file, none := copyStat{Exists: true, IsDir: true}, copyStat{Exists: true}, copyStat{}
	for _, tc := range []struct {
		src      string
		srcIsDir bool
		dst      string
		d        copyStat
		want     copyPlan
		err      error
	}{
		{"/a/f", false, "/d", dir, copyPlan{"/d", "f"}, nil},
		{"/a/f", false, "/d/g", file, copyPlan{"/d", "g"}, nil},
		{"/a/f", false, "/d/new", none, copyPlan{"/d", "new"}, nil},
		{"/a/f", false, "/d/new/", none, copyPlan{}, errCopyNoDestDir},
		{"/a/src", true, "/d", dir, copyPlan{"/d", "src"}, nil},
		{"/a/src/", true, "/d/", dir, copyPlan{"/d", "src"}, nil},
		{"/a/src/.", true, "/d", dir, copyPlan{"/d", "."}, nil},
		{"/a/src", true, "/d/new", none, copyPlan{"/d", "new"}, nil},
		{"/a/src", true, "/d/f", file, copyPlan{}, errCopyDirToFile},
		{"/", true, "/d", dir, copyPlan{"/d", "."}, nil},
		{"rel/f", false, "out", none, copyPlan{".", "out"}, nil},
	} {
		got, err := planCopy(tc.src, tc.srcIsDir, tc.dst, tc.d)
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("%s (dir %v) -> %s %+v: %+v %v, want %+v %v", tc.src, tc.srcIsDir, tc.dst, tc.d, got, err, tc.want, tc.err)
		}
	}
}
