package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The "pull" group: a ~200 MB, 5-layer gzip image from a local registry into
// a fresh store, against skopeo+umoci and the serial floor (curl the blobs,
// then tar -xzf each). Every run writes into a fresh dir, deleted untimed.
func init() {
	benches = append(benches,
		bench{name: "tent pull", group: "pull", setup: setupTentPull(false), runs: 5},
		bench{name: "skopeo copy + umoci unpack", group: "pull", setup: setupSkopeoUmoci, runs: 5},
		bench{name: "curl + tar -xzf (floor)", group: "pull", setup: setupPullFloor, runs: 5},
		bench{name: "tent pull, 4 of 5 layers in store", group: "pull", setup: setupTentPull(true), runs: 5},
	)
	ratios = append(ratios,
		[2]string{"tent pull", "skopeo copy + umoci unpack"},
		[2]string{"tent pull", "curl + tar -xzf (floor)"},
		[2]string{"tent pull, 4 of 5 layers in store", "tent pull"},
	)
}

// cpuTally sums the CPU time (user+sys, children included) of a run's
// commands, for a load-independent view next to the wall times.
type cpuTally struct{ runs []time.Duration }

func (c *cpuTally) run(i int, cmds ...*exec.Cmd) error {
	var sum time.Duration
	for _, cmd := range cmds {
		if err := run(cmd); err != nil {
			return err
		}
		sum += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if i < len(c.runs) {
		c.runs[i] += sum
	} else {
		c.runs = append(c.runs, sum)
	}
	return nil
}

func (c *cpuTally) explain() (string, error) {
	return fmt.Sprintf("  CPU time (user+sys) per run, median: %s", fmtDur(quantile(c.runs, 0.5))), nil
}

// freshDirs gives run i its own dir and removes it after the timing.
type freshDirs struct {
	e    *env
	name string
	cur  string
}

func (f *freshDirs) prepare(int) (err error) {
	f.cur, err = f.e.dir(f.name)
	return err
}

func (f *freshDirs) after(int) { os.RemoveAll(f.cur) }

func setupTentPull(shared bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		p, err := e.pulls()
		if err != nil {
			return nil, err
		}
		tent, err := e.tentBin()
		if err != nil {
			return nil, err
		}
		fd := &freshDirs{e: e, name: "tent-pull"}
		pull := func(ref string) *exec.Cmd {
			return exec.Command(tent, "--root", fd.cur, "--state", fd.cur+"/state", "pull", p.host+ref)
		}
		cpu := &cpuTally{}
		r := &runner{prepare: fd.prepare, after: fd.after, explain: cpu.explain,
			run: func(i int) error { return cpu.run(i, pull(bigRef)) }}
		if shared {
			r.prepare = func(i int) error {
				if err := fd.prepare(i); err != nil {
					return err
				}
				return run(pull(bigRef)) // untimed: the four shared layers
			}
			r.run = func(int) error { return run(pull(bigRefTwo)) }
			r.explain = func() (string, error) { return explainShared(fd, pull) }
		}
		return r, nil
	}
}

// explainShared shows one second pull's per-layer lines.
func explainShared(fd *freshDirs, pull func(string) *exec.Cmd) (string, error) {
	if err := fd.prepare(0); err != nil {
		return "", err
	}
	defer fd.after(0)
	if err := run(pull(bigRef)); err != nil {
		return "", err
	}
	out, err := pull(bigRefTwo).Output()
	if err != nil {
		return "", err
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "Already exists") || strings.Contains(l, "Pull complete") {
			lines = append(lines, "  "+l)
		}
	}
	return strings.Join(lines, "\n"), nil
}

func setupSkopeoUmoci(e *env) (*runner, error) {
	p, err := e.pulls()
	if err != nil {
		return nil, err
	}
	skopeo, err := need("skopeo")
	if err != nil {
		return nil, err
	}
	umoci, err := need("umoci")
	if err != nil {
		return nil, err
	}
	fd := &freshDirs{e: e, name: "skopeo"}
	cpu := &cpuTally{}
	return &runner{prepare: fd.prepare, after: fd.after, explain: cpu.explain, run: func(i int) error {
		layout := filepath.Join(fd.cur, "oci") + ":big"
		return cpu.run(i, exec.Command(skopeo, "--insecure-policy", "copy", "-q", "--src-tls-verify=false",
			"docker://"+p.host+bigRef, "oci:"+layout),
			exec.Command(umoci, "unpack", "--image", layout, filepath.Join(fd.cur, "bundle")))
	}}, nil
}

func setupPullFloor(e *env) (*runner, error) {
	p, err := e.pulls()
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"curl", "tar", "gzip"} {
		if _, err := need(c); err != nil {
			return nil, err
		}
	}
	fd := &freshDirs{e: e, name: "floor"}
	cpu := &cpuTally{}
	return &runner{prepare: fd.prepare, after: fd.after, explain: cpu.explain, run: func(i int) error {
		var curls, tars []*exec.Cmd
		root := filepath.Join(fd.cur, "rootfs")
		for _, d := range p.layers {
			f := filepath.Join(fd.cur, strings.TrimPrefix(d, "sha256:"))
			curls = append(curls, exec.Command("curl", "-sSf", "-o", f, "http://"+p.host+"/v2/bench/big/blobs/"+d))
			tars = append(tars, exec.Command("tar", "-xzf", f, "-C", root))
		}
		if err := cpu.run(i, curls...); err != nil {
			return err
		}
		if err := os.Mkdir(root, 0o755); err != nil {
			return err
		}
		return cpu.run(i, tars...)
	}}, nil
}

// layerDigests reads a schema2 manifest's layer digests.
func layerDigests(url string) ([]string, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept", "application/vnd.docker.distribution.manifest.v2+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var m struct{ Layers []struct{ Digest string } }
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", url, err)
	}
	var ds []string
	for _, l := range m.Layers {
		ds = append(ds, l.Digest)
	}
	return ds, nil
}
