// Command tent-runc is tent's runtime behind runc's command line, so that
// containerd's shim, podman's conmon (and through containerd's CRI plugin,
// Kubernetes) can run containers with it: create, start, run, state, kill,
// delete, exec, ps, list, pause, resume, update, events, features, spec.
//
// One file per subcommand, each thin: its flags, then calls into runtime/
// (internal/spec only for `spec`); nothing of tent's engine is linked. The
// flags are parsed with pflag alone (cli.go): cobra's package inits and
// command tree would be paid by every `tent-runc create` and `run`.
// Container state lives in --root/<id>/ (default /run/tent-runc).
package main
