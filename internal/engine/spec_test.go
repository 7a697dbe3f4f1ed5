package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/spec"
)

const testID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

var testUsers = spec.UserDB{
	Passwd: []byte("root:x:0:0:root:/root:/bin/sh\ntentuser:x:1000:1000:Tent:/home/tent:/bin/sh\n"),
	Group:  []byte("root:x:0:\nwheel:x:10:tentuser\n"),
}

func testImage(cfg v1.Config) *image.Image {
	return &image.Image{ID: "sha256:abc", Config: v1.ConfigFile{Config: cfg}}
}

func testCtx() SpecContext {
	return SpecContext{
		ID: testID, RootfsDir: "/c/rootfs", Users: testUsers, NetnsPath: "/run/tent/netns/x",
		Files:     Files{Hostname: "/c/hostname", Hosts: "/c/hosts", Resolv: "/c/resolv.conf"},
		LookupEnv: func(k string) (string, bool) { v, ok := map[string]string{"FROMHOST": "yes"}[k]; return v, ok },
		EnvFile:   []string{"F=file"}, InitPath: "/usr/bin/tent", NofileHard: 4096, CgroupsPath: "/tent/" + testID,
	}
}

// TestSpecPassesEveryOption checks that each run option and each part of
// the context reaches package spec as the matching option.
func TestSpecPassesEveryOption(t *testing.T) {
	img := v1.Config{Entrypoint: []string{"/ep"}, Cmd: []string{"a"}, Env: []string{"A=1"}}
	ep := []string{"/bin/sh", "-c"}
	o := RunOptions{
		Cmd: []string{"echo hi"}, Entrypoint: &ep, Env: []string{"B=2", "FROMHOST"}, Workdir: "/w",
		User: "tentuser:wheel", Hostname: "web", ReadOnly: true, Volumes: []string{"/d:/d:ro"}, Init: true,
		Memory: 64 << 20, MemorySwap: 128 << 20, CPUs: 0.5, CPUShares: 256, PidsLimit: 9, TTY: true,
		CapAdd: []string{"net_admin"}, CapDrop: []string{"MKNOD"}, SecurityOpt: []string{"no-new-privileges"},
	}
	c := testCtx()
	c.Mounts = []spec.MountPoint{{Type: spec.MountBind, Source: "/d", Target: "/d", ReadOnly: true}}
	got, err := Spec(testImage(img), o, c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := spec.New(img,
		spec.WithRootPath("/c/rootfs"), spec.WithReadonlyRootfs(true), spec.WithHostname("web"),
		spec.WithEntrypoint("/bin/sh", "-c"), spec.WithCmd("echo hi"), spec.WithWorkdir("/w"),
		spec.WithUser("tentuser:wheel"), spec.WithUserDB(testUsers),
		spec.WithEnvFile("F=file"), spec.WithEnv("B=2", "FROMHOST"), spec.WithLookupEnv(c.LookupEnv),
		spec.WithTerminal(true), spec.WithEtcFiles(c.Files), spec.WithMountPoints(c.Mounts...),
		spec.WithInit("/usr/bin/tent", ReaperArg), spec.WithNamespace(specs.NetworkNamespace, "/run/tent/netns/x"),
		spec.WithResources(spec.Resources{Memory: 64 << 20, MemorySwap: 128 << 20, CPUs: 0.5, CPUShares: 256, PidsLimit: 9}),
		spec.WithNofileLimit(4096), spec.WithCgroupsPath("/tent/"+testID),
		spec.WithSeccompProfiles(seccompProfiles{}), spec.WithCapAdd("net_admin"), spec.WithCapDrop("MKNOD"),
		spec.WithSecurityOpts("no-new-privileges"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("engine's spec differs from package spec's:\n got %+v\nwant %+v", got, want)
	}
	if got.Linux.Seccomp == nil || !got.Process.NoNewPrivileges {
		t.Fatalf("no seccomp profile (%v) or no no_new_privs", got.Linux.Seccomp == nil)
	}
	if got.Process.Args[1] != ReaperArg || !strings.Contains(strings.Join(got.Process.Env, " "), "FROMHOST=yes") {
		t.Fatalf("args %q env %q", got.Process.Args, got.Process.Env)
	}
}

func TestSpecHostnameIsShortID(t *testing.T) {
	s, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), RunOptions{}, testCtx())
	if err != nil {
		t.Fatal(err)
	}
	if s.Hostname != testID[:12] || s.Process.Env[0] != "HOSTNAME="+testID[:12] {
		t.Fatalf("hostname %q env %q", s.Hostname, s.Process.Env)
	}
}

func TestSpecErrors(t *testing.T) {
	sh := testImage(v1.Config{Cmd: []string{"sh"}})
	c := testCtx()
	c.InitPath = ""
	for _, tc := range []struct {
		name string
		img  *image.Image
		o    RunOptions
		want string
	}{
		{"no image", nil, RunOptions{}, "no image"},
		{"--init without tent's path", sh, RunOptions{Init: true}, "--init"},
		{"no command", testImage(v1.Config{}), RunOptions{}, "no command specified"},
		{"small memory", sh, RunOptions{Memory: 1 << 20}, "minimum memory limit"},
	} {
		if _, err := Spec(tc.img, tc.o, c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestSpawnNamespaces: the init cloned ahead gets the spec's namespaces
// (run -d's, cloned by the monitor, cannot be replaced when they differ).
func TestSpawnNamespaces(t *testing.T) {
	for _, o := range []RunOptions{
		{}, {Network: "bridge"}, {Network: "none"}, {Network: "host"}, {Network: "container:web"},
		{Network: "none", HostOptions: HostOptions{PID: "host"}}, {HostOptions: HostOptions{IPC: "host", UTS: "host"}},
		{Network: "host", HostOptions: HostOptions{PID: "host", IPC: "host", UTS: "host"}},
	} {
		s, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), o, testCtx())
		if err != nil {
			t.Fatal(err)
		}
		got := spawnNamespaces(o)
		if len(got) != len(s.Linux.Namespaces) {
			t.Fatalf("%+v: spawn %v, spec %v", o, got, s.Linux.Namespaces)
		}
		for i := range got {
			if got[i].Type != s.Linux.Namespaces[i].Type {
				t.Errorf("%+v: spawn %v, spec %v", o, got, s.Linux.Namespaces)
			}
		}
		if o.Network == "host" && o.PID == "" && len(got) != 4 {
			t.Errorf("--network host must keep the host's netns: %v", got)
		}
	}
}

// TestLayerFiles reads the user db from unpacked layers (bottom first): the
// top one wins,
// and an absolute symlink resolves inside the layers, not on the host.
func TestLayerFiles(t *testing.T) {
	lower, upper := t.TempDir(), t.TempDir()
	for _, d := range []string{lower, upper} {
		if err := os.MkdirAll(filepath.Join(d, "etc"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, data string) {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(lower, "etc/passwd"), "old:x:1:1::/:/bin/sh\n")
	write(filepath.Join(lower, "etc/group.real"), "g:x:7:\n")
	write(filepath.Join(upper, "etc/passwd"), "new:x:2:2::/:/bin/sh\n")
	if err := os.Symlink("/etc/group.real", filepath.Join(upper, "etc/group")); err != nil {
		t.Fatal(err)
	}
	db, err := spec.ReadUserDB(layerFiles{lower, upper})
	if err != nil {
		t.Fatal(err)
	}
	if string(db.Passwd) != "new:x:2:2::/:/bin/sh\n" || string(db.Group) != "g:x:7:\n" {
		t.Fatalf("db = %q / %q", db.Passwd, db.Group)
	}
	if db, err := spec.ReadUserDB(layerFiles{t.TempDir()}); err != nil || db.Passwd != nil || db.Group != nil {
		t.Fatalf("no /etc: %+v %v, want empty, nil", db, err)
	}
}

// TestInitLayerHasSpecMountPoints: every mount point of the spec at the
// top of the rootfs, and every /etc file it binds, is in the init layer,
// so that the runtime never creates one in the container's upper dir.
func TestInitLayerHasSpecMountPoints(t *testing.T) {
	s, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), RunOptions{}, testCtx())
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, ent := range initLayerEntries {
		have["/"+ent.path] = true
	}
	for _, m := range s.Mounts {
		if dir := filepath.Dir(m.Destination); dir == "/" || dir == "/etc" {
			if !have[m.Destination] {
				t.Errorf("mount point %s is not in the init layer", m.Destination)
			}
		}
	}
}
