package seccomp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	mobyseccomp "github.com/moby/profiles/seccomp"
)

// dockerJSON is Docker's default profile in its JSON file format.
func dockerJSON(t testing.TB) []byte {
	t.Helper()
	b, err := json.Marshal(mobyseccomp.DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseDockerProfile: Docker's default profile read from its JSON form
// resolves and compiles to the same program as DefaultProfile.
func TestParseDockerProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "default.json")
	if err := os.WriteFile(path, dockerJSON(t), 0o600); err != nil {
		t.Fatal(err)
	}
	fromFile, err := LoadProfile(path, dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	def, err := DefaultProfile(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	a, b := mustCompile(t, fromFile), mustCompile(t, def)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("file: %d instructions, default: %d", len(a.Filter), len(b.Filter))
	}
}

func TestParseProfileErrors(t *testing.T) {
	const rule = `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[%s]}]}`
	arg := func(a string) string { return strings.Replace(rule, "%s", a, 1) }
	for _, tc := range []struct {
		json, want string
	}{
		{`{"defaultAction":"SCMP_ACT_BOGUS"}`, `defaultAction: unknown action "SCMP_ACT_BOGUS"`},
		{`{"syscalls":[]}`, "defaultAction: missing"},
		{`{}`, "defaultAction: missing"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscals":[]}`, `unknown field "syscals"`},
		{`{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_Z80"]}`, "architectures[0]"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}`, "archMap: both"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["x"]}]}`, "archMap[0].subArchitectures[0]"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","listenerPath":"/a"}`, "listenerPath"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"action":"SCMP_ACT_ALLOW"}]}`, "syscalls[0].names: missing"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":[""],"action":"SCMP_ACT_ALLOW"}]}`, "syscalls[0].names[0]: empty"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ALLOW"}]}`, "syscalls[0]: both name and names"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[null]}`, "syscalls[0]: null"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALOW"}]}`, `syscalls[0].action: unknown action "SCMP_ACT_ALOW"`},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW","errnoRet":1}]}`, "syscalls[0].action: errnoRet is only valid"},
		{arg(`{"index":6,"value":1,"op":"SCMP_CMP_EQ"}`), "syscalls[0].args[0].index"},
		{arg(`{"index":0,"value":1,"op":"SCMP_CMP_SAME"}`), `syscalls[0].args[0].op: unknown operator "SCMP_CMP_SAME"`},
		{arg(`{"index":0,"value":"1","op":"SCMP_CMP_EQ"}`), "syscalls.args.value: JSON string where uint64 is wanted"},
		{arg(`{"index":0,"value":-1,"op":"SCMP_CMP_EQ"}`), "syscalls.args.value"},
		{`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"x"}}]}`, "invalid kernel version"},
		{`{"defaultAction":"SCMP_ACT_ERRNO"`, "unexpected EOF"},
		{`{"defaultAction":"SCMP_ACT_ERRNO",}`, "byte 35"},
		{`{"defaultAction":"SCMP_ACT_ERRNO"} {}`, "trailing data"},
	} {
		_, err := ParseProfile([]byte(tc.json), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.want)
		}
	}
	if _, err := LoadProfile(filepath.Join(t.TempDir(), "none.json"), nil); err == nil {
		t.Error("missing file: no error")
	}
}

func TestNormCaps(t *testing.T) {
	got := normCaps([]string{"sys_admin", "CAP_NET_ADMIN", " Kill ", ""})
	want := []string{"CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_KILL"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// FuzzLoadProfile: any input either fails with an error or yields a
// profile whose program, if it compiles, the VM accepts and can run.
func FuzzLoadProfile(f *testing.F) {
	f.Add(dockerJSON(f))
	f.Add([]byte(`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"valueTwo":1,"op":"SCMP_CMP_MASKED_EQ"}]}]}`))
	f.Add([]byte(`{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"name":"getpid","action":"SCMP_ACT_ERRNO","errnoRet":38}]}`))
	f.Add([]byte(`{"defaultAction":"SCMP_ACT_KILL","syscalls":[{"names":["clone"],"action":"SCMP_ACT_ALLOW","excludes":{"caps":["CAP_SYS_ADMIN"],"minKernel":"4.8"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile(data, dockerCaps)
		if err != nil {
			return
		}
		prog, err := Compile(p)
		if err != nil {
			return
		}
		vm := newVM(t, prog)
		for _, in := range [][]byte{seccompData(auditArchX86_64, 0), seccompData(auditArchI386, 20, 1, 2), seccompData(auditArchX86_64, x32SyscallBit|39)} {
			runVM(t, vm, in)
		}
	})
}
