package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

// freezingRuntime is the fake runtime with a freezer that logs.
type freezingRuntime struct {
	*fakeRuntime
	calls []string
}

func (f *freezingRuntime) Freeze(id string) error { f.calls = append(f.calls, "freeze"); return nil }
func (f *freezingRuntime) Thaw(id string) error   { f.calls = append(f.calls, "thaw"); return nil }

// TestCommitDiff: diff and commit of a container's upper dir; a symlink
// to a host file is kept as a symlink, the file's content stays out.
func TestCommitDiff(t *testing.T) {
	testutil.RequireRoot(t, "unpacking the committed layer chowns its files")
	env := newTestEnv(t)
	fr := &freezingRuntime{fakeRuntime: env.rt}
	env.e.Runtime = fr
	img := env.addImage(t, "t/base:1", v1.Config{Cmd: []string{"sh"}})
	rec := env.addRecord(t, img, RunOptions{Image: "t/base:1", Cmd: []string{"sleep", "9"}},
		container.State{Status: container.StatusRunning, Pid: sleeper(t)})
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("host secret"), 0o600)
	upper := env.e.Layout.UpperDir(rec.ID)
	os.MkdirAll(filepath.Join(upper, "d"), 0o755)
	os.WriteFile(filepath.Join(upper, "d", "new"), []byte("hi"), 0o644)
	if err := os.Symlink(secret, filepath.Join(upper, "leak")); err != nil {
		t.Fatal(err)
	}

	changes, err := env.e.Diff(rec.Name)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.String())
	}
	if strings.Join(got, ",") != "A /d,A /d/new,A /leak" {
		t.Errorf("diff: %q", got)
	}

	if _, err := env.e.Commit(t.Context(), rec.ID, CommitOptions{Changes: []string{"FROM x"}, Pause: true, Gzip: compression.GzipWriter}); err == nil || len(fr.calls) != 0 {
		t.Errorf("bad change: %v, runtime calls %v", err, fr.calls)
	}
	out, err := env.e.Commit(t.Context(), rec.ID, CommitOptions{Ref: "t/c:1", Message: "m", Author: "a", Gzip: compression.GzipWriter,
		Changes: []string{"ENV A=1"}, Pause: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fr.calls, []string{"freeze", "thaw"}) {
		t.Errorf("runtime calls %v, want freeze, thaw", fr.calls)
	}
	h := out.Config.History[len(out.Config.History)-1]
	if len(out.DiffIDs) != 1 || out.Names[0] != "docker.io/t/c:1" || !slices.Contains(out.Config.Config.Env, "A=1") ||
		h.CreatedBy != "sleep 9" || h.Comment != "m" || h.Author != "a" {
		t.Errorf("committed image %+v", out)
	}
	layer := env.e.Images.LayerDir(out.DiffIDs[0])
	if b, err := os.ReadFile(filepath.Join(layer, "d", "new")); err != nil || string(b) != "hi" {
		t.Errorf("layer d/new: %q %v", b, err)
	}
	if target, err := os.Readlink(filepath.Join(layer, "leak")); err != nil || target != secret {
		t.Errorf("layer leak: %q %v, want a symlink to %s", target, err, secret)
	}
	fr.calls = nil
	if _, err := env.e.Commit(t.Context(), rec.ID, CommitOptions{Gzip: compression.GzipWriter}); err != nil || len(fr.calls) != 0 {
		t.Errorf("commit without pause: %v, runtime calls %v", err, fr.calls)
	}
	env.e.Containers.Update(rec.ID, func(r *container.Record) error { r.State.Paused = true; return nil })
	if _, err := env.e.Commit(t.Context(), rec.ID, CommitOptions{Pause: true, Gzip: compression.GzipWriter}); err != nil || len(fr.calls) != 0 {
		t.Errorf("commit of a paused container: %v, runtime calls %v (it must stay frozen)", err, fr.calls)
	}
	tmp, _ := os.ReadDir(filepath.Join(env.e.Images.Root(), "tmp"))
	if len(tmp) != 0 {
		t.Errorf("left in the store's tmp: %v", tmp)
	}
}
