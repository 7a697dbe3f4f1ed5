// Package ipam plans IPv4 addresses: which subnet a new network gets and
// which address a new container gets. It is pure: callers pass in what is
// taken (host routes, other networks, current leases) and persist the result.
// No syscalls.
package ipam
