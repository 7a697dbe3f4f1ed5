package build

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// copyArgs is COPY or ADD, expanded.
type copyArgs struct {
	add                     bool
	srcs                    []string
	dest                    string
	from, chown, chmod, sum string
	code, unsupported       string
}

func copyArgsOf(x *instructions.CopyCommand) copyArgs {
	a := copyArgs{srcs: x.SourcePaths, dest: x.DestPath, from: x.From, chown: x.Chown, chmod: x.Chmod, code: x.String()}
	switch {
	case len(x.SourceContents) > 0:
		a.unsupported = "heredocs"
	case len(x.ExcludePatterns) > 0:
		a.unsupported = "COPY --exclude"
	case x.Parents:
		a.unsupported = "COPY --parents"
	}
	return a
}

func addArgsOf(x *instructions.AddCommand) copyArgs {
	a := copyArgs{add: true, srcs: x.SourcePaths, dest: x.DestPath, chown: x.Chown, chmod: x.Chmod, sum: x.Checksum, code: x.String()}
	switch {
	case len(x.SourceContents) > 0:
		a.unsupported = "heredocs"
	case len(x.ExcludePatterns) > 0:
		a.unsupported = "ADD --exclude"
	case x.Unpack != nil:
		a.unsupported = "ADD --unpack"
	}
	return a
}

// group is what one source brings: files to copy, or a tar to extract.
type group struct {
	files   []srcFile
	archive bool
}

// copyStep is COPY and ADD: sources are collected (and hashed for the
// cache key), then copied into the stage's merged root in a mount
// namespace of the build's own; the upper dir becomes the layer.
func (b *builder) copyStep(ctx context.Context, s *state, i, step int, a copyArgs) error {
	if a.unsupported != "" {
		return fmt.Errorf("%s not supported by tent build yet", a.unsupported)
	}
	if a.sum != "" && !allURLs(a.srcs) {
		return fmt.Errorf("--checksum is only for URL sources")
	}
	chmod, err := parseChmod(a.chmod)
	if err != nil {
		return err
	}
	dest := s.abs(a.dest)
	destDir := strings.HasSuffix(a.dest, "/") || a.dest == "." || strings.HasSuffix(a.dest, "/.") || len(a.srcs) > 1
	from, content, groups, err := b.sources(ctx, s, i, a)
	if err != nil {
		return err
	}
	by := a.code
	s.chain(by, jsonString([]string{a.chown, a.chmod, dest, strconv.FormatBool(destDir)}), content)
	if b.hit(s, step, by) {
		return nil
	}
	upper, err := b.fileOp(s, from, func(fo *fileOpEnv) error {
		if from != nil {
			if groups, err = fo.from.collectAll(a.srcs); err != nil {
				return err
			}
		}
		o, err := fo.copyOpts(a.chown, chmod)
		if err != nil {
			return err
		}
		return fo.apply(ctx, groups, dest, destDir, o)
	})
	if err != nil {
		return err
	}
	return b.commitStep(ctx, s, step, upper, by)
}

// sources resolves where a COPY reads from: the context (collected and
// hashed here), or another stage or an image (layer dirs; collected in
// the mount namespace, keyed by the stage's chain key or the image id).
func (b *builder) sources(ctx context.Context, s *state, i int, a copyArgs) ([]string, string, []group, error) {
	if a.from == "" {
		groups, err := b.contextGroups(ctx, a)
		if err != nil {
			return nil, "", nil, err
		}
		key, err := hashGroups(groups)
		return nil, key, groups, err
	}
	if k, ok := b.df.StageIndex(a.from); ok {
		if k >= i {
			return nil, "", nil, fmt.Errorf("--from=%s: a stage can only copy from stages before it", a.from)
		}
		fs, err := b.stage(ctx, k)
		if err != nil {
			return nil, "", nil, err
		}
		return b.nonEmpty(b.layerDirs(fs)), "stage:" + fs.key, nil, nil
	}
	img, err := b.baseImage(ctx, a.from)
	if err != nil {
		return nil, "", nil, fmt.Errorf("--from=%s: %w", a.from, err)
	}
	dirs := make([]string, len(img.DiffIDs))
	for j, d := range img.DiffIDs {
		dirs[j] = b.d.Store.LayerDir(d)
	}
	return b.nonEmpty(dirs), "image:" + img.ID, nil, nil
}

// nonEmpty gives a scratch stage an empty layer to mount.
func (b *builder) nonEmpty(dirs []string) []string {
	if len(dirs) == 0 {
		return []string{path.Join(b.tmp, "empty")}
	}
	return dirs
}

func hashGroups(groups []group) (string, error) {
	var parts []string
	for _, g := range groups {
		if len(g.files) == 0 {
			continue
		}
		h, err := g.files[0].src.hash(g.files)
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("%v:%s", g.archive, h))
	}
	return strings.Join(parts, ","), nil
}

func parseChmod(s string) (*uint32, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseUint(s, 8, 32)
	if err != nil || n > 0o7777 {
		return nil, fmt.Errorf("invalid --chmod=%s: want an octal mode such as 755", s)
	}
	m := uint32(n)
	return &m, nil
}

func allURLs(srcs []string) bool {
	for _, s := range srcs {
		if !isURL(s) {
			return false
		}
	}
	return true
}

func isURL(s string) bool { return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") }
