package tests

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/tests/vm"
)

// TestBenchVM runs `tent bench vm -n 1 --accel tcg --json --chart x.svg`:
// one microVM booted under TCG with Debian's kernel (from kernel.sh's
// cache), and the containers, all to the same marker. The JSON has the
// rows, the VM is slower than a container, the chart is a valid SVG.
func TestBenchVM(t *testing.T) {
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		t.Skip("qemu-system-x86_64 is not installed (tests/deps.sh installs qemu-system-x86)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kernel, _, err := vm.Kernel(ctx, "vm/kernel.sh")
	if errors.Is(err, vm.ErrNoKernel) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v\nCI must fetch the kernel in its dependency step: tests/vm/kernel.sh", err)
		}
		t.Skipf("no cached kernel: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(t.TempDir(), "x.svg")
	r := tent(t, "bench", "vm", "-n", "1", "--accel", "tcg", "--json", "--chart", chart,
		"--kernel", kernel, "--boot-timeout", "90s")
	mustSucceed(t, r)
	var rep struct {
		Accel  string `json:"accel"`
		Kernel string `json:"kernel"`
		Rows   []struct {
			System  string             `json:"system"`
			Kind    string             `json:"kind"`
			N       int                `json:"n"`
			Started int                `json:"started"`
			StartMs map[string]float64 `json:"start_ms"`
			PSS     float64            `json:"pss_mib"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, r)
	}
	if !strings.HasPrefix(rep.Accel, "tcg") || !strings.Contains(rep.Kernel, "vmlinuz") {
		t.Errorf("accel %q, kernel %q", rep.Accel, rep.Kernel)
	}
	var vmMs, ctrMs float64
	for _, row := range rep.Rows {
		if row.N != 1 || row.Started != 1 || row.StartMs["median"] <= 0 || row.PSS <= 0 {
			t.Errorf("row %+v: want one instance started, its time and PSS\n%s", row, r.Stderr)
		}
		switch {
		case row.Kind == "vm":
			vmMs = row.StartMs["median"]
		case row.System == "tent run --network none":
			ctrMs = row.StartMs["median"]
		}
	}
	if vmMs == 0 || ctrMs == 0 || vmMs <= ctrMs {
		t.Errorf("VM %v ms, tent run %v ms: want both, the VM slower\n%s", vmMs, ctrMs, r)
	}
	checkSVG(t, chart)
}

func checkSVG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	root, rects := "", 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "rect" {
				rects++
			}
		}
	}
	if root != "svg" || rects < 2 {
		t.Errorf("chart: root <%s>, %d rects", root, rects)
	}
}
