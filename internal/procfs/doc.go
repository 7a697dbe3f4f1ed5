// Package procfs reads /proc/<pid>/stat: ParseStat is the pure parser (the
// comm field may hold spaces and parentheses, so the fields are counted
// after its last ')'), ReadStat the read(2) of the file around it. A pid
// with its start time names one process for good, across pid reuse:
// Signal signals exactly that process, through pidfd_open(2) and
// pidfd_send_signal(2) (kill(2) after a check on kernels before 5.3).
package procfs
