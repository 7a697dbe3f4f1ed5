package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// sinitProc appends to t the container's /proc and what lies under it, for
// the static init to do as PID 1 after pivot_root: procfs takes its pid
// namespace from the process that mounts it, so only the container's
// PID 1 can mount it. Entries, in the Go init's order (mountAll, then
// maskPaths and readonlyPaths of afterPivot):
//
//	mount(source, "/proc", "proc", flags, data) for m, the spec's proc
//	  mount, its options mapped as planMounts maps them; then its
//	  propagation, if any
//	for each masked path under /proc: a file (or a path isDir cannot
//	  find) gets mount(null, p, NULL, MS_BIND), a dir
//	  mount("tmpfs", p, "tmpfs", MS_RDONLY, "size=0,mode=555")
//	for each read-only path under /proc: mount(p, p, NULL, MS_BIND|MS_REC),
//	  then mount(NULL, p, NULL, MS_BIND|MS_REMOUNT|MS_RDONLY|MS_REC|
//	  MS_NOSUID|MS_NODEV|MS_NOEXEC)
//
// Every entry under /proc allows ENOENT: a missing path is skipped, as
// maskPath and readonlyPaths skip it. A bind from a missing null would
// fail with ENOENT too, so faccessat(null, F_OK) comes first and must
// succeed. The table cannot skip a read-only
// path's remount when its bind got ENOENT, so the remount allows ENOENT
// too. That is safe: a path missing at the bind is missing at the remount
// (nothing else runs in the container yet to make it appear), and a path
// missing has nothing to protect; a path the bind found exists at the
// remount, which then cannot get ENOENT and so fails closed on any error.
//
// Masked and read-only paths outside /proc are ignored: the parent does
// them from outside, through the container root's fds. null is the
// container's /dev/null as the init sees it after pivot_root: the parent
// checks it is the null device, as openDevNull does (CVE-2025-31133), on
// a /dev tmpfs it made, where no process of the container has run yet.
// isDir tells a masked file from a dir; the caller passes hostProcIsDir
// (the same kernel has the same layout). A wrong guess makes the mount
// fail (ENOTDIR), which fails closed.
func sinitProc(t *sinitTable, m specs.Mount, masked, readonly []string, null string, isDir func(string) (bool, error)) error {
	s, err := sinitProcStep(m)
	if err != nil {
		return err
	}
	if !filepath.IsAbs(null) || isDir == nil {
		return fmt.Errorf("static init: /proc: no /dev/null path (%q) or no isDir", null)
	}
	sinitMount(t, t.str(s.Source), "/proc", t.str("proc"), s.Flags, s.Data, 0)
	for _, p := range s.Propagation {
		sinitMount(t, imm(0), "/proc", imm(0), p, "", 0)
	}
	if len(procPaths(masked)) > 0 {
		// The masks allow ENOENT, which a bind from a missing null would
		// also give: the init checks it is there first.
		atFDCWD := int64(unix.AT_FDCWD)
		t.call(unix.SYS_FACCESSAT, []sinitArg{imm(uint64(atFDCWD)), t.str(null), imm(unix.F_OK)}, 0)
	}
	for _, p := range procPaths(masked) {
		dir, err := isDir(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("static init: masked path %s: %w", p, err)
		}
		if dir {
			sinitMount(t, t.str("tmpfs"), p, t.str("tmpfs"), unix.MS_RDONLY, "size=0,mode=555", unix.ENOENT)
		} else {
			sinitMount(t, t.str(null), p, imm(0), unix.MS_BIND, "", unix.ENOENT)
		}
	}
	for _, p := range procPaths(readonly) {
		sinitMount(t, t.str(p), p, imm(0), unix.MS_BIND|unix.MS_REC, "", unix.ENOENT)
		sinitMount(t, imm(0), p, imm(0), readonlyRemount, "", unix.ENOENT)
	}
	return nil
}

// readonlyRemount are the flags readonlyPaths remounts a path with.
const readonlyRemount = unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY | unix.MS_REC | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC

// sinitProcStep plans m with planMounts, refusing what is not a proc
// filesystem on /proc.
func sinitProcStep(m specs.Mount) (mountStep, error) {
	steps, err := planMounts([]specs.Mount{m})
	if err != nil {
		return mountStep{}, fmt.Errorf("static init: /proc: %w", err)
	}
	s := steps[0]
	if s.Kind != mountFS || s.Type != "proc" || s.Dest != "/proc" {
		return mountStep{}, fmt.Errorf("static init: mount of %q on %q is not a proc filesystem on /proc", m.Type, m.Destination)
	}
	if s.Source == "" {
		s.Source = "proc"
	}
	return s, nil
}

// sinitMount appends mount(src, target, typ, flags, data); an empty data
// is NULL.
func sinitMount(t *sinitTable, src sinitArg, target string, typ sinitArg, flags uintptr, data string, allow unix.Errno) {
	d := imm(0)
	if data != "" {
		d = t.str(data)
	}
	t.call(unix.SYS_MOUNT, []sinitArg{src, t.str(target), typ, imm(uint64(flags)), d}, allow)
}

// procPaths are the paths of ps that lie in /proc, cleaned.
func procPaths(ps []string) []string {
	var out []string
	for _, p := range ps {
		if underProc(p) {
			out = append(out, filepath.Clean(p))
		}
	}
	return out
}

// hostProcIsDir lstats p in the host's /proc (p is the same path in the
// container's): whether it is a directory.
func hostProcIsDir(p string) (bool, error) {
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		return false, &SyscallError{Op: "lstat", Path: p, Err: err}
	}
	return st.Mode&unix.S_IFMT == unix.S_IFDIR, nil
}
