package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/version"
)

func TestWriteVersion(t *testing.T) {
	d := versionData{Client: version.Info{Version: "1.2.3", GoVersion: "go1.26", GitCommit: "abc1234",
		Built: "2026-12-06T23:00:00Z", Os: "linux", Arch: "amd64", RuntimeSpec: "1.2.1"}}
	for _, tc := range []struct{ format, want string }{
		{"", "Client:\n Version:            1.2.3\n Go version:         go1.26\n Git commit:         abc1234\n" +
			" Built:              2026-12-06T23:00:00Z\n OS/Arch:            linux/amd64\n Runtime spec:       1.2.1\n"},
		{"{{.Client.Version}}", "1.2.3\n"},
		{"{{.Client.Os}}/{{.Client.Arch}} {{.Client.GitCommit}}", "linux/amd64 abc1234\n"},
	} {
		var b bytes.Buffer
		if err := writeVersion(&b, d, tc.format); err != nil || b.String() != tc.want {
			t.Errorf("%q: got %q (%v), want %q", tc.format, b.String(), err, tc.want)
		}
	}
	var b bytes.Buffer
	if err := writeVersion(&b, d, "{{json .}}"); err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]string
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got["Client"]["Version"] != "1.2.3" || got["Client"]["RuntimeSpecVersion"] != "1.2.1" {
		t.Errorf("json: %s (%v)", b.String(), err)
	}
	if err := writeVersion(&b, d, "{{.Nope}}"); err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("a bad template: %v", err)
	}
}
