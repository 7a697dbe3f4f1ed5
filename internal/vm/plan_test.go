package vm

import (
	"errors"
	"strings"
	"testing"
)

func TestArgs(t *testing.T) {
	c := Config{Qemu: "/usr/bin/qemu-system-x86_64", Machine: MicroVM, Accel: TCG, Kernel: "/k", Initrd: "/i",
		MemMiB: 128, CPUs: 1, TSCkHz: 2096030}
	args, err := c.Args()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(args, " ")
	for _, want := range []string{"-M microvm", "-accel tcg", "-cpu max", "-m 128", "-smp 1", "-serial stdio",
		"-kernel /k", "-initrd /i", "-no-reboot", "tsc_early_khz=2096030", "console=ttyS0", "rdinit=/init"} {
		if !strings.Contains(got, want) {
			t.Errorf("args lack %q: %s", want, got)
		}
	}
	c.Accel, c.TSCkHz = KVM, 0
	args, _ = c.Args()
	if got := strings.Join(args, " "); !strings.Contains(got, "-cpu host") || strings.Contains(got, "tsc_early_khz") {
		t.Errorf("kvm args: %s", got)
	}
	for _, bad := range []Config{
		{Qemu: "q", Machine: "pc-i440fx", Accel: TCG, Kernel: "k", Initrd: "i", MemMiB: 64, CPUs: 1},
		{Qemu: "q", Machine: Q35, Accel: "hvf", Kernel: "k", Initrd: "i", MemMiB: 64, CPUs: 1},
		{Qemu: "q", Machine: Q35, Accel: TCG, Initrd: "i", MemMiB: 64, CPUs: 1},
		{Qemu: "q", Machine: Q35, Accel: TCG, Kernel: "k", Initrd: "i", MemMiB: 4, CPUs: 1},
		{Machine: Q35, Accel: TCG, Kernel: "k", Initrd: "i", MemMiB: 64, CPUs: 1},
	} {
		if _, err := bad.Args(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestPickMachine(t *testing.T) {
	help := "Supported machines are:\nmicrovm              microvm (i386)\nq35                  Standard PC\n"
	if m := PickMachine(help); m != MicroVM {
		t.Errorf("got %s", m)
	}
	if m := PickMachine("q35   Standard PC\npc   Standard PC (i440FX)\n"); m != Q35 {
		t.Errorf("got %s", m)
	}
}

func TestDecide(t *testing.T) {
	noDev := errors.New("open /dev/kvm: no such file or directory")
	hang := errors.New("probe boot: no marker within 15s:\nqemu still running")
	for _, tc := range []struct {
		want     string
		kvmErr   error
		probed   bool
		probeErr error
		out      string // Choice.String(), or "error"
	}{
		{TCG, nil, false, nil, "tcg: asked for"},
		{Auto, noDev, false, nil, "tcg: kvm unusable: open /dev/kvm: no such file or directory"},
		{Auto, nil, true, hang, "tcg: kvm refused: probe boot: no marker within 15s: qemu still running"},
		{Auto, nil, true, nil, "kvm"},
		{KVM, nil, true, nil, "kvm"},
		{KVM, nil, true, hang, "error"},
		{KVM, noDev, false, nil, "error"},
		{"hvf", nil, false, nil, "error"},
	} {
		c, err := Decide(tc.want, tc.kvmErr, tc.probed, tc.probeErr)
		got := c.String()
		if err != nil {
			got = "error"
		}
		if got != tc.out {
			t.Errorf("Decide(%s, %v, %v): %q, want %q", tc.want, tc.kvmErr, tc.probeErr, got, tc.out)
		}
	}
}

func TestImagePackage(t *testing.T) {
	out := "linux-image-amd64\n  Depends: linux-image-6.1.0-57-amd64\n  Depends: linux-image-foo\n"
	if p, err := ImagePackage(out); err != nil || p != "linux-image-6.1.0-57-amd64" {
		t.Errorf("got %q, %v", p, err)
	}
	if _, err := ImagePackage("linux-image-amd64\n"); err == nil {
		t.Error("no error without a dependency")
	}
}

func TestHostkHz(t *testing.T) {
	if k := HostkHz("processor\t: 0\ncpu MHz\t\t: 2096.030\n"); k != 2096030 {
		t.Errorf("got %d", k)
	}
	if k := HostkHz("processor\t: 0\n"); k != 0 {
		t.Errorf("got %d", k)
	}
}

func TestInitScript(t *testing.T) {
	s := string(InitScript("M-1"))
	if !strings.HasPrefix(s, "#!/bin/busybox sh\n") || !strings.Contains(s, "echo M-1\n") || !strings.Contains(s, "exec /bin/busybox sleep") {
		t.Errorf("script: %q", s)
	}
}
