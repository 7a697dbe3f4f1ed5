package spec

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json from the specs built now")

const testID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

var (
	testUsers = UserDB{
		Passwd: []byte("root:x:0:0:root:/root:/bin/sh\ntentuser:x:1000:1000:Tent:/home/tent:/bin/sh\n# comment\nnobody:x:65534:65534::/nonexistent:/bin/false\n"),
		Group:  []byte("root:x:0:\nwheel:x:10:tentuser\ntent:x:1000:\naudio:x:29:nobody,tentuser\n"),
	}
	busybox = v1.Config{Cmd: []string{"sh"}, Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
)

// runOpts are the options the engine passes for every `tent run`.
func runOpts(extra ...Option) []Option {
	return append([]Option{
		WithRootPath("/run/tent/rootfs"), WithHostname(testID[:12]), WithUserDB(testUsers),
		WithEtcFiles(EtcFiles{Hostname: "/c/hostname", Hosts: "/c/hosts", Resolv: "/c/resolv.conf"}),
		WithNamespace(specs.NetworkNamespace, "/run/tent/netns/"+testID),
		WithCgroupsPath("/tent/" + testID), WithNofileLimit(524288),
		WithLookupEnv(func(k string) (string, bool) { v, ok := map[string]string{"FROMHOST": "yes"}[k]; return v, ok }),
	}, extra...)
}

// TestGolden compares the spec of each case with testdata/<name>.json
// (go test ./internal/spec -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	nginx := v1.Config{
		Entrypoint: []string{"/docker-entrypoint.sh"}, Cmd: []string{"nginx", "-g", "daemon off;"},
		Env: []string{"PATH=/usr/local/sbin:/usr/bin:/bin", "NGINX_VERSION=1.27.0"}, WorkingDir: "/srv", User: "nobody",
	}
	for _, tc := range []struct {
		name string
		img  *v1.Config // nil: Default
		opts []Option
	}{
		{"default", nil, nil},
		{"default-runc", nil, []Option{WithCmd("sh"), WithTerminal(true), WithReadonlyRootfs(true), WithHostname("tent")}},
		{"run", &busybox, runOpts()},
		{"user-group", &busybox, runOpts(WithUser("tentuser:wheel"))},
		{"user-image", &nginx, runOpts()},
		{"user-uid", &busybox, runOpts(WithUser("4242:7"))},
		{"read-only", &busybox, runOpts(WithReadonlyRootfs(true))},
		{"resources", &busybox, runOpts(WithResources(Resources{Memory: 64 << 20, CPUs: 1.5, CPUShares: 512, PidsLimit: 100}))},
		{"memory-swap", &busybox, runOpts(WithResources(Resources{Memory: 64 << 20, MemorySwap: -1}))},
		{"env", &nginx, runOpts(WithEnvFile("A=file", "B=file"), WithEnv("A=flag", "NGINX_VERSION=x", "FROMHOST", "NOTSET", "HOME=/h"))},
		{"entrypoint-image", &nginx, runOpts()},
		{"entrypoint-args", &nginx, runOpts(WithCmd("nginx", "-t"))},
		{"entrypoint-flag", &nginx, runOpts(WithEntrypoint("/bin/sh"), WithCmd("-c", "echo hi"))},
		{"entrypoint-cleared", &nginx, runOpts(WithEntrypoint(""), WithCmd("ls"))},
		{"workdir", &nginx, runOpts(WithWorkdir("/tmp"))},
		{"volumes", &busybox, runOpts(WithVolumes("/data:/data:ro", "/tmp/x/../y:/work/", "/a:/b:rw"))},
		{"hostname", &busybox, runOpts(WithHostname("web"))},
		{"init", &busybox, runOpts(WithInit("/usr/local/bin/tent", "__tent_reaper"))},
		{"network-none", &busybox, runOpts(WithNamespace(specs.NetworkNamespace, "/run/tent/netns/"+testID))},
		{"network-host", &busybox, runOpts(WithoutNamespace(specs.NetworkNamespace))},
		{"network-container", &busybox, runOpts(WithNamespace(specs.NetworkNamespace, "/run/tent/netns/fedcba9876543210"))},
		{"tty", &busybox, runOpts(WithTerminal(true))},
		{"seccomp-default", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}))},
		{"seccomp-unconfined", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithSecurityOpts("seccomp=unconfined"))},
		{"seccomp-json", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithSecurityOpts(`seccomp={"defaultAction":"SCMP_ACT_LOG"}`))},
		{"no-new-privileges", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithSecurityOpts("no-new-privileges"))},
		{"cap-add-drop", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithCapAdd("net_admin", "CAP_SYS_TIME"), WithCapDrop("MKNOD", "cap_net_raw"))},
		{"cap-drop-all", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithCapDrop("ALL"), WithCapAdd("chown"))},
		{"privileged", &busybox, runOpts(WithSeccompProfiles(fakeProfiles{}), WithPrivileged(true), WithCapDrop("ALL"),
			WithHostCapabilities([]string{"CAP_CHOWN", "CAP_SYS_ADMIN"}),
			WithHostDevices([]specs.LinuxDevice{{Path: "/dev/sda", Type: "b", Major: 8, FileMode: ptr(os.FileMode(0o660)), UID: ptr(uint32(0)), GID: ptr(uint32(6))}}))},
		{"hostconfig", &busybox, runOpts(WithUlimits(Ulimit{Name: "nofile", Soft: 1024, Hard: 2048}, Ulimit{Name: "core", Soft: -1, Hard: -1}),
			WithOOMScoreAdj(500), WithGroupAdd("audio", "4242"), WithShmSize(128<<20),
			WithSysctls(map[string]string{"net.ipv4.ip_forward": "1", "kernel.shmmax": "1000"}),
			WithDevices(Device{Host: "/dev/fuse", Container: "/dev/myfuse", Access: "rw",
				Node: specs.LinuxDevice{Type: "c", Major: 10, Minor: 229, FileMode: ptr(os.FileMode(0o666)), UID: ptr(uint32(0)), GID: ptr(uint32(0))}}))},
		{"resources-more", &busybox, runOpts(WithResources(Resources{Memory: 64 << 20, MemoryReservation: 32 << 20,
			CPUQuota: 50000, CPUPeriod: 200000, CpusetCpus: "0-1", CpusetMems: "0"}))},
		{"host-namespaces", &busybox, runOpts(WithoutNamespace(specs.PIDNamespace), WithoutNamespace(specs.IPCNamespace),
			WithoutNamespace(specs.UTSNamespace))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s *specs.Spec
			var err error
			if tc.img == nil {
				s, err = Default(tc.opts...)
			} else {
				s, err = New(*tc.img, tc.opts...)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(s, "", "\t")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			file := filepath.Join("testdata", tc.name+".json")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to make it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("spec differs from %s (run with -update if the change is meant):\n%s", file, lineDiff(want, got))
			}
		})
	}
}

// lineDiff lists the lines of got that differ from want, by line number.
func lineDiff(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	var out bytes.Buffer
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b []byte
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if !bytes.Equal(a, b) {
			out.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + string(a) + "\n+ " + string(b) + "\n")
		}
	}
	return out.String()
}
