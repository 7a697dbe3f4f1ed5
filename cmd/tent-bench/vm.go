package main

import (
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/vmbench"
)

// Marker is what every instance prints once its payload runs.
const marker = "TENT-BENCH-READY"

type vmFlags struct {
	n            int
	json         bool
	chart        string
	kernel       string
	initrd       string
	accel        string
	budget       float64
	bootTimeout  time.Duration
	startTimeout time.Duration
}

func newVMCmd() *cobra.Command {
	var f vmFlags
	c := &cobra.Command{
		Use:   "vm",
		Short: "Boot N microVMs and start N containers with the same payload; compare start, memory, density",
		Long: "Boots N qemu microVMs (KVM when /dev/kvm runs the kernel, else TCG) and starts N containers\n" +
			"(tent run --network none and bridge, crun, runc, podman when installed), for N=1 and N=-n,\n" +
			"each running a static busybox that prints " + marker + " and sleeps, and times each to it.\n" +
			"--initrd: your own initramfs; its /init must print " + marker + " on the serial console.",
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runVM(f) },
	}
	fl := c.Flags()
	fl.IntVarP(&f.n, "n", "n", 0, "instances side by side in the second round (default: the machine's density, 2..8)")
	fl.BoolVar(&f.json, "json", false, "print the report as JSON instead of a table")
	fl.StringVar(&f.chart, "chart", "", "write a chart to FILE.svg or FILE.png")
	fl.StringVar(&f.kernel, "kernel", "", "kernel to boot (default: /boot/vmlinuz-*, else Debian's linux-image, fetched once)")
	fl.StringVar(&f.initrd, "initrd", "", "initramfs to boot (default: busybox built here)")
	fl.StringVar(&f.accel, "accel", "auto", "accelerator: auto, kvm or tcg")
	fl.Float64Var(&f.budget, "budget", 0, "memory budget in MiB for the density column (default: MemAvailable)")
	fl.DurationVar(&f.bootTimeout, "boot-timeout", 2*time.Minute, "give up on a VM whose marker has not come by then")
	fl.DurationVar(&f.startTimeout, "start-timeout", 30*time.Second, "give up on a container whose marker has not come by then")
	return c
}

func runVM(f vmFlags) error {
	if f.n < 0 || f.n > 256 {
		return fmt.Errorf("-n %d: want 1..256", f.n)
	}
	ext := strings.ToLower(filepath.Ext(f.chart))
	if f.chart != "" && ext != ".svg" && ext != ".png" {
		return fmt.Errorf("--chart %s: want a .svg or .png file name", f.chart)
	}
	o, err := options(f)
	if err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		if s, ok := <-sigs; ok {
			cancel(interrupted{s.(syscall.Signal)})
		}
	}()
	rep, err := vmbench.Run(ctx, o)
	var in interrupted
	if errors.As(context.Cause(ctx), &in) {
		return exitcode.New(128+int(in.sig), fmt.Errorf("%w (%v)", err, in.sig))
	}
	if err != nil {
		return err
	}
	if f.chart != "" {
		if err := writeChart(f.chart, ext, rep); err != nil {
			return err
		}
	}
	if f.json {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return vmbench.WriteTable(os.Stdout, rep)
}

// interrupted is the cancel cause on SIGINT or SIGTERM: tent-bench then
// exits 128+N, as Docker's commands do.
type interrupted struct{ sig syscall.Signal }

func (i interrupted) Error() string { return "interrupted by " + i.sig.String() }

func options(f vmFlags) (vmbench.Options, error) {
	self, err := os.Executable()
	if err != nil {
		return vmbench.Options{}, fmt.Errorf("find tent: %w", err)
	}
	bb, err := staticBusybox()
	if err != nil {
		return vmbench.Options{}, err
	}
	dir := filepath.Dir(self)
	return vmbench.Options{N: f.n, Accel: f.accel, Kernel: f.kernel, Initrd: f.initrd,
		Cache: filepath.Join(g.root, "bench", "kernels"), BootDir: "/boot", DevKVM: "/dev/kvm",
		Tent: filepath.Join(dir, "tent"), TentGlobals: append([]string{"--root", g.root, "--state", g.state}, g.logs.Args()...),
		Mkimage: filepath.Join(dir, "tent-mkimage"), Busybox: bb, Marker: marker, VMMemMiB: 128,
		BootTimeout: f.bootTimeout, StartTimeout: f.startTimeout, BudgetMiB: f.budget, Progress: os.Stderr}, nil
}

// staticBusybox is the busybox on PATH, checked to be static: it runs as
// the VM's /init and in the containers' bare rootfs.
func staticBusybox() (string, error) {
	p, err := exec.LookPath("busybox")
	if err != nil {
		return "", fmt.Errorf("busybox not found: apt-get install busybox-static")
	}
	e, err := elf.Open(p)
	if err != nil {
		return "", fmt.Errorf("busybox %s: %w", p, err)
	}
	defer e.Close()
	for _, prog := range e.Progs {
		if prog.Type == elf.PT_INTERP {
			return "", fmt.Errorf("busybox %s is dynamically linked: apt-get install busybox-static", p)
		}
	}
	return p, nil
}

// writeChart writes the chart through a temp file renamed at the end.
func writeChart(path, ext string, rep *vmbench.Report) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".chart-")
	if err != nil {
		return fmt.Errorf("--chart: %w", err)
	}
	if ext == ".png" {
		err = vmbench.WritePNG(tmp, rep)
	} else {
		err = vmbench.WriteSVG(tmp, rep)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--chart %s: %w", path, err)
	}
	return nil
}
