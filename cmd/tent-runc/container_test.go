package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestCheckVersion(t *testing.T) {
	for v, ok := range map[string]bool{"1.0.0": true, "1.0.2-dev": true, "1.1.0": true, "1.2.1": true, "1.3.0": true,
		"1.3.7": true, "1.4.0": false, "2.0.0": false, "0.5.0": false, "": false, "1.0": false} {
		if err := checkVersion(v); (err == nil) != ok {
			t.Errorf("checkVersion(%q) = %v", v, err)
		}
	}
}

func TestCreateChecks(t *testing.T) {
	tty := &specs.Process{Terminal: true}
	if checkTerminal(tty, "", true) == nil || checkTerminal(&specs.Process{}, "/s", true) == nil ||
		checkTerminal(tty, "/s", true) != nil || checkTerminal(tty, "", false) != nil {
		t.Error("checkTerminal: runc's rules")
	}
	g := &globals{systemdCgroup: true}
	for p, ok := range map[string]bool{"/a/b": true, "system.slice:tent:c1": false, "": true, "relative": false} {
		s := &specs.Spec{Linux: &specs.Linux{CgroupsPath: p}}
		if err := g.checkCgroupsPath(s); (err == nil) != ok {
			t.Errorf("cgroupsPath %q: %v", p, err)
		}
	}

	dir := t.TempDir()
	for name, body := range map[string]string{
		"missing": "",
		"badjson": "{",
		"version": `{"ociVersion":"9.0.0","process":{"args":["sh"]}}`,
		"noproc":  `{"ociVersion":"1.0.2"}`,
	} {
		b := filepath.Join(dir, name)
		os.Mkdir(b, 0o755)
		if body != "" {
			os.WriteFile(filepath.Join(b, "config.json"), []byte(body), 0o644)
		}
		if _, err := readSpec(b); err == nil || !strings.Contains(err.Error(), "") {
			t.Errorf("bundle %s: no error", name)
		}
	}
	if _, err := readSpec(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("missing bundle: %v", err)
	}
	o := &createFlags{preserveFDs: 2}
	if _, _, err := o.spec(g, true); err == nil {
		t.Error("--preserve-fds 2 accepted")
	}
}

func TestWriteSpec(t *testing.T) {
	dir := t.TempDir()
	if err := writeSpec(dir, false); err != nil {
		t.Fatal(err)
	}
	s, err := readSpec(dir)
	if err != nil || !s.Process.Terminal || s.Root.Path != "rootfs" || s.Hostname != "runc" {
		t.Fatalf("written spec %+v, %v", s, err)
	}
	if err := writeSpec(dir, false); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("second spec: %v (must refuse to overwrite)", err)
	}
	rl := t.TempDir()
	if err := writeSpec(rl, true); err != nil {
		t.Fatal(err)
	}
	s, _ = readSpec(rl)
	if len(s.Linux.UIDMappings) != 1 || s.Linux.Resources != nil {
		t.Errorf("rootless spec %+v", s.Linux)
	}
}
