// Command tent-init is the lean binary the runtime re-execs as a container's
// init and as exec's stage-2 when it is installed beside tent. It links only
// the runtime, so it starts faster than tent itself; tent works without it.
// Its syscalls are the runtime's init's (runtime.Init).
package main
