// Package runcspec is the config.json `runc spec` writes (Default, and its
// rootless variant) and runc's default mounts, in runtime-spec types: what
// tent-runc's `spec` writes and what tests start from. A leaf (runtime-spec
// types only), apart from internal/spec so that tent-runc does not link
// internal/spec's image-config and unit-parsing dependencies, whose package
// inits every tent-runc run would pay. No syscalls.
package runcspec
