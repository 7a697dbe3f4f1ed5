package build

import (
	"context"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"

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
	for j, cmd := range st.Commands {
		step := b.p.start(fmt.Sprintf("[%s%d/%d] %s", stageLabel(st), j+2, len(st.Commands)+1, createdBy(cmd)))
		if err := b.step(ctx, s, i, step, cmd); err != nil {
			return nil, &LineError{File: b.df.Name, Line: line(cmd), Op: strings.ToUpper(cmd.Name()), Err: err}
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
	s := &state{cfg: *img.Config.DeepCopy(), layers: layers, key: img.ID, image: img.ID, args: map[string]string{}}
	s.cfg.Config.OnBuild = nil
	return s, nil
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
