package build

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/tent-dev/tent/image"
)

// builder is one build.
type builder struct {
	df     *Dockerfile
	o      *Options
	d      Deps
	cache  cache
	tmp    string
	now    v1.Time
	lex    *shell.Lex
	stages []*state // built stages by index; nil: not (yet) built
	p      *progress
	ctxSrc *source // the build context, opened once
}

// Build builds df into an image in d.Store named o.Tags and returns it.
// A failed build stores no named image and leaves no container or mount.
func Build(ctx context.Context, df *Dockerfile, o Options, d Deps) (*image.Image, error) {
	if err := CheckPlatform(o.Platform); err != nil {
		return nil, err
	}
	b := &builder{df: df, o: &o, d: d, now: nowTime(), lex: shell.NewLex(df.Escape),
		cache: cache{dir: d.Dir + "/cache", store: d.Store}, stages: make([]*state, len(df.Stages))}
	b.p = newProgress(o.Out, o.Progress)
	o.used = map[string]bool{}
	if err := b.globals(); err != nil {
		return nil, err
	}
	target := len(df.Stages) - 1
	if o.Target != "" {
		i, ok := df.StageIndex(o.Target)
		if !ok {
			return nil, fmt.Errorf("target stage %q could not be found", o.Target)
		}
		target = i
	}
	if err := os.MkdirAll(d.Dir+"/tmp", 0o700); err != nil {
		return nil, fmt.Errorf("builder dir: %w", err)
	}
	tmp, err := os.MkdirTemp(d.Dir+"/tmp", "build-")
	if err != nil {
		return nil, fmt.Errorf("builder dir: %w", err)
	}
	b.tmp = tmp
	defer os.RemoveAll(tmp)
	if err := os.Mkdir(tmp+"/empty", 0o755); err != nil {
		return nil, fmt.Errorf("builder dir: %w", err)
	}
	if b.ctxSrc, err = openContext(o.ContextDir); err != nil {
		return nil, err
	}
	defer b.ctxSrc.root.Close()
	st, err := b.stage(ctx, target)
	if err != nil {
		return nil, err
	}
	b.warnUnused()
	return b.finish(ctx, st)
}

// finish stores the target stage as the named image.
func (b *builder) finish(ctx context.Context, st *state) (*image.Image, error) {
	names := make([]string, 0, len(b.o.Tags))
	for _, t := range b.o.Tags {
		n, err := image.Normalize(t)
		if err != nil {
			return nil, fmt.Errorf("invalid tag %q: %w", t, err)
		}
		names = append(names, n)
	}
	for k, v := range b.o.Labels {
		setLabel(&st.cfg.Config, k, v)
	}
	st.cfg.OS, st.cfg.Architecture = image.HostPlatform().OS, image.HostPlatform().Architecture
	step := b.p.start("exporting to image")
	img, err := b.storeImage(ctx, st, names, false, nil)
	if err != nil {
		return nil, err
	}
	b.p.line(step, "writing image "+img.ID)
	for _, n := range names {
		b.p.line(step, "naming to "+n)
	}
	b.p.done(step)
	return img, nil
}

// globals expands the ARGs before FROM, which only FROM lines see (and
// stages that declare them again).
func (b *builder) globals() error {
	pf := image.HostPlatform()
	g := map[string]string{"TARGETPLATFORM": pf.OS + "/" + pf.Architecture, "TARGETOS": pf.OS,
		"TARGETARCH": pf.Architecture, "BUILDPLATFORM": pf.OS + "/" + pf.Architecture, "BUILDOS": pf.OS, "BUILDARCH": pf.Architecture}
	s := &state{args: g}
	b.o.globals = g
	for i := range b.df.MetaArgs {
		a := &b.df.MetaArgs[i]
		if err := b.expand(s, a); err != nil {
			return &LineError{File: b.df.Name, Line: line(a), Op: "ARG", Err: err}
		}
		s.declareArgs(a, b.o)
	}
	return nil
}

func (b *builder) warnUnused() {
	var unused []string
	for k := range b.o.BuildArgs {
		if !b.o.used[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		b.p.warn(fmt.Sprintf("One or more build-args %v were not consumed", unused))
	}
}

// expand expands a command's words with the stage's ARGs and ENV.
func (b *builder) expand(s *state, cmd any) error {
	ex, ok := cmd.(instructions.SupportsSingleWordExpansion)
	if !ok {
		return nil
	}
	e := s.env()
	return ex.Expand(func(word string) (string, error) {
		out, _, err := b.lex.ProcessWord(word, e)
		return out, err
	})
}

// CheckPlatform accepts the host's platform only.
func CheckPlatform(p string) error {
	if p == "" {
		return nil
	}
	h := image.HostPlatform()
	want := h.OS + "/" + h.Architecture
	norm := strings.ToLower(p)
	if norm == want || (h.Variant != "" && norm == want+"/"+h.Variant) || norm == h.Architecture {
		return nil
	}
	return fmt.Errorf("platform %q is not supported: tent builds for the host platform %s only (no emulation)", p, want)
}
