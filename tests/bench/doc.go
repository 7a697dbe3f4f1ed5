// Command bench measures tent against its peers, side by side in one run, and
// prints one table of medians and p90s, then ratios. `make bench` runs it as
// root (`go run ./tests/bench [-n 30] [-run REGEXP] [-v]`).
//
// # Adding contenders
//
// Each part adds its own file to this package (pull.go, runtime.go, detach.go,
// network.go) and registers in init:
//
//	func init() {
//		benches = append(benches, bench{name: "tent exec", group: "exec", setup: setupTentExec()})
//		ratios = append(ratios, [2]string{"tent exec", "crun exec"})
//	}
//
// setup runs once, untimed, and returns a runner, or skipf(...) to skip the
// contender with a note in the table (peer not installed). The runner's run(i)
// is the timed part; prepare(i) and after(i) are untimed and run around it:
// give every run a fresh directory where it writes files (ext4 delays inode
// reuse, so deleting and rewriting one dir measures that, not the contender),
// and delete in after(i). close() runs once at the end; explain() may return a
// text printed under the table (e.g. a per-step breakdown of one run).
//
// The env e has what contenders share: e.tentBin(), e.tentCmd(args...) with the
// bench store, e.archive() (a busybox docker-archive made by tent-mkimage),
// e.image() (the same loaded into the bench store), e.bundle() (an
// equivalent busybox OCI bundle running /bin/true), e.dir(name) for a fresh
// temp dir, and e.v1() to run a command where crun works on a hybrid
// cgroup host (a private mount namespace without /sys/fs/cgroup/unified).
package main
