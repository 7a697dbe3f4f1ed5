// Package testutil holds what tests of several packages share; only
// _test.go files import it. RequireRoot is the one way a test that needs
// root (mounts, namespaces, cgroups, nftables, chown) skips without it:
// it reads the effective uid (geteuid(2)).
package testutil
