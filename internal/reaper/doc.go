// Package reaper is `tent run --init`: a tiny PID 1 for the container. It
// starts the command, forwards every signal it gets to it, reaps every
// zombie (orphans are re-parented to PID 1) and exits with the command's
// status, 128+N when the command was killed by signal N.
//
// Syscalls: fork+execve (os/exec), rt_sigaction for every catchable signal
// (signal.Notify), kill(2) to forward them, wait4(-1) to reap every child.
package reaper
