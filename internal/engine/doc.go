// Package engine is `tent run` and friends: it turns an image and the
// user's flags into a running container, and cleans up after it.
//
// # The foreground run, step by step (Engine.Run)
//
//  1. Signals first. SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2 and SIGWINCH
//     are caught before anything is made: a Ctrl-C during setup cancels it
//     (a pull, the network) and still leads to a full teardown.
//  2. Image. image.Store.Resolve finds the image by name or id; when it is
//     missing tent says "Unable to find image 'x' locally" and pulls it.
//  3. Record. container.Store.Create gives the container its 64-hex id, a
//     name and its dir <root>/containers/<id>/.
//  4. Network, in the background. For the bridge (default) or a named
//     network, network.Manager.Attach makes a netns with a veth, an address
//     and NAT in a goroutine while the next step runs. --network none does
//     nothing here: the runtime makes a fresh netns with only lo up.
//  5. Plan, in pure code. The image's /etc/passwd and /etc/group are read
//     straight from the unpacked layers (rootfs.ReadFileFromLayers: no
//     mount, symlinks resolved inside the merged view) to resolve -u.
//     upper/ and work/ are made and the overlay is planned (rootfs.Overlay)
//     onto <state>/rootfs, one empty dir shared by all containers: each
//     mounts it only in its own mount namespace. Above the image's layers
//     sits tent's init layer (initlayer.go) with the mount points the
//     runtime needs, so it never creates them in the upper dir. Then the
//     network is joined, /etc/hostname, /etc/hosts and /etc/resolv.conf are
//     written (loopback resolvers dropped), and Spec builds the OCI spec
//     with package spec (internal/spec): args (Docker's Entrypoint/Cmd
//     rules), env, user, cwd, Docker's 14 capabilities, masked and
//     read-only /proc paths, devices and their cgroup rules, mounts, -v
//     binds, cgroup limits, namespaces, RLIMIT_NOFILE, the terminal. It does
//     no I/O at all, so it is unit-tested without root, against golden
//     config.json files.
//  6. Create. runtime.Create re-execs tent as the container's init in new
//     namespaces and a cgroup; the init mounts the overlay inside its own
//     mount namespace (nothing is mounted on the host), pivots into it and
//     waits. With -t the runtime hands back the pty master. Meanwhile
//     config.json is written in the background (for exec and inspect).
//  7. Start and wait. The init execs the command. tent forwards signals to
//     it, copies the pty (raw mode, SIGWINCH resizes) and waits.
//  8. Exit code, as Docker: the command's own; 125 tent failed; 126 cannot
//     invoke; 127 not found; 128+N killed by signal N (137 also for OOM).
//  9. Teardown, on every path (success, failure half-way, Ctrl-C): the
//     runtime deletes the container (kills what is left, removes the cgroup
//     and its state), the network is detached, the terminal restored, and
//     the record is removed (--rm) or marked exited with its code. When the
//     container ended normally its namespaces are already gone, so the
//     runtime's cleanup runs side by side with the rest.
//
// --trace prints each step with its duration, the runtime's own steps
// included. --init binds the (static) tent binary read-only at /dev/init and
// runs it as PID 1 (package reaper): it forwards signals and reaps zombies.
//
// The engine reaches the runtime and the network through two small
// interfaces, Runtime and Network (*runtime.Runtime and *network.Manager),
// so that run, detach and the lifecycle are unit-tested with fakes.
package engine
