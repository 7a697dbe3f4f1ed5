package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// The "push" group: the ~200 MB, 5-layer gzip image (seed 2: no blob the
// pull group's registry holds) pushed to a fresh repository of the local
// registry, each blob uploaded, against skopeo copy of the same blobs from
// a dir: layout; and tent's push of the same image to a fresh repository
// after a first push to another one, where every blob is mounted.
func init() {
	benches = append(benches,
		bench{name: "tent push", group: "push", setup: setupTentPush(false), runs: 5},
		bench{name: "skopeo copy dir: → registry", group: "push", setup: setupSkopeoPush, runs: 5},
		bench{name: "tent push, blobs mounted", group: "push", setup: setupTentPush(true), runs: 5},
	)
	ratios = append(ratios,
		[2]string{"tent push", "skopeo copy dir: → registry"},
		[2]string{"tent push, blobs mounted", "tent push"},
	)
}

// pushSrc is what the push contenders share: the big image as an OCI
// archive, unpacked, and as skopeo's dir: layout. Each tent run loads the archive
// into a fresh store (untimed): a store that pushed the image before knows
// a repository to mount its blobs from.
type pushSrc struct {
	once        sync.Once
	err         error
	tar, layout string
	dir         string // skopeo's dir: layout
}

var pushes pushSrc

func (e *env) pushSource() (*pushSrc, error) {
	pushes.once.Do(func() { pushes.err = pushes.make(e) })
	return &pushes, pushes.err
}

func (p *pushSrc) make(e *env) error {
	mk, err := e.bin("tent-mkimage")
	if err != nil {
		return err
	}
	dir, err := e.dir("push-src")
	if err != nil {
		return err
	}
	p.tar, p.layout = filepath.Join(dir, "big.tar"), filepath.Join(dir, "oci")
	if err := run(exec.Command(mk, "--variant", "big", "--seed", "2", "--format", "oci", "--ref", "bench/push:1", "-o", p.tar)); err != nil {
		return err
	}
	if err := os.Mkdir(p.layout, 0o755); err != nil {
		return err
	}
	if err := run(exec.Command("tar", "-xf", p.tar, "-C", p.layout)); err != nil {
		return err
	}
	return p.makeDir()
}

// makeDir makes skopeo's dir: layout of the image (its OCI layout index
// names a Docker manifest, which skopeo's oci: transport does not take):
// manifest.json, the blobs by hex digest (hard links), a version file.
func (p *pushSrc) makeDir() error {
	p.dir = p.layout + "-dir"
	if err := os.Mkdir(p.dir, 0o755); err != nil {
		return err
	}
	var idx struct{ Manifests []struct{ Digest string } }
	b, err := os.ReadFile(filepath.Join(p.layout, "index.json"))
	if err == nil {
		err = json.Unmarshal(b, &idx)
	}
	if err != nil || len(idx.Manifests) != 1 {
		return fmt.Errorf("oci layout index: %v (%d manifests)", err, len(idx.Manifests))
	}
	blobs := filepath.Join(p.layout, "blobs", "sha256")
	ents, err := os.ReadDir(blobs)
	if err != nil {
		return err
	}
	for _, e := range ents {
		name := e.Name()
		if "sha256:"+name == idx.Manifests[0].Digest {
			name = "manifest.json"
		}
		if err := os.Link(filepath.Join(blobs, e.Name()), filepath.Join(p.dir, name)); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(p.dir, "version"), []byte("Directory Transport Version: 1.1\n"), 0o644)
}

// freshRegistry gives each run an empty registry (started untimed, stopped
// after it): neither tent's store nor skopeo's blob-info cache can then
// name a repository to mount the blobs from, so every blob is uploaded.
type freshRegistry struct {
	e    *env
	host string
	stop func()
}

func (r *freshRegistry) prepare(int) (err error) {
	r.host, r.stop, err = startRegistry(r.e)
	return err
}

func (r *freshRegistry) after(int) {
	if r.stop != nil {
		r.stop()
	}
}

func setupTentPush(mounted bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		src, err := e.pushSource()
		if err != nil {
			return nil, err
		}
		tent, err := e.tentBin()
		if err != nil {
			return nil, err
		}
		reg, fd := &freshRegistry{e: e}, &freshDirs{e: e, name: "tent-push"}
		tentDo := func(args ...string) *exec.Cmd {
			return exec.Command(tent, append([]string{"--root", fd.cur, "--state", fd.cur + "/state"}, args...)...)
		}
		ref := func(repo string) string { return reg.host + "/bench/" + repo + ":1" }
		// Untimed: a fresh registry and store; with mounted, a first push
		// to another repository of that registry.
		prepare := func(i int) error {
			if err := reg.prepare(i); err != nil {
				return err
			}
			if err := fd.prepare(i); err != nil {
				return err
			}
			if err := run(tentDo("load", "-i", src.tar)); err != nil {
				return err
			}
			if err := run(tentDo("tag", "bench/push:1", ref("push"))); err != nil || !mounted {
				return err
			}
			if err := run(tentDo("tag", "bench/push:1", ref("first"))); err != nil {
				return err
			}
			return run(tentDo("push", "-q", ref("first")))
		}
		cpu := &cpuTally{}
		return &runner{prepare: prepare, explain: cpu.explain,
			after: func(i int) { fd.after(i); reg.after(i) },
			run:   func(i int) error { return cpu.run(i, tentDo("push", "-q", ref("push"))) }}, nil
	}
}

func setupSkopeoPush(e *env) (*runner, error) {
	skopeo, err := need("skopeo")
	if err != nil {
		return nil, err
	}
	src, err := e.pushSource()
	if err != nil {
		return nil, err
	}
	reg, cpu := &freshRegistry{e: e}, &cpuTally{}
	return &runner{prepare: reg.prepare, after: reg.after, explain: cpu.explain, run: func(i int) error {
		return cpu.run(i, exec.Command(skopeo, "--insecure-policy", "copy", "-q", "--dest-tls-verify=false",
			"dir:"+src.dir, "docker://"+reg.host+"/bench/push:1"))
	}}, nil
}
