// Package testutil holds what tests of several packages share; only
// _test.go files import it. RequireRoot is the one way a test that needs
// root (mounts, namespaces, cgroups, nftables, chown) skips without it:
// it reads the effective uid (geteuid(2)). DebugLogger and Messages are
// the one logrus logger the packages' logging tests read back.
package testutil
