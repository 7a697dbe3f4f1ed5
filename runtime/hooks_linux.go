package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// hookKind names an OCI hook list. The runtime runs the ones that run in
// its own namespaces: createRuntime (and the deprecated prestart) after the
// init is set up and before Create returns, poststart after Start,
// poststop after Delete. createContainer and startContainer (run inside the
// container) are not supported yet.
type hookKind string

const (
	hookPrestart      hookKind = "prestart"
	hookCreateRuntime hookKind = "createRuntime"
	hookPoststart     hookKind = "poststart"
	hookPoststop      hookKind = "poststop"
)

// runHookKinds are the kinds the runtime runs, in the spec's order.
var runHookKinds = []hookKind{hookPrestart, hookCreateRuntime, hookPoststart, hookPoststop}

func hooksOf(h *specs.Hooks, k hookKind) []specs.Hook {
	if h == nil {
		return nil
	}
	switch k {
	case hookPrestart:
		//lint:ignore SA1019 runtime-spec deprecates prestart but runtimes must still run it; tent never writes it
		return h.Prestart
	case hookCreateRuntime:
		return h.CreateRuntime
	case hookPoststart:
		return h.Poststart
	case hookPoststop:
		return h.Poststop
	}
	return nil
}

// runHooks runs the hooks of kind k in order, each with the container's
// OCI state on stdin; the first failure stops them.
func runHooks(h *specs.Hooks, k hookKind, st *specs.State) error {
	hooks := hooksOf(h, k)
	if len(hooks) == 0 {
		return nil
	}
	state, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("%s hook: encode state: %w", k, err)
	}
	for _, hk := range hooks {
		if err := runHook(hk, state); err != nil {
			return fmt.Errorf("%s hook %s: %w", k, hk.Path, err)
		}
	}
	return nil
}

func runHook(h specs.Hook, state []byte) error {
	ctx := context.Background()
	if h.Timeout != nil && *h.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(*h.Timeout)*time.Second)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, h.Path)
	if len(h.Args) > 0 {
		cmd.Args = h.Args
	}
	cmd.Env = h.Env
	if cmd.Env == nil {
		cmd.Env = []string{}
	}
	var out bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(state), &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s", err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}
