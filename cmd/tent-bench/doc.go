// Command tent-bench is tent's benchmark helper: `tent bench vm` execs
// `tent-bench [global flags] vm …`, which boots microVMs and starts
// containers with the same payload and reports their start times, memory
// and density (internal/vmbench). It is its own binary so that tent's run
// path carries none of it.
package main
