package runtime

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// sinitMounts renders the mount entries of t's table (the final execve
// added) as "src target type flags data allow", "-" for NULL.
func sinitMounts(t *testing.T, tb *sinitTable) []string {
	t.Helper()
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/true"), tb.strs(nil), tb.strs(nil)}, 0)
	d := mustDecode(t, tb)
	str := func(off uint64) string {
		if off == 0 {
			return "-"
		}
		return d.cstr(off)
	}
	var out []string
	for _, e := range d.entries {
		if e.nr != unix.SYS_MOUNT {
			continue
		}
		a := e.args
		out = append(out, fmt.Sprintf("%s %s %s %#x %s %d", str(a[0]), str(a[1]), str(a[2]), a[3], str(a[4]), e.allowErrno))
	}
	return out
}

// fakeIsDir says dirs are dirs, gone paths are missing, the rest files.
func fakeIsDir(dirs, gone []string) func(string) (bool, error) {
	return func(p string) (bool, error) {
		if slices.Contains(gone, p) {
			return false, fmt.Errorf("lstat %s: %w", p, fs.ErrNotExist)
		}
		return slices.Contains(dirs, p), nil
	}
}

func TestSinitProcPlan(t *testing.T) {
	proc := specs.Mount{Destination: "/proc", Type: "proc", Source: "proc", Options: []string{"nosuid", "noexec", "nodev"}}
	dirs := []string{"/proc/acpi", "/proc/scsi"}
	noent := fmt.Sprint(int(unix.ENOENT))
	ro := fmt.Sprintf("%#x", readonlyRemount)
	procFlags := fmt.Sprintf("%#x", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV)
	for _, tc := range []struct {
		name             string
		m                specs.Mount
		masked, readonly []string
		want             []string
		wantErr          string
		isDirErr, noNull bool
	}{
		{name: "proc only", m: proc, want: []string{"proc /proc proc " + procFlags + " - 0"}},
		{name: "options to flags and data", m: specs.Mount{Destination: "/proc/", Type: "proc", Options: []string{"ro", "hidepid=2", "rslave"}},
			want: []string{fmt.Sprintf("proc /proc proc %#x hidepid=2 0", unix.MS_RDONLY), fmt.Sprintf("- /proc - %#x - 0", unix.MS_SLAVE|unix.MS_REC)}},
		{name: "masks: file, dir, missing; outside /proc ignored", m: proc,
			masked: []string{"/proc/kcore", "/proc/acpi", "/proc/gone", "/sys/firmware", "/procfoo", "/proc/scsi/../keys", "proc/kcore"},
			want: []string{"proc /proc proc " + procFlags + " - 0",
				"/dev/null /proc/kcore - 0x1000 - " + noent,
				"tmpfs /proc/acpi tmpfs 0x1 size=0,mode=555 " + noent,
				"/dev/null /proc/gone - 0x1000 - " + noent,
				"/dev/null /proc/keys - 0x1000 - " + noent}},
		{name: "read-only: bind then remount, both allow ENOENT", m: proc, readonly: []string{"/proc/sys", "/sys/kernel", "/proc/sysrq-trigger"},
			want: []string{"proc /proc proc " + procFlags + " - 0",
				"/proc/sys /proc/sys - 0x5000 - " + noent, "- /proc/sys - " + ro + " - " + noent,
				"/proc/sysrq-trigger /proc/sysrq-trigger - 0x5000 - " + noent, "- /proc/sysrq-trigger - " + ro + " - " + noent}},
		{name: "masks before read-only paths", m: proc, masked: []string{"/proc/kcore"}, readonly: []string{"/proc/bus"},
			want: []string{"proc /proc proc " + procFlags + " - 0", "/dev/null /proc/kcore - 0x1000 - " + noent,
				"/proc/bus /proc/bus - 0x5000 - " + noent, "- /proc/bus - " + ro + " - " + noent}},
		{name: "not proc", m: specs.Mount{Destination: "/proc", Type: "tmpfs"}, wantErr: "not a proc filesystem on /proc"},
		{name: "not on /proc", m: specs.Mount{Destination: "/host/proc", Type: "proc"}, wantErr: "not a proc filesystem on /proc"},
		{name: "a bind of proc", m: specs.Mount{Destination: "/proc", Type: "proc", Source: "/proc", Options: []string{"rbind"}}, wantErr: "not a proc filesystem"},
		{name: "relative destination", m: specs.Mount{Destination: "proc", Type: "proc"}, wantErr: "not absolute"},
		{name: "isDir fails", m: proc, masked: []string{"/proc/kcore"}, isDirErr: true, wantErr: "masked path /proc/kcore: permission denied"},
		{name: "no /dev/null path", m: proc, noNull: true, wantErr: "no /dev/null path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isDir := fakeIsDir(dirs, []string{"/proc/gone"})
			if tc.isDirErr {
				isDir = func(string) (bool, error) { return false, unix.EACCES }
			}
			null := "/dev/null"
			if tc.noNull {
				null = ""
			}
			tb := newSinitTable()
			err := sinitProc(tb, tc.m, tc.masked, tc.readonly, null, isDir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := sinitMounts(t, tb); !slices.Equal(got, tc.want) {
				t.Errorf("mounts\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestSinitProcChecksNull: with masks, the table checks that null is there
// (faccessat F_OK, no errno allowed) before the first mask, whose allowed
// ENOENT would otherwise hide a missing null.
func TestSinitProcChecksNull(t *testing.T) {
	proc := specs.Mount{Destination: "/proc", Type: "proc"}
	for _, tc := range []struct {
		name   string
		masked []string
		want   bool
	}{
		{"masks under /proc", []string{"/proc/kcore"}, true},
		{"no masks", nil, false},
		{"masks outside /proc only", []string{"/sys/firmware"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newSinitTable()
			if err := sinitProc(tb, proc, tc.masked, nil, "/dev/null", fakeIsDir(nil, nil)); err != nil {
				t.Fatal(err)
			}
			tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/true"), tb.strs(nil), tb.strs(nil)}, 0)
			d := mustDecode(t, tb)
			check, firstMask := -1, -1
			for i, e := range d.entries {
				if e.nr == unix.SYS_FACCESSAT && d.cstr(e.args[1]) == "/dev/null" && e.args[2] == unix.F_OK && e.allowErrno == 0 {
					check = i
				}
				if e.nr == unix.SYS_MOUNT && i > 0 && firstMask < 0 {
					firstMask = i
				}
			}
			if got := check >= 0; got != tc.want {
				t.Fatalf("faccessat check present %v, want %v", got, tc.want)
			}
			if tc.want && (firstMask < 0 || check > firstMask) {
				t.Errorf("faccessat check at entry %d, first mask at %d: want it before", check, firstMask)
			}
		})
	}
}
