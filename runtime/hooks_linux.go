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

// hookKind names an OCI hook list. All six run, in the runtime-spec's
// order: the init stops after its mounts, before pivot_root ("hooks" on
// the sync socket); the parent runs prestart and createRuntime (runtime
// namespace), then the init runs createContainer (container namespaces,
// path resolved in the runtime's mount namespace, which it still sees) and
// pivots. After Start opens the exec fifo, the init runs startContainer
// (in the container) before it writes the byte Start waits for, so Start
// runs poststart after them (runc 1.1 runs poststart first); Delete runs
// poststop, where a failure is only a warning (runHooksWarn).
type hookKind string

const (
	hookPrestart        hookKind = "prestart"
	hookCreateRuntime   hookKind = "createRuntime"
	hookCreateContainer hookKind = "createContainer"
	hookStartContainer  hookKind = "startContainer"
	hookPoststart       hookKind = "poststart"
	hookPoststop        hookKind = "poststop"
)

// runHookKinds are the kinds the runtime runs, in the spec's order.
var runHookKinds = []hookKind{hookPrestart, hookCreateRuntime, hookCreateContainer, hookStartContainer,
	hookPoststart, hookPoststop}

// containerHooks are the hooks the init runs itself, with the state they
// get on stdin (parent → init with "hooks").
type containerHooks struct {
	CreateContainer []specs.Hook `json:"createContainer,omitempty"`
	StartContainer  []specs.Hook `json:"startContainer,omitempty"`
	State           []byte       `json:"state,omitempty"`
}

// needHookSync: the init must stop before pivot_root for the spec's hooks.
func needHookSync(h *specs.Hooks) bool {
	//lint:ignore SA1019 runtime-spec deprecates prestart but runtimes must still run it
	return h != nil && len(h.Prestart)+len(h.CreateRuntime)+len(h.CreateContainer)+len(h.StartContainer) > 0
}

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
	case hookCreateContainer:
		return h.CreateContainer
	case hookStartContainer:
		return h.StartContainer
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
	return runHookList(k, hooks, state)
}

// runHooksWarn runs every hook of kind k, each with st on stdin, and hands
// each failure to warn instead of stopping (poststop's rule).
func runHooksWarn(h *specs.Hooks, k hookKind, st *specs.State, warn func(error)) {
	hooks := hooksOf(h, k)
	if len(hooks) == 0 {
		return
	}
	state, err := json.Marshal(st)
	if err != nil {
		warn(fmt.Errorf("%s hook: encode state: %w", k, err))
		return
	}
	for _, hk := range hooks {
		if err := runHook(hk, state); err != nil {
			warn(fmt.Errorf("%s hook %s: %w", k, hk.Path, err))
		}
	}
}

// runHookList runs hooks in order with state (JSON) on stdin.
func runHookList(k hookKind, hooks []specs.Hook, state []byte) error {
	for _, hk := range hooks {
		if err := runHook(hk, state); err != nil {
			return fmt.Errorf("%s hook %s: %w", k, hk.Path, err)
		}
	}
	return nil
}

// runtimeHooks answers the init's "hooks": prestart and createRuntime run
// here, createContainer and startContainer go to the init with the state.
// Each gets status "created": the runtime-spec's lifecycle puts the hooks
// after step 2, the end of "creating" (runc 1.1 says "creating").
func (c *container) runtimeHooks() (*containerHooks, error) {
	created := c.st.ociState(specs.StateCreated)
	if err := runHooks(c.st.Hooks, hookPrestart, created); err != nil {
		return nil, err
	}
	if err := runHooks(c.st.Hooks, hookCreateRuntime, created); err != nil {
		return nil, err
	}
	h := &containerHooks{CreateContainer: c.st.Hooks.CreateContainer, StartContainer: c.st.Hooks.StartContainer}
	var err error
	if h.State, err = json.Marshal(created); err != nil {
		return nil, fmt.Errorf("hooks: encode state: %w", err)
	}
	return h, nil
}

// initHooks is the init's side of HookSync, before pivot_root: it asks
// the parent to run its hooks, runs createContainer, and returns what it
// must run after Start (startContainer).
func initHooks(sync *syncConn) (*containerHooks, error) {
	if err := sync.send(syncMsg{Type: syncHooks}, -1); err != nil {
		return nil, err
	}
	m, _, err := sync.recv()
	if err != nil {
		return nil, fmt.Errorf("hooks: %w", err)
	}
	if m.Type != syncHooks || m.Hooks == nil {
		return nil, fmt.Errorf("hooks: parent answered %q", m.Type)
	}
	if err := runHookList(hookCreateContainer, m.Hooks.CreateContainer, m.Hooks.State); err != nil {
		return nil, err
	}
	return m.Hooks, nil
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
		if msg := bytes.TrimSpace(out.Bytes()); len(msg) > 0 {
			return fmt.Errorf("%w: %s", err, msg)
		}
		return err
	}
	return nil
}
