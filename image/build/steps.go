package build

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/tent-dev/tent/rootfs/layerdiff"
)

// step runs one instruction of stage i on s.
func (b *builder) step(ctx context.Context, s *state, i, step int, cmd instructions.Command) error {
	if _, isRun := cmd.(*instructions.RunCommand); !isRun {
		if err := b.expand(s, cmd); err != nil {
			return err
		}
	}
	switch x := cmd.(type) {
	case *instructions.RunCommand:
		return b.run(ctx, s, step, x)
	case *instructions.CopyCommand:
		return b.copyStep(ctx, s, i, step, copyArgsOf(x))
	case *instructions.AddCommand:
		return b.copyStep(ctx, s, i, step, addArgsOf(x))
	case *instructions.WorkdirCommand:
		return b.workdir(ctx, s, step, x)
	}
	ok, err := applyMeta(s, cmd, b.o)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s is not supported by tent build", strings.ToUpper(cmd.Name()))
	}
	by := createdBy(cmd)
	s.chain(by)
	s.history(by, true, b.now)
	b.p.done(step)
	return nil
}

// hit takes the step's layer from the cache when it has it.
func (b *builder) hit(s *state, step int, by string) bool {
	if b.o.NoCache {
		return false
	}
	e, ok := b.cache.get(s.key)
	if !ok {
		return false
	}
	s.pushLayer(e.Layer, by, b.now)
	s.image = ""
	if e.Image != "" {
		if img, err := b.d.Store.Resolve(e.Image); err == nil && len(img.DiffIDs) == len(s.layers) {
			s.image = e.Image
		}
	}
	b.p.cached(step)
	return true
}

// ensureImage makes sure an image with exactly s's layers is in the store
// (a RUN starts its container from it).
func (b *builder) ensureImage(ctx context.Context, s *state) error {
	if s.image != "" {
		return nil
	}
	if len(s.layers) == 0 {
		return fmt.Errorf("the stage has no files yet (FROM scratch): there is nothing to run")
	}
	img, err := b.storeImage(ctx, s, nil, true, nil)
	if err != nil {
		return err
	}
	s.image = img.ID
	return nil
}

// run is RUN: a container of the stage's image runs the command; its
// upper dir becomes the layer.
func (b *builder) run(ctx context.Context, s *state, step int, x *instructions.RunCommand) error {
	if len(x.FlagsUsed) > 0 {
		return fmt.Errorf("RUN --%s is not supported by tent build yet", x.FlagsUsed[0])
	}
	cl, err := heredocCmdLine(x.ShellDependantCmdLine)
	if err != nil {
		return err
	}
	args := s.command(cl)
	by := "RUN " + strings.Join(args, " ") + " # buildkit"
	user, wd := s.cfg.Config.User, s.cfg.Config.WorkingDir
	s.chain("RUN", jsonString(args), jsonString(s.runEnv()), user, wd)
	if b.hit(s, step, by) {
		return nil
	}
	if err := b.ensureImage(ctx, s); err != nil {
		return err
	}
	if user == "" {
		user = "0"
	}
	if wd == "" {
		wd = "/"
	}
	out, closeOut, err := b.p.output(step)
	if err != nil {
		return err
	}
	upper, cleanup, err := b.d.Run.Run(ctx, RunRequest{Image: s.image, Args: args, Env: s.runEnv(),
		User: user, Workdir: wd, Network: b.o.Network, Out: out})
	closeOut()
	if cleanup != nil {
		defer cleanup()
	}
	if err != nil {
		return err
	}
	return b.commitStep(ctx, s, step, upper, by)
}

// commitStep stores upper as the step's layer and caches it.
func (b *builder) commitStep(ctx context.Context, s *state, step int, upper, by string) error {
	e, err := b.addLayer(ctx, s, upper, by)
	if err != nil {
		return err
	}
	if err := b.cache.put(s.key, e); err != nil {
		return err
	}
	b.p.done(step)
	return nil
}

// workdir is WORKDIR: the config's working dir, and the dir itself when
// the layers lack it (a small layer, as buildkit makes).
func (b *builder) workdir(ctx context.Context, s *state, step int, x *instructions.WorkdirCommand) error {
	wd := s.abs(x.Path)
	s.cfg.Config.WorkingDir = wd
	by := "WORKDIR " + wd
	s.chain(by)
	found, err := layerdiff.ExistsInLayers(b.layerDirs(s))(strings.TrimPrefix(wd, "/"))
	if err != nil || found || wd == "/" {
		s.history(by, true, b.now)
		b.p.done(step)
		return err
	}
	if b.hit(s, step, by) {
		return nil
	}
	upper, err := b.fileOp(s, nil, func(fo *fileOpEnv) error {
		return mkdirOwned(fo.root, wd, 0o755, 0, 0)
	})
	if err != nil {
		return err
	}
	return b.commitStep(ctx, s, step, upper, by)
}

func (b *builder) layerDirs(s *state) []string {
	out := make([]string, len(s.layers))
	for i, l := range s.layers {
		out[i] = b.d.Store.LayerDir(l.DiffID)
	}
	return out
}

// newStepDir makes a fresh dir for one step's upper, work and mount points.
func (b *builder) newStepDir() (string, error) {
	d, err := os.MkdirTemp(b.tmp, "step-")
	if err != nil {
		return "", fmt.Errorf("step dir: %w", err)
	}
	for _, sub := range []string{"upper", "work", "root", "from", "empty"} {
		if err := os.Mkdir(path.Join(d, sub), 0o755); err != nil {
			return "", fmt.Errorf("step dir: %w", err)
		}
	}
	return d, nil
}

// heredocCmdLine turns a RUN with heredocs into a shell command line, as
// buildkit does: a lone heredoc's content is the script; otherwise the
// heredocs are put back after the line for the shell to read.
func heredocCmdLine(cl instructions.ShellDependantCmdLine) (instructions.ShellDependantCmdLine, error) {
	if len(cl.Files) == 0 {
		return cl, nil
	}
	if len(cl.CmdLine) != 1 || !cl.PrependShell {
		return cl, fmt.Errorf("a heredoc needs the shell form of RUN")
	}
	out := instructions.ShellDependantCmdLine{PrependShell: true}
	if h := parser.MustParseHeredoc(cl.CmdLine[0]); h != nil {
		data := cl.Files[0].Data
		if cl.Files[0].Chomp {
			data = parser.ChompHeredocContent(data)
		}
		if strings.HasPrefix(data, "#!") {
			return cl, fmt.Errorf("a heredoc script with #! is not supported by tent build yet")
		}
		out.CmdLine = []string{data}
		return out, nil
	}
	var b strings.Builder
	b.WriteString(cl.CmdLine[0])
	for _, f := range cl.Files {
		b.WriteByte('\n')
		b.WriteString(f.Data)
		b.WriteString(f.Name)
	}
	out.CmdLine = []string{b.String()}
	return out, nil
}
