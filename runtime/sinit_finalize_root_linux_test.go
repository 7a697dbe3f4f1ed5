package runtime

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/seccomp/load"
	"golang.org/x/sys/unix"
)

// goFinalizeEnv carries a JSON specs.Process to the test binary, which
// then runs the Go init's last steps on it (goFinalizeChild).
const goFinalizeEnv = "TENT_TEST_GO_FINALIZE"

// allowAll is a seccomp program that allows every call.
var allowAll = load.Program{Filter: []unix.SockFilter{{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW}}}

// goFinalizeChild does what the Go init does last, in its order
// (boundCaps, seccompBeforeReady, finalize), with allowAll, and execs
// p.Args[0]; it exits 126 on failure.
func goFinalizeChild(spec string) {
	goruntime.LockOSThread()
	err := func() error {
		var p specs.Process
		if err := json.Unmarshal([]byte(spec), &p); err != nil {
			return err
		}
		caps, err := boundCaps(p.Capabilities)
		if err != nil {
			return err
		}
		b, _ := allowAll.MarshalBinary()
		filter, err := seccompBeforeReady(b, p.NoNewPrivileges)
		if err != nil {
			return err
		}
		return finalize(&p, p.Args[0], caps, filter)
	}()
	fmt.Fprintf(os.Stderr, "go finalize: %v\n", err)
	os.Exit(126)
}

// statusLines are the credential lines of a /proc/<pid>/status, Groups
// sorted.
func statusLines(t *testing.T, status string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range strings.Split(status, "\n") {
		k, v, ok := strings.Cut(l, ":")
		switch k {
		case "Groups":
			g := strings.Fields(v)
			slices.Sort(g)
			out[k] = strings.Join(g, " ")
		case "Uid", "Gid", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp":
			if ok {
				out[k] = strings.Join(strings.Fields(v), " ")
			}
		}
	}
	return out
}

// TestSinitFinalize runs the static init on sinitFinalize's table for a
// non-root user with a reduced cap set, an ambient cap and an allow-all
// filter, with and without no_new_privs, and checks that cat's
// /proc/self/status shows the credentials computed here and the same
// ones as the Go init's finalize gives.
func TestSinitFinalize(t *testing.T) {
	testutil.RequireRoot(t, "setresuid, capset and PR_CAPBSET_DROP")
	last, err := capability.LastCap()
	if err != nil {
		t.Fatal(err)
	}
	pc := &specs.LinuxCapabilities{
		Bounding:    []string{"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_AUDIT_WRITE"},
		Effective:   []string{"CAP_KILL", "CAP_NET_BIND_SERVICE"},
		Permitted:   []string{"CAP_KILL", "CAP_NET_BIND_SERVICE"},
		Inheritable: []string{"CAP_NET_BIND_SERVICE"},
		Ambient:     []string{"CAP_NET_BIND_SERVICE", "CAP_KILL"}, // KILL is not inheritable: not raised
	}
	bnd := uint64(1<<unix.CAP_CHOWN | 1<<unix.CAP_KILL | 1<<unix.CAP_NET_BIND_SERVICE | 1<<unix.CAP_SETUID | 1<<unix.CAP_AUDIT_WRITE)
	// cat has no file caps: after execve a non-root user's permitted and
	// effective sets are its ambient set.
	amb := uint64(1 << unix.CAP_NET_BIND_SERVICE)
	for _, nnp := range []bool{true, false} {
		t.Run(fmt.Sprintf("no_new_privs=%v", nnp), func(t *testing.T) {
			p := &specs.Process{Args: []string{"/bin/cat", "/proc/self/status"}, Env: []string{"A=1"}, NoNewPrivileges: nnp,
				User: specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{1000, 44}}, Capabilities: pc}
			want := map[string]string{"Uid": "1000 1000 1000 1000", "Gid": "1000 1000 1000 1000", "Groups": "1000 44",
				"CapInh": fmt.Sprintf("%016x", amb), "CapPrm": fmt.Sprintf("%016x", amb), "CapEff": fmt.Sprintf("%016x", amb),
				"CapBnd": fmt.Sprintf("%016x", bnd), "CapAmb": fmt.Sprintf("%016x", amb),
				"NoNewPrivs": map[bool]string{true: "1", false: "0"}[nnp], "Seccomp": "2"}
			caps, err := newCapSets(pc)
			if err != nil {
				t.Fatal(err)
			}
			tb := newSinitTable()
			tb.call(unix.SYS_CLOSE_RANGE, []sinitArg{imm(sinitTableFD), imm(^uint64(0) >> 32), imm(unix.CLOSE_RANGE_CLOEXEC)}, 0)
			if err := sinitFinalize(tb, p, tb.str(p.Args[0]), caps, &allowAll, int(last)); err != nil {
				t.Fatal(err)
			}
			table, err := tb.encode()
			if err != nil {
				t.Fatal(err)
			}
			r := runSinit(t, table, 0)
			if r.code != 0 || len(r.report) != 0 {
				t.Fatalf("static init: exit %d, report %v, out %q", r.code, r.report, r.out)
			}
			got := statusLines(t, r.out)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("static init gave\n%v\nwant\n%v", got, want)
			}
			spec, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0])
			cmd.Env = []string{goFinalizeEnv + "=" + string(spec)}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go finalize: %v: %s", err, stderr.String())
			}
			if goGot := statusLines(t, string(out)); fmt.Sprint(goGot) != fmt.Sprint(got) {
				t.Errorf("static init gave\n%v\nthe Go init\n%v", got, goGot)
			}
		})
	}
}
