package engine

import (
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/image"
)

const testID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

var (
	testPasswd = []byte("root:x:0:0:root:/root:/bin/sh\ntentuser:x:1000:1000:Tent:/home/tent:/bin/sh\n# comment\nnobody:x:65534:65534::/nonexistent:/bin/false\n")
	testGroup  = []byte("root:x:0:\nwheel:x:10:tentuser\ntent:x:1000:\naudio:x:29:nobody,tentuser\n")
)

func testImage(cfg v1.Config) *image.Image {
	return &image.Image{ID: "sha256:abc", Config: v1.ConfigFile{Config: cfg}}
}

func testCtx() SpecContext {
	return SpecContext{
		ID: testID, RootfsDir: "/c/rootfs", Passwd: testPasswd, Group: testGroup,
		Files:     Files{Hostname: "/c/hostname", Hosts: "/c/hosts", Resolv: "/c/resolv.conf"},
		LookupEnv: func(k string) (string, bool) { v, ok := map[string]string{"FROMHOST": "yes"}[k]; return v, ok },
	}
}

func mustSpec(t *testing.T, cfg v1.Config, o RunOptions, c SpecContext) *specs.Spec {
	t.Helper()
	s, err := Spec(testImage(cfg), o, c)
	if err != nil {
		t.Fatalf("Spec: %v", err)
	}
	return s
}

func TestSpecArgs(t *testing.T) {
	empty, sh := []string{""}, []string{"/bin/sh", "-c"}
	for _, tc := range []struct {
		name       string
		entrypoint []string
		cmd        []string
		o          RunOptions
		want       []string
	}{
		{"image cmd", nil, []string{"sh"}, RunOptions{}, []string{"sh"}},
		{"args override cmd", nil, []string{"sh"}, RunOptions{Cmd: []string{"ls", "-l"}}, []string{"ls", "-l"}},
		{"entrypoint plus cmd", []string{"/ep"}, []string{"a"}, RunOptions{}, []string{"/ep", "a"}},
		{"entrypoint plus args", []string{"/ep"}, []string{"a"}, RunOptions{Cmd: []string{"b"}}, []string{"/ep", "b"}},
		{"--entrypoint clears cmd", []string{"/ep"}, []string{"a"}, RunOptions{Entrypoint: &sh}, []string{"/bin/sh", "-c"}},
		{"--entrypoint with args", nil, []string{"a"}, RunOptions{Entrypoint: &sh, Cmd: []string{"echo hi"}}, []string{"/bin/sh", "-c", "echo hi"}},
		{"--entrypoint '' uses args", []string{"/ep"}, []string{"a"}, RunOptions{Entrypoint: &empty, Cmd: []string{"ls"}}, []string{"ls"}},
		{"--init wraps", nil, []string{"sleep", "1"}, RunOptions{Init: true}, []string{"/dev/init", "__tent_reaper", "--", "sleep", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCtx()
			c.InitPath = "/usr/bin/tent"
			s := mustSpec(t, v1.Config{Entrypoint: tc.entrypoint, Cmd: tc.cmd}, tc.o, c)
			if !reflect.DeepEqual(s.Process.Args, tc.want) {
				t.Fatalf("args = %q, want %q", s.Process.Args, tc.want)
			}
		})
	}
}

func TestSpecNoCommand(t *testing.T) {
	empty := []string{""}
	for _, tc := range []struct {
		name string
		cfg  v1.Config
		o    RunOptions
	}{
		{"nothing", v1.Config{}, RunOptions{}},
		{"--entrypoint '' clears cmd", v1.Config{Cmd: []string{"sh"}}, RunOptions{Entrypoint: &empty}},
	} {
		if _, err := Spec(testImage(tc.cfg), tc.o, testCtx()); err == nil || !strings.Contains(err.Error(), "no command") {
			t.Errorf("%s: err = %v, want no command specified", tc.name, err)
		}
	}
}

func TestSpecEnv(t *testing.T) {
	for _, tc := range []struct {
		name  string
		image []string
		o     RunOptions
		file  []string
		want  []string
	}{
		{"defaults", nil, RunOptions{}, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/root"}},
		{"image path kept", []string{"PATH=/x", "A=1"}, RunOptions{}, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=/x", "A=1", "HOME=/root"}},
		{"-e overrides in place", []string{"A=1", "B=2"}, RunOptions{Env: []string{"A=3", "C=4"}}, nil,
			[]string{"HOSTNAME=0123456789ab", "A=3", "B=2", "C=4", "PATH=" + DefaultPath, "HOME=/root"}},
		{"-e K from host, unset dropped", nil, RunOptions{Env: []string{"FROMHOST", "NOTSET"}}, nil,
			[]string{"HOSTNAME=0123456789ab", "FROMHOST=yes", "PATH=" + DefaultPath, "HOME=/root"}},
		{"env-file then -e", nil, RunOptions{Env: []string{"A=flag"}}, []string{"A=file", "B=file"},
			[]string{"HOSTNAME=0123456789ab", "A=flag", "B=file", "PATH=" + DefaultPath, "HOME=/root"}},
		{"tty sets TERM, -h sets HOSTNAME", nil, RunOptions{TTY: true, Hostname: "box"}, nil,
			[]string{"HOSTNAME=box", "PATH=" + DefaultPath, "HOME=/root", "TERM=xterm"}},
		{"HOME of the user", nil, RunOptions{User: "tentuser"}, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/home/tent"}},
		{"HOME / for unknown uid", nil, RunOptions{User: "4242"}, nil,
			[]string{"HOSTNAME=0123456789ab", "PATH=" + DefaultPath, "HOME=/"}},
		{"HOME from -e wins", nil, RunOptions{Env: []string{"HOME=/h"}}, nil,
			[]string{"HOSTNAME=0123456789ab", "HOME=/h", "PATH=" + DefaultPath}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCtx()
			c.EnvFile = tc.file
			s := mustSpec(t, v1.Config{Cmd: []string{"sh"}, Env: tc.image}, tc.o, c)
			if !reflect.DeepEqual(s.Process.Env, tc.want) {
				t.Fatalf("env = %q\nwant  %q", s.Process.Env, tc.want)
			}
		})
	}
}

func TestSpecEnvInvalid(t *testing.T) {
	if _, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), RunOptions{Env: []string{"=x"}}, testCtx()); err == nil {
		t.Fatal("-e =x: want an error")
	}
}

func TestParseEnvFile(t *testing.T) {
	got := ParseEnvFile([]byte("# c\n\nA=1\n  B=two words\nC\n"))
	if want := []string{"A=1", "B=two words", "C"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestSpecUserAndWorkdir(t *testing.T) {
	for _, tc := range []struct {
		name, imageUser, flag, imageWd, flagWd string
		want                                   specs.User
		wantCwd, wantErr                       string
	}{
		{name: "default root", want: specs.User{}, wantCwd: "/"},
		{name: "uid", flag: "1000", want: specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10, 29}}, wantCwd: "/"},
		{name: "unknown uid", flag: "4242", want: specs.User{UID: 4242}, wantCwd: "/"},
		{name: "uid:gid", flag: "4242:7", want: specs.User{UID: 4242, GID: 7}, wantCwd: "/"},
		{name: "name", flag: "tentuser", want: specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10, 29}}, wantCwd: "/"},
		{name: "name:group", flag: "tentuser:wheel", want: specs.User{UID: 1000, GID: 10, AdditionalGids: []uint32{29}}, wantCwd: "/"},
		{name: "image user and workdir", imageUser: "nobody", imageWd: "/srv", want: specs.User{UID: 65534, GID: 65534, AdditionalGids: []uint32{29}}, wantCwd: "/srv"},
		{name: "flag beats image", imageUser: "nobody", flag: "0", imageWd: "/srv", flagWd: "/tmp", want: specs.User{}, wantCwd: "/tmp"},
		{name: "unknown name", flag: "ghost", wantErr: "unable to find user ghost"},
		{name: "unknown group", flag: "tentuser:ghosts", wantErr: "unable to find group ghosts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := v1.Config{Cmd: []string{"sh"}, User: tc.imageUser, WorkingDir: tc.imageWd}
			s, err := Spec(testImage(cfg), RunOptions{User: tc.flag, Workdir: tc.flagWd}, testCtx())
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Process.User, tc.want) || s.Process.Cwd != tc.wantCwd {
				t.Fatalf("user %+v cwd %q, want %+v %q", s.Process.User, s.Process.Cwd, tc.want, tc.wantCwd)
			}
		})
	}
}

func TestSpecUserWithoutPasswd(t *testing.T) {
	c := testCtx()
	c.Passwd, c.Group = nil, nil
	s := mustSpec(t, v1.Config{Cmd: []string{"sh"}}, RunOptions{User: "1000:1000"}, c)
	if s.Process.User.UID != 1000 || s.Process.User.GID != 1000 {
		t.Fatalf("user = %+v", s.Process.User)
	}
	if _, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), RunOptions{User: "tentuser"}, c); err == nil {
		t.Fatal("a name without /etc/passwd: want an error")
	}
}
