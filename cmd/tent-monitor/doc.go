// Command tent-monitor is the lean monitor of a detached container (tent
// run -d): tent starts it, found beside itself, as `tent-monitor
// __tent_monitor --tent PATH --root R --state S ID`. It links only what
// monitoring needs (package monitor: logs, exit status, restart and health
// policy, events); the container's setup and teardown and the health
// probes are tent itself, executed as helpers. Check with
// `go list -deps ./cmd/tent-monitor`: no cobra, logrus, netlink, nftables,
// go-containerregistry, runtime, and no net or crypto (their package inits
// and data would be paid by every detached container).
package main
