package build

import (
	"context"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/tent-dev/tent/image"
)

// stage builds stage i (and, on the way, the stages it copies from).
func (b *builder) stage(ctx context.Context, i int) (*state, error) {
	if b.stages[i] != nil {
		return b.stages[i], nil
	}
	st := &b.df.Stages[i]
	s, err := b.from(ctx, i, st)
	if err != nil {
		return nil, &LineError{File: b.df.Name, Line: firstLine(st.Location), Op: "FROM", Err: err}
	}
	cmds, err := onBuildTriggers(s)
	if err != nil {
		return nil, &LineError{File: b.df.Name, Line: firstLine(st.Location), Op: "ONBUILD", Err: err}
	}
	s.cfg.Config.OnBuild = nil // triggers run once, in the child's build
	ntrig := len(cmds)
	cmds = append(cmds, st.Commands...)
	for j, cmd := range cmds {
		step := b.p.start(fmt.Sprintf("[%s%d/%d] %s", stageLabel(st), j+2, len(cmds)+1, createdBy(cmd)))
		if err := b.step(ctx, s, i, step, cmd); err != nil {
			ln := line(cmd)
			if j < ntrig { // a trigger fails on the FROM line
				ln = firstLine(st.Location)
			}
			return nil, &LineError{File: b.df.Name, Line: ln, Op: strings.ToUpper(cmd.Name()), Err: err}
		}
	}
	b.stages[i] = s
	return s, nil
}

func stageLabel(st *instructions.Stage) string {
	if st.Name != "" {
		return st.Name + " "
	}
	return ""
}

// from starts stage i from scratch, an earlier stage or an image.
func (b *builder) from(ctx context.Context, i int, st *instructions.Stage) (*state, error) {
	g := &state{args: b.o.globals}
	base, _, err := b.lex.ProcessWord(st.BaseName, g.env())
	if err != nil {
		return nil, err
	}
	pf, _, err := b.lex.ProcessWord(st.Platform, g.env())
	if err != nil {
		return nil, err
	}
	if err := CheckPlatform(pf); err != nil {
		return nil, err
	}
	step := b.p.start(fmt.Sprintf("[%s1/%d] FROM %s", stageLabel(st), len(st.Commands)+1, base))
	defer b.p.done(step)
	if k, ok := b.df.StageIndex(base); ok && b.df.Stages[k].Name != "" {
		if k >= i {
			return nil, fmt.Errorf("stage %q is not defined before it is used", base)
		}
		prev, err := b.stage(ctx, k)
		if err != nil {
			return nil, err
		}
		s := prev.clone()
		s.cmdSet = false
		s.cfg.Config.OnBuild = nil // a stage's own triggers are for images built FROM the result
		return s, nil
	}
	if base == "scratch" {
		pf := image.HostPlatform()
		s := &state{args: map[string]string{}, key: "scratch"}
		s.cfg = v1.ConfigFile{OS: pf.OS, Architecture: pf.Architecture, Config: v1.Config{Env: []string{defaultPath}}}
		return s, nil
	}
	img, err := b.baseImage(ctx, base)
	if err != nil {
		return nil, err
	}
	layers, err := b.baseLayers(img)
	if err != nil {
		return nil, err
	}
	return &state{cfg: *img.Config.DeepCopy(), layers: layers, key: img.ID, image: img.ID, args: map[string]string{}}, nil
}

// defaultPath is the PATH a scratch stage starts with, as Docker's.
const defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// baseImage finds a base image in the store, pulling it when missing or
// with --pull.
func (b *builder) baseImage(ctx context.Context, ref string) (*image.Image, error) {
	full, err := image.Normalize(ref)
	if err != nil {
		return nil, err
	}
	img, err := b.d.Store.Resolve(full)
	if err == nil && !b.o.Pull {
		return img, nil
	}
	if b.d.Pull == nil {
		if err != nil {
			return nil, err
		}
		return img, nil
	}
	if perr := b.d.Pull(ctx, ref); perr != nil {
		return nil, fmt.Errorf("pull %s: %w", ref, perr)
	}
	return b.d.Store.Resolve(full)
}

func firstLine(loc []parserRange) int {
	if len(loc) > 0 {
		return loc[0].Start.Line
	}
	return 0
}

// onBuildTriggers parses the base image's ONBUILD instructions, which run
// first in a stage built FROM it, as Docker runs them.
func onBuildTriggers(s *state) ([]instructions.Command, error) {
	var out []instructions.Command
	for _, trig := range s.cfg.Config.OnBuild {
		res, err := parser.Parse(strings.NewReader(trig))
		if err != nil {
			return nil, fmt.Errorf("trigger %q: %w", trig, err)
		}
		for _, n := range res.AST.Children {
			c, err := instructions.ParseCommand(n)
			if err != nil {
				return nil, fmt.Errorf("trigger %q: %w", trig, err)
			}
			switch strings.ToUpper(c.Name()) {
			case "ONBUILD", "FROM", "MAINTAINER":
				return nil, fmt.Errorf("trigger %q: %s is not allowed as an ONBUILD trigger", trig, strings.ToUpper(c.Name()))
			}
			out = append(out, c)
		}
	}
	return out, nil
}
