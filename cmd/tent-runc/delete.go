package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/runtime"
)

func deleteCmd() *command {
	var force bool
	return &command{
		name: "delete", aliases: []string{"rm"}, usage: "[--force] <container-id>", minArgs: 1, maxArgs: 1,
		short: "delete a stopped container (--force: a created, running or paused one too)",
		flags: func(f *pflag.FlagSet) { f.BoolVarP(&force, "force", "f", false, "kill a running container first") },
		run: func(g *globals, args []string) error {
			rt, c, err := loadContainer(g, args[0])
			if err == nil {
				return deleteContainer(c, force)
			}
			if rt == nil {
				if rt, err = g.runtime(); err != nil {
					return err
				}
			}
			return deleteGone(g, rt, args[0], force)
		},
	}
}

// deleteGone is delete of a container with no state.json: what a create
// that died half-way may have left (its dir, its cgroup) is removed, and
// with --force that is no error, as runc does.
func deleteGone(g *globals, rt *runtime.Runtime, id string, force bool) error {
	if _, err := rt.Load(id); !errors.Is(err, runtime.ErrNotExist) {
		return err // invalid id
	}
	dir := filepath.Join(g.root, id)
	_, statErr := os.Stat(dir)
	if err := rt.RemoveCgroup(id); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	if force || statErr == nil {
		return nil
	}
	return fmt.Errorf("container %q does not exist", id)
}

// deleteContainer refuses, without --force, a container that is not
// stopped, and leaves it as it is (the runtime-spec's delete; runc 1.1
// deletes a created one).
func deleteContainer(c runtime.Container, force bool) error {
	if !force {
		st, err := c.State()
		if err != nil {
			return err
		}
		if st.Status != specs.StateStopped {
			return fmt.Errorf("cannot delete container %s that is not stopped: %s", c.ID(), st.Status)
		}
	}
	return c.Delete(force)
}
