package runtime

import (
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// sinitRun is what one start of the static init gave.
type sinitRun struct {
	out    string
	code   int
	report []byte
}

// runSinit starts the static init as a plain process, its fd 3 a pipe
// carrying table and its fd 4 a pipe for the report, read to EOF. A chunk
// above 0 writes the table in pieces of that size, a millisecond apart.
func runSinit(t *testing.T, table []byte, chunk int) sinitRun {
	t.Helper()
	return runSinitWith(t, table, chunk, (*exec.Cmd).Start)
}

// runSinitWith is runSinit with start to start the command (on a thread in
// other namespaces, with clone flags) and extra files from fd 5.
func runSinitWith(t *testing.T, table []byte, chunk int, start func(*exec.Cmd) error, extra ...*os.File) sinitRun {
	t.Helper()
	bin := writeELF(t, sinitELF(), "sinit", 0o700, "no static init for this arch")
	tr, tw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	rr, rw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	var out strings.Builder
	cmd := exec.Command(bin)
	cmd.Env = []string{}
	cmd.Stdout = &out
	cmd.ExtraFiles = append([]*os.File{tr, rw}, extra...)
	err = start(cmd)
	rw.Close()
	if err != nil {
		tw.Close()
		t.Fatal(err)
	}
	go func() { // the table may be larger than the pipe's buffer
		for b := table; len(b) > 0; {
			n := len(b)
			if chunk > 0 {
				n = min(n, chunk)
				time.Sleep(time.Millisecond)
			}
			if _, err := tw.Write(b[:n]); err != nil {
				break
			}
			b = b[n:]
		}
		tw.Close()
	}()
	report, rerr := io.ReadAll(rr)
	err = cmd.Wait()
	if rerr != nil {
		t.Fatal(rerr)
	}
	r := sinitRun{out: out.String(), report: report}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// sinitReport is the 8 bytes the init writes on failure.
func reportBytes(index uint32, errno unix.Errno) []byte {
	b := binary.LittleEndian.AppendUint32(nil, index)
	return binary.LittleEndian.AppendUint32(b, uint32(errno))
}

// TestSinit runs the static init as a plain process (no root) on tables
// that succeed, fail, allow an errno, are truncated or large. Every table
// starts with close_range(3, ~0, CLOSE_RANGE_CLOEXEC): the command gets
// neither the table nor the report fd, and the report pipe reads EOF.
func TestSinit(t *testing.T) {
	bigEnv := []string{"BIG=" + strings.Repeat("x", 100<<10), "A=1"}
	echo := []string{"/bin/echo", "echo", "hi"}
	missing := []string{"/no/such/file", "x"}
	fdcwd := int64(unix.AT_FDCWD)
	type step func(tb *sinitTable)
	write := func(s string) step {
		return func(tb *sinitTable) { tb.call(unix.SYS_WRITE, []sinitArg{imm(1), tb.str(s), imm(uint64(len(s)))}, 0) }
	}
	open := func(path string, allow unix.Errno) step {
		return func(tb *sinitTable) {
			tb.call(unix.SYS_OPENAT, []sinitArg{imm(uint64(fdcwd)), tb.str(path), imm(unix.O_RDONLY)}, allow)
		}
	}
	execve := func(argv, env []string) step { // argv[0] is the file
		return func(tb *sinitTable) {
			tb.call(unix.SYS_EXECVE, []sinitArg{tb.str(argv[0]), tb.strs(argv[1:]), tb.strs(env)}, 0)
		}
	}
	chdirTo := func(dir string) step {
		return func(tb *sinitTable) { tb.call(unix.SYS_CHDIR, []sinitArg{tb.str(dir)}, 0) }
	}
	// seccompAllow sets no_new_privs and a filter that allows every call
	// (BPF_RET|BPF_K SECCOMP_RET_ALLOW): fprog's pointer reaches the kernel.
	seccompAllow := func(tb *sinitTable) {
		tb.call(unix.SYS_PRCTL, []sinitArg{imm(unix.PR_SET_NO_NEW_PRIVS), imm(1), imm(0), imm(0), imm(0)}, 0)
		ret := []byte{0x06, 0, 0, 0, 0, 0, 0xff, 0x7f}
		tb.call(unix.SYS_SECCOMP, []sinitArg{imm(unix.SECCOMP_SET_MODE_FILTER), imm(0), tb.fprog(ret)}, 0)
	}
	for _, tc := range []struct {
		name   string
		steps  []step
		edit   func([]byte) []byte // the encoded table, changed
		code   int
		out    string
		report []byte
	}{
		{"write then exec", []step{write("hello\n"), execve(echo, []string{"A=1"})}, nil, 0, "hello\nhi\n", nil},
		{"argv, env and fds intact", []step{execve([]string{"/bin/sh", "x", "-c", `printf '%s|' "$0" "$@" "$A" "$B"; ls /proc/self/fd`, "y", "a b", ""},
			[]string{"A=1", "B=two words"})}, nil, 0, "y|a b||1|two words|0\n1\n2\n3\n", nil},
		{"env", []step{execve([]string{"/usr/bin/env", "env"}, []string{"A=1", "B=", "C=a=b"})}, nil, 0, "A=1\nB=\nC=a=b\n", nil},
		{"64 KiB+ env", []step{execve([]string{"/usr/bin/env", "env"}, bigEnv)}, nil, 0, strings.Join(bigEnv, "\n") + "\n", nil},
		{"chdir", []step{chdirTo("/usr"), execve([]string{"/bin/pwd", "pwd"}, nil)}, nil, 0, "/usr\n", nil},
		{"no_new_privs, seccomp", []step{seccompAllow, execve([]string{"/bin/grep", "grep", "-E", "^(NoNewPrivs|Seccomp):", "/proc/self/status"}, nil)},
			nil, 0, "NoNewPrivs:\t1\nSeccomp:\t2\n", nil},
		{"entry fails", []step{open("/no/such/file", 0), write("not reached\n"), execve(echo, nil)}, nil, 126, "", reportBytes(1, unix.ENOENT)},
		{"errno allowed", []step{open("/no/such/file", unix.ENOENT), execve(echo, nil)}, nil, 0, "hi\n", nil},
		{"other errno not allowed", []step{open("/no/such/file", unix.EACCES), execve(echo, nil)}, nil, 126, "", reportBytes(1, unix.ENOENT)},
		{"execve missing", []step{execve(missing, nil)}, nil, 127, "", reportBytes(1, unix.ENOENT)},
		{"execve not last", []step{execve(missing, nil), execve(echo, nil)}, nil, 126, "", reportBytes(1, unix.ENOENT)},
		{"execve not executable", []step{execve([]string{"/etc/passwd", "x"}, nil)}, nil, 126, "", reportBytes(1, unix.EACCES)},
		{"falls off the end", []step{write("a\n"), execve(echo, nil)}, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[12:], 2) // drop the execve
			return b
		}, 126, "a\n", reportBytes(2, 0)},
		{"truncated", []step{execve(echo, nil)}, func(b []byte) []byte { return b[:len(b)-8] }, 126, "", reportBytes(sinitIndexHeader, 0)},
		{"header cut", nil, func([]byte) []byte { return []byte("SIN1") }, 126, "", reportBytes(sinitIndexHeader, 0)},
		{"bad magic", []step{execve(echo, nil)}, func(b []byte) []byte { b[0] = 'X'; return b }, 126, "", reportBytes(sinitIndexHeader, 0)},
		{"over 1 MiB", []step{execve(echo, nil)}, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[4:], sinitMaxLen+8)
			return append(b, make([]byte, sinitMaxLen)...)
		}, 126, "", reportBytes(sinitIndexHeader, 0)},
		{"relocation past the end", []step{execve(echo, nil)}, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[sinitHeaderLen:], uint32(len(b)-7))
			return b
		}, 126, "", reportBytes(sinitIndexHeader, 0)},
		{"entries past the end", []step{execve(echo, nil)}, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[12:], uint32(len(b)))
			return b
		}, 126, "", reportBytes(sinitIndexHeader, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newSinitTable()
			tb.call(unix.SYS_CLOSE_RANGE, []sinitArg{imm(sinitTableFD), imm(^uint64(0) >> 32), imm(unix.CLOSE_RANGE_CLOEXEC)}, 0)
			for _, s := range tc.steps {
				s(tb)
			}
			table, err := tb.encode()
			if tc.steps == nil {
				err = nil
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.edit != nil {
				table = tc.edit(table)
			}
			r := runSinit(t, table, 0)
			if r.code != tc.code || r.out != tc.out || string(r.report) != string(tc.report) {
				t.Errorf("exit %d, out %.200q, report %v; want %d, %.200q, %v", r.code, r.out, r.report, tc.code, tc.out, tc.report)
			}
		})
	}
}

// TestSinitShortReads feeds the table 5 bytes at a time: the header and
// the body arrive in short reads, which the init loops on.
func TestSinitShortReads(t *testing.T) {
	tb := newSinitTable()
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/echo"), tb.strs([]string{"echo", "whole"}), tb.strs(nil)}, 0)
	table, err := tb.encode()
	if err != nil {
		t.Fatal(err)
	}
	if r := runSinit(t, table, 5); r.code != 0 || r.out != "whole\n" || len(r.report) != 0 {
		t.Errorf("exit %d, out %q, report %v; want 0, \"whole\\n\", none", r.code, r.out, r.report)
	}
}
