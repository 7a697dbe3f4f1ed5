package runtime

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/runtime/seccomp/load"
	"golang.org/x/sys/unix"
)

// sinitFinalize appends to t what the Go init does last to itself
// (boundCaps, seccompBeforeReady, finalize), in the same order, so that
// the static init can do it instead:
//
//	PR_CAPBSET_DROP of every cap 0..lastCap outside the bounding set
//	close_range(3, ~0, CLOSE_RANGE_CLOEXEC)
//	seccomp(filter), without no_new_privs (needs CAP_SYS_ADMIN, held here)
//	PR_SET_KEEPCAPS, setgroups, setresgid, setresuid
//	capset (effective, permitted, inheritable), ambient clear and raises
//	PR_SET_NO_NEW_PRIVS when asked and there is no filter
//	umask
//	PR_SET_NO_NEW_PRIVS then seccomp(filter), with no_new_privs: last
//	execve(exe, p.Args, p.Env): exe a pointer into the table (t.str, or a
//	  buffer an earlier entry reads into)
//
// close_range comes before any filter (the Go init's comes after it, and
// falls back to fcntl(2) on each fd where a profile denies it): the flag
// only matters at the execve, and the table opens no fd. The wiring keeps
// the Go init where close_range is missing (before Linux 5.11) or
// CAP_SETPCAP is not effective (the Go path then skips the bounding drops,
// as moby/sys/capability does; the table would fail, exit 126). lastCap is
// the kernel's (capability.LastCap): caps above it are refused.
func sinitFinalize(t *sinitTable, p *specs.Process, exe sinitArg, caps *capSets, filter *load.Program, lastCap int) error {
	if p == nil || len(p.Args) == 0 {
		return errors.New("static init: finalize: no process args")
	}
	if lastCap < 0 || lastCap > 63 {
		return fmt.Errorf("static init: finalize: last capability %d, not 0 to 63", lastCap)
	}
	if caps == nil {
		caps = &capSets{}
	}
	var fprog sinitArg
	if filter != nil {
		b, err := sinitBPF(filter)
		if err != nil {
			return err
		}
		fprog = t.fprog(b)
	}
	if err := sinitBounding(t, caps.bounding, lastCap); err != nil {
		return err
	}
	t.call(unix.SYS_CLOSE_RANGE, []sinitArg{imm(3), imm(uint64(^uint32(0))), imm(unix.CLOSE_RANGE_CLOEXEC)}, 0)
	if filter != nil && !p.NoNewPrivileges {
		sinitSeccomp(t, filter, fprog)
	}
	sinitSetUser(t, p.User)
	if err := sinitCaps(t, caps, lastCap); err != nil {
		return err
	}
	if p.NoNewPrivileges && filter == nil {
		sinitPrctl(t, unix.PR_SET_NO_NEW_PRIVS, 1, 0)
	}
	umask := uint64(0o022)
	if p.User.Umask != nil {
		umask = uint64(*p.User.Umask)
	}
	t.call(unix.SYS_UMASK, []sinitArg{imm(umask)}, 0)
	if filter != nil && p.NoNewPrivileges {
		sinitPrctl(t, unix.PR_SET_NO_NEW_PRIVS, 1, 0)
		sinitSeccomp(t, filter, fprog)
	}
	t.call(unix.SYS_EXECVE, []sinitArg{exe, t.strs(p.Args), t.strs(p.Env)}, 0)
	return nil
}

// sinitPrctl appends prctl(op, a, b, 0, 0) allowing errno allow (0: none).
func sinitPrctl(t *sinitTable, op, a, b uint64, allow ...unix.Errno) {
	var e unix.Errno
	if len(allow) > 0 {
		e = allow[0]
	}
	t.call(unix.SYS_PRCTL, []sinitArg{imm(op), imm(a), imm(b), imm(0), imm(0)}, e)
}

// sinitSeccomp appends seccomp(SECCOMP_SET_MODE_FILTER) with the flags
// load.Install uses. With TSYNC a positive result names a thread that
// could not sync; the init is single-threaded, so it never happens.
func sinitSeccomp(t *sinitTable, filter *load.Program, fprog sinitArg) {
	flags := uint64(filter.Flags) | unix.SECCOMP_FILTER_FLAG_TSYNC
	t.call(unix.SYS_SECCOMP, []sinitArg{imm(unix.SECCOMP_SET_MODE_FILTER), imm(flags), fprog}, 0)
}

// sinitBPF is filter's instructions as struct sock_filter bytes.
func sinitBPF(filter *load.Program) ([]byte, error) {
	if n := len(filter.Filter); n == 0 || n > load.MaxInsns {
		return nil, fmt.Errorf("static init: seccomp filter of %d instructions, not 1 to %d", n, load.MaxInsns)
	}
	b := make([]byte, 0, 8*len(filter.Filter))
	for _, f := range filter.Filter {
		b = binary.LittleEndian.AppendUint16(b, f.Code)
		b = append(b, f.Jt, f.Jf)
		b = binary.LittleEndian.AppendUint32(b, f.K)
	}
	return b, nil
}

// sinitBounding drops every capability up to lastCap that bounding lacks.
func sinitBounding(t *sinitTable, bounding []capability.Cap, lastCap int) error {
	keep, err := capMask(bounding, lastCap)
	if err != nil {
		return fmt.Errorf("static init: bounding set: %w", err)
	}
	for c := 0; c <= lastCap; c++ {
		if keep&(1<<c) == 0 {
			sinitPrctl(t, unix.PR_CAPBSET_DROP, uint64(c), 0)
		}
	}
	return nil
}

// sinitSetUser is setUser: keepcaps, groups, gid, uid.
func sinitSetUser(t *sinitTable, u specs.User) {
	sinitPrctl(t, unix.PR_SET_KEEPCAPS, 1, 0)
	gp := imm(0)
	if len(u.AdditionalGids) > 0 {
		b := make([]byte, 0, 4*len(u.AdditionalGids))
		for _, g := range u.AdditionalGids {
			b = binary.LittleEndian.AppendUint32(b, g)
		}
		gp = t.bytes(b)
	}
	t.call(unix.SYS_SETGROUPS, []sinitArg{imm(uint64(len(u.AdditionalGids))), gp}, 0)
	gid, uid := imm(uint64(u.GID)), imm(uint64(u.UID))
	t.call(unix.SYS_SETRESGID, []sinitArg{gid, gid, gid}, 0)
	t.call(unix.SYS_SETRESUID, []sinitArg{uid, uid, uid}, 0)
}

// sinitCaps is capSets.apply: capset, then the ambient set cleared and
// raised. Like moby/sys/capability, EINVAL from PR_CAP_AMBIENT (a kernel
// before 4.3) is ignored.
func sinitCaps(t *sinitTable, caps *capSets, lastCap int) error {
	hdr, data, err := capsetData(caps.effective, caps.permitted, caps.inheritable, lastCap)
	if err != nil {
		return fmt.Errorf("static init: capabilities: %w", err)
	}
	t.call(unix.SYS_CAPSET, []sinitArg{t.bytes(hdr), t.bytes(data)}, 0)
	sinitPrctl(t, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, unix.EINVAL)
	for _, c := range raisable(caps.ambient, caps.permitted, caps.inheritable) {
		sinitPrctl(t, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, uint64(c), unix.EINVAL)
	}
	return nil
}
