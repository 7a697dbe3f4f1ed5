// Command tent is a daemonless container engine: images, containers,
// networks, with Docker's command line. Each command has its file (run.go,
// ps.go, ...) and goes through the engine (internal/engine); the commands
// lay out Docker's tables themselves (format.go), sizes and durations with
// go-units.
//
// main.go also dispatches tent's own re-execs before cobra starts: the
// container's init (runtime.InitArg), a detached run's monitor
// (engine.MonitorArg) and the --init reaper (reaper). tent makes few
// syscalls itself: execve(2) of tent-image for pull, push, login, logout, load, save and
// commit (helper.go), so that tent starts without the registry, archive and
// progress-bar code's package inits.
package main
