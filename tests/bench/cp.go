package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// The "cp" group: `tent cp` of a 100 MiB file into and out of a running
// container, against Docker's pre-cp way, a tar stream piped through
// `tent exec -i` (tar c | tent exec -i c tar x, and back).
func init() {
	benches = append(benches,
		bench{name: "tent cp in", group: "cp", setup: setupCp(cpIn)},
		bench{name: "tar | tent exec tar x", group: "cp", setup: setupCp(tarIn)},
		bench{name: "tent cp out", group: "cp", setup: setupCp(cpOut)},
		bench{name: "tent exec tar c | tar", group: "cp", setup: setupCp(tarOut)},
	)
	ratios = append(ratios,
		[2]string{"tent cp in", "tar | tent exec tar x"},
		[2]string{"tent cp out", "tent exec tar c | tar"},
	)
}

const cpSize = 100 << 20

type cpWay int

const (
	cpIn cpWay = iota
	tarIn
	cpOut
	tarOut
)

// cpFixture is a running container holding /big (cpSize bytes) and a host
// dir holding big, the same bytes.
type cpFixture struct {
	e        *env
	tent, id string
	host     string
}

func newCpFixture(e *env) (*cpFixture, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	tent, err := e.tentBin()
	if err != nil {
		return nil, err
	}
	host, err := e.dir("cp")
	if err != nil {
		return nil, err
	}
	if err := randomFile(filepath.Join(host, "big"), cpSize); err != nil {
		return nil, err
	}
	cmd, err := e.tentCmd("run", "-d", "--network", "none", img, "sleep", "100000")
	if err != nil {
		return nil, err
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("tent run -d: %w", err)
	}
	f := &cpFixture{e: e, tent: tent, id: strings.TrimSpace(string(out)), host: host}
	return f, f.sh(fmt.Sprintf("%s cp %s/big %s:/big", tent, host, f.id))
}

func randomFile(p string, n int64) error {
	src, err := os.Open("/dev/urandom")
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(p)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(dst, src, n); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// sh runs a shell pipeline with the bench store.
func (f *cpFixture) sh(script string) error {
	cmd := exec.Command("sh", "-c", "set -e; "+script)
	cmd.Env = append(os.Environ(), "TENT_ROOT="+f.e.tentRoot, "TENT_STATE="+f.e.tentState)
	return run(cmd)
}

// step is run i of way: into the container's /in<i>/, or out to the host's out<i>/.
func (f *cpFixture) step(way cpWay, i int) string {
	n := strconv.Itoa(i)
	switch way {
	case cpIn:
		return fmt.Sprintf("%s cp %s/big %s:/in%s/", f.tent, f.host, f.id, n)
	case tarIn:
		return fmt.Sprintf("tar c -C %s big | %s exec -i %s tar x -C /in%s", f.host, f.tent, f.id, n)
	case cpOut:
		return fmt.Sprintf("%s cp %s:/big %s/out%s/", f.tent, f.id, f.host, n)
	}
	return fmt.Sprintf("%s exec %s tar c -C / big | tar x -C %s/out%s", f.tent, f.id, f.host, n)
}

// setupCp times one way of copying; each run writes a fresh dir, made
// before and removed after, untimed.
func setupCp(way cpWay) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		f, err := newCpFixture(e)
		if err != nil {
			return nil, err
		}
		return &runner{
			prepare: func(i int) error {
				return f.sh(fmt.Sprintf("%s exec %s mkdir /in%d; mkdir %s/out%d", f.tent, f.id, i, f.host, i))
			},
			run: func(i int) error { return f.sh(f.step(way, i)) },
			after: func(i int) {
				_ = f.sh(fmt.Sprintf("%s exec %s rm -rf /in%d; rm -rf %s/out%d", f.tent, f.id, i, f.host, i))
			},
			close: func() { _ = f.sh(fmt.Sprintf("%s rm -f %s; rm -rf %s", f.tent, f.id, f.host)) },
		}, nil
	}
}
