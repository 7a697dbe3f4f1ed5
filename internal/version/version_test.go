package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		name       string
		ldCommit   string
		settings   []debug.BuildSetting
		wantCommit string
		wantBuilt  string
	}{
		{"vcs stamp", "", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-12-06T23:00:00Z"}},
			"0123456", "2026-12-06T23:00:00Z"},
		{"dirty", "", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}},
			"0123456-dirty", ""},
		{"ldflags win", "abcdef0", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}}, "abcdef0", ""},
		{"none", "", nil, "", ""},
	} {
		in := Info{GitCommit: tc.ldCommit}
		fromBuildInfo(&in, tc.settings)
		if in.GitCommit != tc.wantCommit || in.Built != tc.wantBuilt {
			t.Errorf("%s: got %q %q, want %q %q", tc.name, in.GitCommit, in.Built, tc.wantCommit, tc.wantBuilt)
		}
	}
	if in := Get(); in.GoVersion == "" || in.RuntimeSpec == "" || in.Os != "linux" || in.GitCommit == "" {
		t.Errorf("Get: %+v", in)
	}
}
