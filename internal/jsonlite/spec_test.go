package jsonlite

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	mobyseccomp "github.com/moby/profiles/seccomp"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/spec/runcspec"
)

// checkSameAsJSON fails unless DecodeSpec gives what json.Unmarshal gives:
// the same spec, or the same error.
func checkSameAsJSON(t *testing.T, name string, b []byte) {
	t.Helper()
	var want specs.Spec
	wantErr := json.Unmarshal(b, &want)
	got, err := DecodeSpec(b)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, encoding/json's %v", name, err, wantErr)
	case err != nil && err.Error() != wantErr.Error():
		t.Errorf("%s: error %q, encoding/json's %q", name, err, wantErr)
	case err == nil && !reflect.DeepEqual(*got, want):
		t.Errorf("%s: decoded\n%+v\nencoding/json\n%+v", name, *got, want)
	}
}

// realSpecs are specs as engines and tools write them: each must take the
// fast path and decode as encoding/json does.
func realSpecs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("testdata: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	docker := runcspec.Default(false)
	sc, err := mobyseccomp.GetDefaultProfile(docker)
	if err != nil {
		t.Fatal(err)
	}
	docker.Linux.Seccomp = sc
	for name, s := range map[string]*specs.Spec{"runcspec": runcspec.Default(false), "docker seccomp": docker,
		"every fast field": everyField()} {
		b, err := json.MarshalIndent(s, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func TestDecodeSpecRealSpecs(t *testing.T) {
	for name, b := range realSpecs(t) {
		if _, ok := decodeSpecFast(b); !ok {
			t.Errorf("%s: left to encoding/json", name)
		}
		checkSameAsJSON(t, name, b)
	}
	// runc spec --rootless: user namespace mappings are left to
	// encoding/json (tent-runc refuses them anyway).
	b, err := json.Marshal(runcspec.Default(true))
	if err != nil {
		t.Fatal(err)
	}
	checkSameAsJSON(t, "runcspec rootless", b)
}

// everyField sets every field the fast path decodes, pointers included.
func everyField() *specs.Spec {
	i64 := func(v int64) *int64 { return &v }
	u64 := func(v uint64) *uint64 { return &v }
	yes, mode, u32, n, e := true, os.FileMode(0o620), uint32(5), -17, uint(1)
	hook := specs.Hook{Path: "/h", Args: []string{"h", "é"}, Env: []string{"A=<&>"}, Timeout: &n}
	s := &specs.Spec{Version: "1.3.0", Hostname: "h", Domainname: "d", Annotations: map[string]string{"a": "b", "": ""},
		Process: &specs.Process{Terminal: true, ConsoleSize: &specs.Box{Height: 24, Width: 1 << 40},
			User: specs.User{UID: 1, GID: 4294967295, Umask: &u32, AdditionalGids: []uint32{}, Username: "u"},
			Args: []string{"sh", "-c", "a && b\n\t\"q\""}, Env: []string{}, Cwd: "/w",
			Capabilities: &specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}, Effective: []string{}, Inheritable: []string{"x"},
				Permitted: []string{"y"}, Ambient: []string{"z"}},
			Rlimits: []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Hard: 1 << 63, Soft: 0}}, NoNewPrivileges: true,
			ApparmorProfile: "p", OOMScoreAdj: &n, SelinuxLabel: "l"},
		Root:   &specs.Root{Path: "rootfs", Readonly: true},
		Mounts: []specs.Mount{{Destination: "/d", Type: "bind", Source: "/s", Options: []string{"rbind", "ro"}}, {}},
		Hooks: &specs.Hooks{CreateRuntime: []specs.Hook{{Path: "/c"}}, CreateContainer: []specs.Hook{},
			StartContainer: []specs.Hook{hook}, Poststart: []specs.Hook{hook}, Poststop: []specs.Hook{{}}},
		Linux: &specs.Linux{Sysctl: map[string]string{"net.ipv4.ip_forward": "1"}, CgroupsPath: "/a/b", RootfsPropagation: "rslave",
			MaskedPaths: []string{"/m"}, ReadonlyPaths: []string{}, MountLabel: "ml",
			Namespaces: []specs.LinuxNamespace{{Type: specs.PIDNamespace}, {Type: specs.NetworkNamespace, Path: "/proc/1/ns/net"}},
			Devices:    []specs.LinuxDevice{{Path: "/dev/x", Type: "c", Major: -1, Minor: 9, FileMode: &mode, UID: &u32, GID: &u32}},
			Resources: &specs.LinuxResources{
				Devices: []specs.LinuxDeviceCgroup{{Allow: true, Type: "c", Major: i64(1), Minor: i64(-1), Access: "rwm"}},
				Memory: &specs.LinuxMemory{Limit: i64(1 << 30), Reservation: i64(1), Swap: i64(-1), KernelTCP: i64(3),
					Swappiness: u64(60), DisableOOMKiller: &yes, UseHierarchy: &yes, CheckBeforeUpdate: &yes},
				CPU: &specs.LinuxCPU{Shares: u64(1024), Quota: i64(-1), Burst: u64(1), Period: u64(100000), RealtimeRuntime: i64(5),
					RealtimePeriod: u64(6), Cpus: "0-1", Mems: "0", Idle: i64(1)},
				Pids: &specs.LinuxPids{Limit: i64(100)}, Unified: map[string]string{"memory.high": "max"}},
			Seccomp: &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: &e, Architectures: []specs.Arch{specs.ArchX86_64},
				Flags: []specs.LinuxSeccompFlag{"SECCOMP_FILTER_FLAG_LOG"}, ListenerPath: "/l", ListenerMetadata: "m",
				Syscalls: []specs.LinuxSyscall{{Names: []string{"clone"}, Action: specs.ActAllow, ErrnoRet: &e,
					Args: []specs.LinuxSeccompArg{{Index: 0, Value: 1 << 63, ValueTwo: 2, Op: specs.OpMaskedEqual}}}}}}}
	//lint:ignore SA1019 deprecated, but a bundle may still set it
	s.Hooks.Prestart = []specs.Hook{hook}
	//lint:ignore SA1019 deprecated, but a bundle may still set it
	s.Linux.Resources.Memory.Kernel = i64(2)
	return s
}

// Documents the fast path leaves to encoding/json, or that encoding/json
// refuses: the result and the error must be encoding/json's.
func TestDecodeSpecEdgeCases(t *testing.T) {
	cases := []string{
		``, ` `, `null`, `[]`, `"x"`, `{}`, ` {} `, `{} x`, `{}{}`, `{`, `{"ociVersion":}`, `{"ociVersion":"1"`,
		`{"ociVersion":null}`, `{"process":null}`, `{"process":{"args":null}}`,
		`{"ociVersion":"a","ociVersion":"b"}`, `{"process":{"args":["a"]},"process":{"cwd":"/"}}`,
		`{"OCIVERSION":"1.0.0"}`, `{"ociversion":"1.0.0"}`, `{"unknown":1}`, `{"vm":{}}`, `{"linux":{"uidMappings":[]}}`,
		`{"process":{"oomScoreAdj":1.5}}`, `{"process":{"oomScoreAdj":1e3}}`, `{"process":{"oomScoreAdj":-0}}`,
		`{"process":{"oomScoreAdj":01}}`, `{"process":{"user":{"uid":-1}}}`, `{"process":{"user":{"uid":4294967296}}}`,
		`{"process":{"rlimits":[{"hard":18446744073709551616}]}}`, `{"process":{"terminal":"true"}}`, `{"process":{"terminal":tru}}`,
		`{"process":{"terminal":true1}}`, `{"hostname":"\u0041\u00e9\n\/\"\\\b\f\r\t"}`, `{"hostname":"\ud83d\ude00"}`,
		`{"hostname":"\ud83d"}`, `{"hostname":"\u12"}`, `{"hostname":"\x"}`, "{\"hostname\":\"a\tb\"}", "{\"hostname\":\"\xff\"}",
		"{\"hostname\":\"é\"}", `{"hostname":"a\"}`, `{"mounts":[]}`, `{"mounts":[{}]}`, `{"mounts":[,]}`, `{"mounts":[{},]}`,
		`{"annotations":{}}`, `{"annotations":{"a":"1","a":"2"}}`, `{"annotations":{"a":1}}`, `{"linux":{"resources":{"pids":{}}}}`,
		`{"linux":{"resources":{"pids":{"limit":5,"x":1}}}}`, `{"linux":{"resources":{"memory":{"swappiness":-1}}}}`,
		`{"linux":{"resources":{"blockIO":{}}}}`, `{"linux":{"seccomp":{"syscalls":[{"names":[],"args":[{"index":-1}]}]}}}`,
		"\t\n\r {\"ociVersion\" \n:\t\"1.0.0\" , \"hostname\":\"h\"\n}\n",
	}
	for _, c := range cases {
		checkSameAsJSON(t, c, []byte(c))
	}
}

// FuzzDecodeSpec: whatever the input, DecodeSpec agrees with encoding/json.
func FuzzDecodeSpec(f *testing.F) {
	f.Add([]byte(`{"ociVersion":"1.0.0","process":{"args":["a"]}}`))
	b, _ := json.Marshal(everyField())
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) { checkSameAsJSON(t, "fuzz input", b) })
}
