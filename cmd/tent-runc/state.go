package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/tent-dev/tent/runtime"
)

func stateCmd() *command {
	return &command{
		name: "state", usage: "<container-id>", minArgs: 1, maxArgs: 1,
		short: "print a container's state as JSON",
		run: func(g *globals, args []string) error {
			_, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			st, err := runcState(g, c)
			if err != nil {
				return err
			}
			b, err := json.MarshalIndent(st, "", "  ")
			if err != nil {
				return fmt.Errorf("encode state: %w", err)
			}
			fmt.Fprintln(os.Stdout, string(b))
			return nil
		},
	}
}

// containerState is runc's `state` JSON (and one entry of `list --format
// json`): the OCI state with the rootfs, the creation time and the owner.
type containerState struct {
	OCIVersion  string            `json:"ociVersion"`
	ID          string            `json:"id"`
	Pid         int               `json:"pid"`
	Status      string            `json:"status"`
	Bundle      string            `json:"bundle"`
	Rootfs      string            `json:"rootfs"`
	Created     time.Time         `json:"created"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Owner       string            `json:"owner"`
}

func runcState(g *globals, c runtime.Container) (*containerState, error) {
	d, err := runtime.Describe(c)
	if err != nil {
		return nil, err
	}
	return &containerState{
		OCIVersion: d.State.Version, ID: d.State.ID, Pid: d.State.Pid, Status: string(d.State.Status),
		Bundle: d.State.Bundle, Rootfs: d.Rootfs, Created: d.Created, Annotations: d.State.Annotations,
		Owner: owner(filepath.Join(g.root, c.ID())),
	}, nil
}

// owner is the user owning the container's state dir, as runc shows it.
func owner(dir string) string {
	fi, err := os.Stat(dir)
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	uid := strconv.FormatUint(uint64(st.Uid), 10)
	if u, err := user.LookupId(uid); err == nil {
		return u.Username
	}
	return "#" + uid
}
