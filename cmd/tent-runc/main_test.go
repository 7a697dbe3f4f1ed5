package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunGlobalFlags drives the whole command line without root: global
// flags in both forms, a json log whose last line is the error, runc's
// exit code 1 and wording.
func TestRunGlobalFlags(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "log.json")
	for _, tc := range []struct {
		name string
		args []string
		code int
		log  string // in the log's last line
	}{
		{"flag=value", []string{"--root=" + dir, "--log-format=json", "--log=" + logFile, "state", "nope"}, 1, `container \"nope\" does not exist`},
		{"flag value", []string{"--root", dir, "--log-format", "json", "--log", logFile, "kill", "nope", "KILL"}, 1, `container \"nope\" does not exist`},
		{"bad signal", []string{"--root", dir, "--log-format=json", "--log=" + logFile, "kill", "nope", "SIGNOPE"}, 1, `invalid signal`},
		{"bad id", []string{"--root", dir, "--log-format=json", "--log=" + logFile, "delete", "../x"}, 1, `invalid container id`},
		{"too many args", []string{"--root", dir, "--log-format=json", "--log=" + logFile, "start", "a", "b"}, 1, `requires exactly 1`},
		{"unknown command", []string{"--root", dir, "--log-format=json", "--log=" + logFile, "frobnicate"}, 1, `no such command`},
		{"rootless true", []string{"--rootless=true", "--log-format=json", "--log=" + logFile, "list"}, 1, `rootless containers are not supported`},
		{"delete --force of nothing", []string{"--root", dir, "delete", "--force", "gone"}, 0, ""},
		{"list empty", []string{"--root", filepath.Join(dir, "none"), "list", "-q"}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(logFile)
			var out, errOut bytes.Buffer
			if code := run(tc.args, &out, &errOut); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errOut.String())
			}
			if tc.log == "" {
				return
			}
			b, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			last := lines[len(lines)-1]
			var m map[string]string
			if err := json.Unmarshal([]byte(last), &m); err != nil || m["level"] != "error" || m["time"] == "" {
				t.Errorf("last log line %q: not a runc json error line (%v)", last, err)
			}
			if !strings.Contains(last, tc.log) {
				t.Errorf("last log line %q lacks %q", last, tc.log)
			}
			if !strings.Contains(errOut.String(), strings.ReplaceAll(tc.log, `\"`, `"`)) {
				t.Errorf("stderr %q lacks the error", errOut.String())
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		var out bytes.Buffer
		if code := run(args, &out, &out); code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "tent-runc version ") ||
			!strings.HasPrefix(lines[1], "commit: ") || !strings.HasPrefix(lines[2], "spec: 1.") {
			t.Errorf("%v: %q is not runc's version format", args, out.String())
		}
	}
	var out bytes.Buffer
	if code := run([]string{"create", "--help"}, &out, &out); code != 0 || !strings.Contains(out.String(), "--console-socket") {
		t.Errorf("create --help: exit %d, %q", code, out.String())
	}
}

func TestCommandParse(t *testing.T) {
	cmds := commands()
	for _, tc := range []struct {
		args []string
		want []string
		err  bool
	}{
		{[]string{"exec", "--tty", "-e", "A=1", "c1", "sh", "-c", "ls -l"}, []string{"c1", "sh", "-c", "ls -l"}, false},
		{[]string{"exec", "c1"}, []string{"c1"}, false},
		{[]string{"create", "--bundle=/b", "--pid-file", "/p", "c1"}, []string{"c1"}, false},
		{[]string{"create", "c1", "-b", "/b"}, []string{"c1"}, false}, // flags after the id, as urfave/cli... and containerd
		{[]string{"kill", "--all", "c1", "9"}, []string{"c1", "9"}, false},
		{[]string{"kill", "c1", "9", "extra"}, nil, true},
		{[]string{"delete", "--nope", "c1"}, nil, true},
		{[]string{"list", "-q", "--format=json"}, []string{}, false},
	} {
		c := find(cmds, tc.args[0])
		got, err := c.parse(tc.args[1:])
		if (err != nil) != tc.err {
			t.Errorf("%v: err %v", tc.args, err)
			continue
		}
		if !tc.err && strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%v: args %q, want %q", tc.args, got, tc.want)
		}
	}
	if find(cmds, "ls") != find(cmds, "list") || find(cmds, "rm") != find(cmds, "delete") {
		t.Error("aliases ls and rm")
	}
}
