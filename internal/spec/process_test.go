package spec

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func mustNew(t *testing.T, cfg v1.Config, opts ...Option) *specs.Spec {
	t.Helper()
	s, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func TestArgs(t *testing.T) {
	for _, tc := range []struct {
		name       string
		entrypoint []string
		cmd        []string
		opts       []Option
		want       []string
	}{
		{"image cmd", nil, []string{"sh"}, nil, []string{"sh"}},
		{"args override cmd", nil, []string{"sh"}, []Option{WithCmd("ls", "-l")}, []string{"ls", "-l"}},
		{"entrypoint plus cmd", []string{"/ep"}, []string{"a"}, nil, []string{"/ep", "a"}},
		{"entrypoint plus args", []string{"/ep"}, []string{"a"}, []Option{WithCmd("b")}, []string{"/ep", "b"}},
		{"--entrypoint clears cmd", []string{"/ep"}, []string{"a"}, []Option{WithEntrypoint("/bin/sh", "-c")}, []string{"/bin/sh", "-c"}},
		{"--entrypoint with args", nil, []string{"a"}, []Option{WithEntrypoint("/bin/sh", "-c"), WithCmd("echo hi")}, []string{"/bin/sh", "-c", "echo hi"}},
		{"--entrypoint '' uses args", []string{"/ep"}, []string{"a"}, []Option{WithEntrypoint(""), WithCmd("ls")}, []string{"ls"}},
		{"--init wraps", nil, []string{"sleep", "1"}, []Option{WithInit("/usr/bin/tent", "__tent_reaper")}, []string{"/dev/init", "__tent_reaper", "--", "sleep", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, v1.Config{Entrypoint: tc.entrypoint, Cmd: tc.cmd}, tc.opts...)
			if !reflect.DeepEqual(s.Process.Args, tc.want) {
				t.Fatalf("args = %q, want %q", s.Process.Args, tc.want)
			}
		})
	}
}

func TestNoCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  v1.Config
		opts []Option
	}{
		{"nothing", v1.Config{}, nil},
		{"--entrypoint '' clears cmd", v1.Config{Cmd: []string{"sh"}}, []Option{WithEntrypoint("")}},
		{"--entrypoint with no args clears cmd", v1.Config{Cmd: []string{"sh"}}, []Option{WithEntrypoint()}},
	} {
		if _, err := New(tc.cfg, tc.opts...); !errors.Is(err, ErrNoCommand) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, ErrNoCommand)
		}
	}
	if s, err := Default(); err != nil || s.Process.Args != nil {
		t.Errorf("Default: args %q, err %v; want none, nil", s.Process.Args, err)
	}
}

func TestEnv(t *testing.T) {
	for _, tc := range []struct {
		name  string
		image []string
		opts  []Option
		want  []string
	}{
		{"defaults", nil, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/root"}},
		{"image path kept", []string{"PATH=/x", "A=1"}, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=/x", "A=1", "HOME=/root"}},
		{"-e overrides in place", []string{"A=1", "B=2"}, []Option{WithEnv("A=3", "C=4")},
			[]string{"HOSTNAME=0123456789ab", "A=3", "B=2", "C=4", "PATH=" + DefaultPath, "HOME=/root"}},
		{"-e K from host, unset dropped", nil, []Option{WithEnv("FROMHOST", "NOTSET")},
			[]string{"HOSTNAME=0123456789ab", "FROMHOST=yes", "PATH=" + DefaultPath, "HOME=/root"}},
		{"env-file then -e", nil, []Option{WithEnv("A=flag"), WithEnvFile("A=file", "B=file")},
			[]string{"HOSTNAME=0123456789ab", "A=flag", "B=file", "PATH=" + DefaultPath, "HOME=/root"}},
		{"tty sets TERM, -h sets HOSTNAME", nil, []Option{WithTerminal(true), WithHostname("box")},
			[]string{"HOSTNAME=box", "PATH=" + DefaultPath, "HOME=/root", "TERM=xterm"}},
		{"HOME of the user", nil, []Option{WithUser("tentuser")},
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/home/tent"}},
		{"HOME / for unknown uid", nil, []Option{WithUser("4242")},
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/"}},
		{"HOME from -e wins", nil, []Option{WithEnv("HOME=/h")},
			[]string{"HOSTNAME=0123456789ab", "HOME=/h", "PATH=" + DefaultPath}},
		{"no hostname, no HOSTNAME", nil, []Option{WithHostname("")},
			[]string{"PATH=" + DefaultPath, "HOME=/root"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, v1.Config{Cmd: []string{"sh"}, Env: tc.image}, runOpts(tc.opts...)...)
			if !reflect.DeepEqual(s.Process.Env, tc.want) {
				t.Fatalf("env = %q\nwant  %q", s.Process.Env, tc.want)
			}
		})
	}
}

func TestEnvInvalid(t *testing.T) {
	for _, kv := range []string{"=x", "A B=1"} {
		if _, err := New(busybox, WithEnv(kv)); err == nil || !strings.Contains(err.Error(), "invalid environment variable") {
			t.Errorf("-e %q: err = %v, want invalid environment variable", kv, err)
		}
	}
}

func TestParseEnvFile(t *testing.T) {
	got := ParseEnvFile([]byte("# c\n\nA=1\n  B=two words\nC\n"))
	if want := []string{"A=1", "B=two words", "C"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestEnvList(t *testing.T) {
	var e Env
	e.SetDefault("A", "1")
	e.Set("B=2")
	e.Set("A=3")
	e.SetDefault("B", "4")
	if want := []string{"A=3", "B=2"}; !reflect.DeepEqual(e.List(), want) {
		t.Fatalf("env = %q, want %q", e.List(), want)
	}
}

func TestBasics(t *testing.T) {
	s := mustNew(t, busybox, runOpts()...)
	if s.Hostname != "0123456789ab" || s.Root.Path != "/run/tent/rootfs" || s.Root.Readonly {
		t.Fatalf("hostname %q root %+v", s.Hostname, s.Root)
	}
	if s.Process.NoNewPrivileges || s.Process.Terminal {
		t.Fatal("no_new_privs and terminal must be off by default")
	}
	caps := s.Process.Capabilities
	if len(caps.Bounding) != 14 || !reflect.DeepEqual(caps.Bounding, caps.Effective) || len(caps.Inheritable) != 0 || len(caps.Ambient) != 0 {
		t.Fatalf("caps = %+v", caps)
	}
	for _, c := range caps.Bounding {
		if c == "CAP_SYS_ADMIN" || c == "CAP_NET_ADMIN" {
			t.Fatalf("%s must not be granted", c)
		}
	}
	if len(s.Linux.MaskedPaths) != 12 || len(s.Linux.ReadonlyPaths) != 5 {
		t.Fatalf("masked %v ro %v", s.Linux.MaskedPaths, s.Linux.ReadonlyPaths)
	}
}

func TestNofile(t *testing.T) {
	for _, tc := range []struct{ hard, want uint64 }{{524288, 524288}, {1 << 30, 1048576}, {0, 1048576}} {
		s := mustNew(t, busybox, WithNofileLimit(tc.hard))
		if r := s.Process.Rlimits[0]; r.Type != "RLIMIT_NOFILE" || r.Hard != tc.want || r.Soft != tc.want {
			t.Errorf("hard %d: rlimit %+v, want %d", tc.hard, r, tc.want)
		}
	}
}

func TestNamespaces(t *testing.T) {
	types := func(ns []specs.LinuxNamespace) (out []specs.LinuxNamespaceType) {
		for _, n := range ns {
			out = append(out, n.Type)
		}
		return out
	}
	all := []specs.LinuxNamespaceType{"pid", "mount", "uts", "ipc", "network"}
	if got := types(Namespaces()); !reflect.DeepEqual(got, all) {
		t.Errorf("default: %v, want %v", got, all)
	}
	if got := types(Namespaces(WithoutNamespace(specs.NetworkNamespace))); !reflect.DeepEqual(got, all[:4]) {
		t.Errorf("host network: %v, want %v", got, all[:4])
	}
	ns := Namespaces(WithNamespace(specs.NetworkNamespace, "/run/tent/netns/x"))
	if n := ns[4]; n.Type != "network" || n.Path != "/run/tent/netns/x" {
		t.Errorf("netns %+v", n)
	}
	s := mustNew(t, busybox, WithNamespace(specs.NetworkNamespace, "/x"))
	if !reflect.DeepEqual(s.Linux.Namespaces, Namespaces(WithNamespace(specs.NetworkNamespace, "/x"))) {
		t.Errorf("New's namespaces %+v differ from Namespaces'", s.Linux.Namespaces)
	}
}
