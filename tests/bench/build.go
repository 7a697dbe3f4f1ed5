package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// The "build" group: one 10-step, tutorial-style Dockerfile built by tent
// build and by buildah bud (Debian's buildah, the engine of podman build;
// --layers for its cache, overlay storage, chroot isolation), both with
// RUN steps on the host network (chroot isolation allows no other): a cold build into a fresh store, a rebuild
// with nothing changed, and a rebuild after the app's code changed.
func init() {
	for _, k := range []string{"cold", "no change", "code change"} {
		benches = append(benches,
			bench{name: "tent build, " + k, group: "build", setup: setupBuild(k, tentBuilder), runs: buildRuns(k)},
			bench{name: "buildah bud, " + k, group: "build", setup: setupBuild(k, buildahBuilder), runs: buildRuns(k)})
		ratios = append(ratios, [2]string{"tent build, " + k, "buildah bud, " + k})
	}
}

func buildRuns(kind string) int {
	if kind == "cold" {
		return 5
	}
	return 10
}

const benchDockerfile = `FROM docker.io/` + benchImage + `
WORKDIR /app
ENV APP_ENV=production
COPY requirements.txt .
RUN echo "installed $(cat requirements.txt)" > /app/deps.txt
COPY . .
EXPOSE 8000
LABEL org.example.app=bench
USER 1000
CMD ["httpd", "-f", "-p", "8000", "-h", "/app"]
`

// builder is a contender's store (made fresh for a cold build) and its
// build command of the context dir.
type builder struct {
	newStore func(e *env, dir string) error
	build    func(e *env, dir, ctx string) *exec.Cmd
}

var tentBuilder = builder{
	newStore: func(e *env, dir string) error {
		tar, err := e.archive()
		if err != nil {
			return err
		}
		cmd, err := e.tentCmd("--root", dir, "load", "-i", tar)
		if err != nil {
			return err
		}
		return run(cmd)
	},
	build: func(e *env, dir, ctx string) *exec.Cmd {
		cmd, _ := e.tentCmd("--root", dir, "build", "--network", "host", "-t", "bench-app:1", ctx)
		return cmd
	},
}

var buildahBuilder = builder{
	newStore: func(e *env, dir string) error {
		if _, err := exec.LookPath("buildah"); err != nil {
			return skipf("buildah not installed (make bench-deps)")
		}
		tar, err := e.archive()
		if err != nil {
			return err
		}
		if err := run(buildah(dir, "pull", "docker-archive:"+tar)); err != nil {
			return err
		}
		return run(buildah(dir, "tag", "localhost/"+benchImage, "docker.io/"+benchImage)) // the archive's name, as tent normalizes it

	},
	build: func(_ *env, dir, ctx string) *exec.Cmd {
		return buildah(dir, "bud", "--layers", "--isolation", "chroot", "--network", "host", "--pull-never", "-q", "-t", "bench-app:1", ctx)
	},
}

// buildah runs buildah on a private store under dir.
func buildah(dir string, args ...string) *exec.Cmd {
	return exec.Command("buildah", append([]string{"--root", filepath.Join(dir, "root"),
		"--runroot", filepath.Join(dir, "run"), "--storage-driver", "overlay"}, args...)...)
}

func setupBuild(kind string, b builder) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		ctx, err := e.dir("build-ctx")
		if err != nil {
			return nil, err
		}
		if err := writeBuildContext(ctx, 0); err != nil {
			return nil, err
		}
		r := &runner{}
		fd := &freshDirs{e: e, name: "build-store"}
		if kind == "cold" {
			r.prepare = func(i int) error {
				if err := fd.prepare(i); err != nil {
					return err
				}
				return b.newStore(e, fd.cur)
			}
			r.after = func(int) { unmountUnder(fd.cur); fd.after(0) }
			r.run = func(int) error { return run(b.build(e, fd.cur, ctx)) }
			return r, nil
		}
		if err := fd.prepare(0); err != nil {
			return nil, err
		}
		if err := b.newStore(e, fd.cur); err != nil {
			return nil, err
		}
		if err := run(b.build(e, fd.cur, ctx)); err != nil {
			return nil, err
		}
		r.close = func() { unmountUnder(fd.cur); fd.after(0) }
		r.run = func(int) error { return run(b.build(e, fd.cur, ctx)) }
		if kind == "code change" {
			r.prepare = func(i int) error { return writeBuildContext(ctx, i+1) }
		}
		return r, nil
	}
}

// writeBuildContext writes the app; version changes its code only.
func writeBuildContext(dir string, version int) error {
	files := map[string]string{
		"Dockerfile":       benchDockerfile,
		"requirements.txt": "flask==3.0\n",
		"index.html":       fmt.Sprintf("<h1>version %d</h1>\n", version),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
