package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image/build"
)

// buildFlags are tent build's flags, as docker build's.
type buildFlags struct {
	tags, buildArgs, labels []string
	file, target, platform  string
	progress, iidfile       string
	network                 string
	noCache, pull, quiet    bool
}

func newBuildCmd() *cobra.Command {
	var f buildFlags
	cmd := &cobra.Command{
		Use:   "build [OPTIONS] PATH | -",
		Short: "Build an image from a Dockerfile",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBuild(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.tags, "tag", "t", nil, `name and optionally a tag ("name:tag"); repeatable`)
	fl.StringVarP(&f.file, "file", "f", "", `the Dockerfile (default "PATH/Dockerfile"; "-": stdin)`)
	fl.StringArrayVar(&f.buildArgs, "build-arg", nil, "a build-time variable, KEY=VALUE or KEY (from the environment)")
	fl.StringVar(&f.target, "target", "", "the stage to build")
	fl.BoolVar(&f.noCache, "no-cache", false, "do not use the build cache")
	fl.BoolVar(&f.pull, "pull", false, "always pull the base images")
	fl.StringVar(&f.platform, "platform", "", "the platform to build for (the host's only)")
	fl.StringArrayVar(&f.labels, "label", nil, "a label for the image, KEY=VALUE")
	fl.StringVar(&f.progress, "progress", "auto", "progress output: auto, plain or quiet")
	fl.StringVar(&f.iidfile, "iidfile", "", "write the image id to this file")
	fl.StringVar(&f.network, "network", "default", "network of the RUN steps: default (bridge), bridge, none or host")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print only the image id")
	return cmd
}

func runBuild(ctx context.Context, contextArg string, f buildFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	o, err := f.options()
	if err != nil {
		return err
	}
	in, err := openBuildInput(contextArg, f.file)
	if err != nil {
		return err
	}
	defer in.cleanup()
	o.ContextDir, o.File = in.dir, in.name
	df, err := build.ParseDockerfile(in.name, in.dockerfile)
	if err != nil {
		return err
	}
	d, closeDeps, err := buildDeps()
	if err != nil {
		return err
	}
	defer closeDeps()
	img, err := build.Build(ctx, df, o, d)
	if err != nil {
		return err
	}
	if f.iidfile != "" {
		if err := os.WriteFile(f.iidfile, []byte(img.ID), 0o644); err != nil {
			return fmt.Errorf("--iidfile: %w", err)
		}
	}
	if o.Progress == "quiet" {
		fmt.Println(img.ID)
	}
	return nil
}

// options turns the flags into build.Options.
func (f buildFlags) options() (build.Options, error) {
	o := build.Options{Tags: f.tags, Target: f.target, NoCache: f.noCache, Pull: f.pull, Platform: f.platform,
		Progress: f.progress, Out: os.Stderr, BuildArgs: map[string]string{}, Labels: map[string]string{}}
	if err := build.CheckPlatform(f.platform); err != nil {
		return o, err
	}
	switch f.progress {
	case "auto", "plain", "tty":
	case "quiet":
	default:
		return o, fmt.Errorf("--progress=%s: want auto, plain or quiet", f.progress)
	}
	if f.quiet {
		o.Progress = "quiet"
	}
	switch f.network {
	case "default", "bridge", "":
	case "none", "host":
		o.Network = f.network
	default:
		return o, fmt.Errorf("--network=%s: want default, bridge, none or host", f.network)
	}
	for _, a := range f.buildArgs {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			if v, ok = os.LookupEnv(k); !ok {
				continue // as docker: a KEY unset in the environment is ignored
			}
		}
		o.BuildArgs[k] = v
	}
	for _, l := range f.labels {
		k, v, _ := strings.Cut(l, "=")
		if k == "" {
			return o, fmt.Errorf("--label %q: want KEY=VALUE", l)
		}
		o.Labels[k] = v
	}
	return o, nil
}

// builderDir is the build cache's dir under the data root.
func builderDir() string { return filepath.Join(g.root, "builder") }
