package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/build"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/logconf"
	"github.com/tent-dev/tent/rootfs/compression"
)

// buildDeps wires the build to tent's engine (RUN steps run as tent run
// would run them), the image store and the registry client.
func buildDeps() (build.Deps, func(), error) {
	e, err := openEngine()
	if err != nil {
		return build.Deps{}, nil, err
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		return build.Deps{}, nil, err
	}
	d := build.Deps{
		Store: e.Images,
		Dir:   builderDir(),
		Pull: func(ctx context.Context, ref string) error {
			return runPull(ctx, ref, "", false)
		},
		Run:      &engineRunner{e: e, null: null},
		Download: download,
	}
	return d, func() { null.Close() }, nil
}

// openEngine opens tent's engine on --root and --state, its libraries
// logging through logrus at debug level only.
func openEngine() (*engine.Engine, error) {
	// The engine commits and builds: its image store brings layers in.
	opts := []engine.Option{engine.WithImageOptions(image.WithDecompressor(compression.Decompress))}
	if g.log != nil && g.log.IsLevelEnabled(logrus.DebugLevel) {
		opts = append(opts, engine.WithLoggers(func(pkg string) debuglog.Logger { return logconf.Debug(g.log, pkg) }))
	}
	e, err := engine.New(g.root, g.state, opts...)
	if err != nil {
		return nil, fmt.Errorf("open tent: %w", err)
	}
	return e, nil
}

// engineRunner runs a RUN step with engine.Run: a container named
// tent-build-<random> that is kept until its upper dir is diffed.
type engineRunner struct {
	e    *engine.Engine
	null *os.File
}

func (r *engineRunner) Run(ctx context.Context, req build.RunRequest) (string, func(), error) {
	var b [8]byte
	rand.Read(b[:])
	name := "tent-build-" + hex.EncodeToString(b[:])
	cleanup := func() { r.e.Remove(name, true) }
	ep := []string{}
	code, err := r.e.Run(ctx, engine.RunOptions{Image: req.Image, Entrypoint: &ep, Cmd: req.Args, Env: req.Env,
		User: req.User, Workdir: req.Workdir, Network: req.Network, Name: name},
		engine.Stdio{In: r.null, Out: req.Out, Err: req.Out})
	if err != nil {
		return "", cleanup, err
	}
	if code != 0 {
		return "", cleanup, fmt.Errorf("process %q did not complete successfully: exit code: %d", strings.Join(req.Args, " "), code)
	}
	id, err := r.e.Containers.Resolve(name)
	if err != nil {
		return "", cleanup, err
	}
	return r.e.Layout.UpperDir(id), cleanup, nil
}

// download is ADD's URL fetch.
func download(ctx context.Context, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
