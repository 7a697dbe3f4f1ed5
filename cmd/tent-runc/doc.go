// Command tent-runc is tent's runtime behind runc's command line, so that
// containerd's shim, podman's conmon (and through containerd's CRI plugin,
// Kubernetes) can run containers with it: create, start, run, state, kill,
// delete, exec, ps, list, pause, resume, update, events, features, spec.
//
// One file per subcommand, each thin: its flags, then calls into runtime/
// (internal/spec/runcspec for `spec`); nothing of tent's engine is linked.
// What every command pays at start is kept small: the flags are parsed
// with pflag alone (cli.go), not cobra, and no package that compiles a
// regexp or links image code at init is imported (internal/spec,
// go-units).
// Container state lives in --root/<id>/ (default /run/tent-runc).
package main
